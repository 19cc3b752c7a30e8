"""The departments' inspection-item lists (随机抽查事项清单), from ``data/inspection_items.yaml``
or another file of the same shape, read strictly before anything is written."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from onewindow.accounts.models import Department
from onewindow.core import audit
from onewindow.core.data_files import read_yaml
from onewindow.market.models import InspectionItem, Method

DEFAULT = Path(__file__).resolve().parent / "data" / "inspection_items.yaml"
REQUIRED = ("code", "name", "scope", "legal_basis", "method")


def department_rows(path: Path, key: str):
    """The rows under ``key`` of each department block of a YAML list (``- department: CODE``),
    as (department pk, code, row); unknown departments are reported in the second list."""
    blocks = read_yaml(path) or []
    codes = dict(Department.objects.values_list("code", "pk"))
    rows, problems = [], []
    for block in blocks:
        code = block.get("department") if isinstance(block, dict) else None
        if code not in codes:
            problems.append(f"{path.name}: department {code!r} is not known")
            continue
        for row in block.get(key) or []:
            rows.append((codes[code], code, row))
    return rows, problems


def read(path: Path = DEFAULT) -> list[tuple[int, dict]]:
    rows, problems = department_rows(path, "items")
    found = []
    for department_id, code, item in rows:
        missing = [k for k in REQUIRED if not str(item.get(k) or "").strip()]
        if missing:
            problems.append(f"{path.name}: {code} {item.get('code')!r}: {', '.join(missing)}")
        elif item["method"] not in Method.values:
            problems.append(f"{path.name}: {code} {item['code']}: method {item['method']!r}")
        else:
            found.append((department_id, item))
    if problems:
        raise ValidationError(problems)
    return found


@transaction.atomic
def load(path: Path = DEFAULT, *, actor=None) -> int:
    rows = read(path)
    for department_id, item in rows:
        InspectionItem.objects.update_or_create(
            department_id=department_id,
            code=item["code"],
            defaults={
                "name": item["name"],
                "name_en": item.get("name_en", ""),
                "scope": item["scope"],
                "scope_en": item.get("scope_en", ""),
                "legal_basis": item["legal_basis"],
                "legal_basis_en": item.get("legal_basis_en", ""),
                "method": item["method"],
                "active": True,
            },
        )
    audit.record(
        "market.items_loaded",
        object_type="inspection_items",
        object_id=path.name,
        actor=actor,
        data={"items": len(rows)},
    )
    return len(rows)
