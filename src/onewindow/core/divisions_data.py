"""Load the administrative division tree from the CSV shipped with the package."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

DATA_FILE = Path(__file__).parent / "data" / "divisions_guangdong.csv"


def rows() -> list[dict]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load(division_model, *, prune: bool = False) -> int:
    """Insert or update every row; parents first, materialized paths computed here.

    With ``prune``, rows no longer in the file are deleted unless something refers to them.
    Works on historical models (a migration's model may not have ``name_en`` yet).
    """
    data = sorted(rows(), key=lambda r: (len(r["code"]), r["code"]))
    paths: dict[str, str] = {}
    for row in data:
        parent = row["parent_code"] or None
        if parent and parent not in paths:
            raise ValueError(f"division {row['code']}: parent {parent} is not in {DATA_FILE.name}")
        paths[row["code"]] = (paths[parent] if parent else "") + row["code"] + "/"
    has_english = any(f.name == "name_en" for f in division_model._meta.get_fields())
    fields = ["name", "level", "parent_id", "path"] + (["name_en"] if has_english else [])
    existing = {d.code: d for d in division_model.objects.all()}
    new, changed = [], []
    for row in sorted(data, key=lambda r: paths[r["code"]].count("/")):
        values = {
            "name": row["name"],
            "level": row["level"],
            "parent_id": row["parent_code"] or None,
            "path": paths[row["code"]],
        }
        if has_english:
            values["name_en"] = row.get("name_en", "")
        current = existing.get(row["code"])
        if current is None:
            new.append(division_model(code=row["code"], **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            changed.append(current)
    division_model.objects.bulk_create(new)  # parents precede children in this order
    division_model.objects.bulk_update(changed, fields)
    if prune:
        stale = sorted(set(existing) - set(paths), key=len, reverse=True)  # children first
        for code in stale:
            try:
                with transaction.atomic():
                    division_model.objects.filter(code=code).delete()
            except ProtectedError:
                pass  # still referenced: kept, visible in the admin
    return len(data)
