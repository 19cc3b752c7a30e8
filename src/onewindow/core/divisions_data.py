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
    existing = set(division_model.objects.values_list("code", flat=True))
    for row in sorted(rows, key=lambda r: paths[r["code"]].count("/")):
        values = {
            "name": row["name"],
            "level": row["level"],
            "parent_id": row["parent_code"] or None,
            "path": paths[row["code"]],
        }
        if row["code"] in existing:
            division_model.objects.filter(code=row["code"]).update(**values)
        else:
            division_model.objects.create(code=row["code"], **values)
    return len(rows)
