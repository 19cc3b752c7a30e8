"""The agency codes and marks of the departments that issue 公文 (``data/agencies.yaml``)."""

from __future__ import annotations

from pathlib import Path

from onewindow.accounts.models import Department
from onewindow.core.data_files import read_yaml
from onewindow.office.models import DocumentAgency

DATA_FILE = Path(__file__).parent / "data" / "agencies.yaml"


def load(path: Path = DATA_FILE) -> int:
    """Create or update the agencies of the file whose departments exist; the count."""
    rows = read_yaml(path)
    departments = {
        d.code: d for d in Department.objects.filter(code__in=[r["department"] for r in rows])
    }
    count = 0
    for row in rows:
        department = departments.get(row["department"])
        if department is None:
            continue
        DocumentAgency.objects.update_or_create(
            department=department,
            defaults={"code": row["code"], "mark": row.get("mark") or f"{department.name}文件"},
        )
        count += 1
    return count
