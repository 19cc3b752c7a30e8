"""Load the administrative division tree from the CSV shipped with the package."""

from __future__ import annotations

import csv
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "divisions_guangdong.csv"


def load(division_model) -> int:
    """Insert or update every row; parents first, materialized paths computed here."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: (len(r["code"]), r["code"]))
    paths: dict[str, str] = {}
    for row in rows:
        parent = row["parent_code"] or None
        if parent and parent not in paths:
            raise ValueError(f"division {row['code']}: parent {parent} is not in {DATA_FILE.name}")
        paths[row["code"]] = (paths[parent] if parent else "") + row["code"] + "/"
    existing = {d.code: d for d in division_model.objects.all()}
    new, changed = [], []
    for row in sorted(rows, key=lambda r: paths[r["code"]].count("/")):
        values = {
            "name": row["name"],
            "level": row["level"],
            "parent_id": row["parent_code"] or None,
            "path": paths[row["code"]],
        }
        current = existing.get(row["code"])
        if current is None:
            new.append(division_model(code=row["code"], **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            changed.append(current)
    division_model.objects.bulk_create(new)  # parents precede children in this order
    division_model.objects.bulk_update(changed, ["name", "level", "parent_id", "path"])
    return len(rows)
