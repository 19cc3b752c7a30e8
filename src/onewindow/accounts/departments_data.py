"""Load the department tree from the YAML file shipped with the package."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from onewindow.accounts import services

DATA_FILE = Path(__file__).parent / "data" / "departments.yaml"


@transaction.atomic
def load(path: Path = DATA_FILE) -> int:
    """Create or update every department, parents first; one transaction."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        missing = [key for key in ("code", "name", "division") if not row.get(key)]
        if missing:
            raise ValueError(f"{path.name} entry {number}: missing {', '.join(missing)}")
        parent = row.get("parent")
        if parent and parent not in seen:
            raise ValueError(
                f"{path.name} entry {number} ({row['code']}): parent {parent} must come first"
            )
        services.upsert_department(
            code=row["code"],
            name=row["name"],
            division_code=str(row["division"]),
            parent_code=parent,
        )
        seen.add(row["code"])
    return len(rows)
