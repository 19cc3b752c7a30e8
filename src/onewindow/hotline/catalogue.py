"""Load the hotline's categories from ``data/categories.yaml``, strictly.

Every problem in the file is reported at once, each with its line and field, and nothing is
loaded until the whole file is right. Categories are matched by code, so loading again updates
them (an administrator's later edits in the admin are overwritten by the file).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.db import transaction

from onewindow.accounts.models import Department
from onewindow.core import audit
from onewindow.hotline.models import Category, LimitUnit

DATA_FILE = Path(__file__).parent / "data" / "categories.yaml"

REQUIRED = ("code", "name", "name_en", "group", "group_en", "department", "limit_unit", "limit")
FLAGS = ("needs_identity", "needs_location", "active")
KNOWN = {*REQUIRED, *FLAGS, "urgent_hours"}
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
MAX_LIMIT = {LimitUnit.HOURS: 24 * 30, LimitUnit.WORKING_DAYS: 60}


class CatalogueError(ValueError):
    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(f"{Path(path).name}: " + "; ".join(problems))


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _scalar(node, constructor: yaml.constructor.SafeConstructor) -> object:
    return constructor.construct_object(node, deep=True) if node is not None else None


def read(path: Path | str = DATA_FILE) -> list[dict]:
    """The file's rows, checked; raises ``CatalogueError`` listing every problem."""
    path = Path(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as error:
        raise CatalogueError(path, [f"not valid YAML: {error}"]) from error
    if root is None or not isinstance(root, yaml.SequenceNode):
        raise CatalogueError(path, ["line 1: the file must be a list of categories"])
    departments = set(Department.objects.values_list("code", flat=True))
    constructor = yaml.constructor.SafeConstructor()  # values as safe_load reads them
    problems: list[str] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(f"line {line}: each category is a mapping of fields")
            continue
        row, where = {}, {}
        for key_node, value_node in item.value:
            key = key_node.value
            where[key] = value_node.start_mark.line + 1
            if key not in KNOWN:
                problems.append(f"line {line}, field {key}: unknown field")
                continue
            row[key] = _scalar(value_node, constructor)

        def bad(field: str, why: str, row_line: int = line, at: dict = where) -> None:
            problems.append(f"line {at.get(field, row_line)}, field {field}: {why}")

        for field in REQUIRED:
            if row.get(field) in (None, ""):
                bad(field, "missing")
        code = row.get("code")
        if isinstance(code, str) and code:
            if not _CODE.match(code):
                bad("code", "use lowercase letters, digits and dashes (at most 32)")
            elif code in seen:
                bad("code", f"{code} is already used on line {seen[code]}")
            else:
                seen[code] = line
        for field, size in (("name", 64), ("name_en", 100), ("group", 32), ("group_en", 64)):
            value = row.get(field)
            if value not in (None, "") and (not isinstance(value, str) or len(value) > size):
                bad(field, f"a text of at most {size} characters")
        department = row.get("department")
        if department not in (None, "") and department not in departments:
            bad("department", f"no department {department} (load the departments first)")
        unit = row.get("limit_unit")
        if unit not in (None, "") and unit not in LimitUnit.values:
            bad("limit_unit", f"one of {', '.join(LimitUnit.values)}")
        for field in ("limit", "urgent_hours"):
            value = row.get(field)
            if value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                bad(field, "a whole number from 1")
            elif field == "limit" and unit in MAX_LIMIT and value > MAX_LIMIT[LimitUnit(unit)]:
                bad(field, f"at most {MAX_LIMIT[LimitUnit(unit)]} {unit}")
            elif field == "urgent_hours" and value > 24:
                bad(field, "at most 24: an urgent ticket is answered the same day")
        for field in FLAGS:
            if field in row and not isinstance(row[field], bool):
                bad(field, "true or false")
        rows.append(row)
    if problems:
        raise CatalogueError(path, problems)
    return rows


@transaction.atomic
def load(path: Path | str = DATA_FILE, *, actor=None) -> int:
    """Create or update every category of the file; one transaction, one audit entry."""
    rows = read(path)
    departments = {
        d.code: d for d in Department.objects.filter(code__in=[r["department"] for r in rows])
    }
    for order, row in enumerate(rows, start=1):
        Category.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row["name_en"],
                "group": row["group"],
                "group_en": row["group_en"],
                "department": departments[row["department"]],
                "limit_unit": row["limit_unit"],
                "limit": row["limit"],
                "urgent_hours": row.get("urgent_hours", 24),
                "needs_identity": row.get("needs_identity", False),
                "needs_location": row.get("needs_location", False),
                "active": row.get("active", True),
                "order": order,
            },
        )
    audit.record(
        "hotline.categories_loaded",
        object_type="hotline_categories",
        object_id=Path(path).name,
        actor=actor,
        data={"count": len(rows)},
    )
    return len(rows)
