"""Load the department tree from the YAML files shipped with the package.

``departments.yaml`` holds the province, the city and its departments; ``service_centres.yaml``
(generated from the division tree by ``tools/guangzhou_divisions.py``) the district governments,
the city, district and street/town service centres and the street offices; ``departments_en.yaml``
the English names and kinds of the rows of ``departments.yaml`` that do not state their own.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from onewindow.accounts import services
from onewindow.core.data_files import read_yaml

DATA_DIR = Path(__file__).parent / "data"
DATA_FILE = DATA_DIR / "departments.yaml"
CENTRES_FILE = DATA_DIR / "service_centres.yaml"
ENGLISH_FILE = DATA_DIR / "departments_en.yaml"


def _rows(path: Path) -> list[dict]:
    return read_yaml(path) or []


@transaction.atomic
def load(path: Path = DATA_FILE, *, centres: Path | None = CENTRES_FILE) -> int:
    """Create or update every department, parents first; one transaction."""
    english = _rows(ENGLISH_FILE) if path == DATA_FILE else {}
    files = [path] + ([centres] if centres and path == DATA_FILE else [])
    seen: set[str] = set()
    rows: dict[str, dict] = {}  # a code in both files: the later row wins, in the first place
    for source in files:
        for number, row in enumerate(_rows(source), start=1):
            missing = [key for key in ("code", "name", "division") if not row.get(key)]
            if missing:
                raise ValueError(f"{source.name} entry {number}: missing {', '.join(missing)}")
            parent = row.get("parent")
            if parent and parent not in seen:
                raise ValueError(
                    f"{source.name} entry {number} ({row['code']}): parent {parent} must come first"
                )
            rows[row["code"]] = {**rows.get(row["code"], english.get(row["code"], {})), **row}
            seen.add(row["code"])
    return services.load_departments(list(rows.values()))
