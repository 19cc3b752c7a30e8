"""The departments' discretion benchmarks (行政处罚裁量基准, 行政处罚法 Art. 34: published ranges
a penalty is chosen within), from ``data/discretion.yaml`` or another file of the same shape,
read strictly before anything is written."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from onewindow.core import audit
from onewindow.market.items import department_rows
from onewindow.market.penalty_models import Band, BandLevel, Measure, Sector, Violation

DEFAULT = Path(__file__).resolve().parent / "data" / "discretion.yaml"
REQUIRED = ("code", "name", "provision", "penalty_provision")


def _band_problems(where: str, band: dict) -> list[str]:
    problems = []
    if band.get("level") not in BandLevel.values:
        problems.append(f"{where}: band level {band.get('level')!r}")
    try:
        low, high = Decimal(str(band.get("fine_min"))), Decimal(str(band.get("fine_max")))
        if not 0 <= low <= high:
            problems.append(f"{where}: fine range {low} to {high}")
    except InvalidOperation:
        problems.append(f"{where}: fine range is not a number")
    if any(m not in Measure.values for m in band.get("measures") or []):
        problems.append(f"{where}: measures {band.get('measures')!r}")
    if not str(band.get("circumstances") or "").strip():
        problems.append(f"{where}: circumstances")
    return problems


def read(path: Path = DEFAULT) -> list[tuple[int, dict]]:
    rows, problems = department_rows(path, "violations")
    found = []
    for department_id, code, violation in rows:
        where = f"{path.name}: {code} {violation.get('code')!r}"
        missing = [k for k in REQUIRED if not str(violation.get(k) or "").strip()]
        if missing:
            problems.append(f"{where}: {', '.join(missing)}")
            continue
        if violation.get("sector", "") not in ("", *Sector.values):
            problems.append(f"{where}: sector {violation.get('sector')!r}")
        bands = violation.get("bands") or []
        if not bands:
            problems.append(f"{where}: no bands")
        for band in bands:
            problems += _band_problems(where, band)
        found.append((department_id, violation))
    if problems:
        raise ValidationError(problems)
    return found


@transaction.atomic
def load(path: Path = DEFAULT, *, actor=None) -> int:
    rows = read(path)
    for department_id, row in rows:
        violation, _created = Violation.objects.update_or_create(
            department_id=department_id,
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "provision": row["provision"],
                "provision_en": row.get("provision_en", ""),
                "penalty_provision": row["penalty_provision"],
                "penalty_provision_en": row.get("penalty_provision_en", ""),
                "endangers_safety": bool(row.get("endangers_safety")),
                "sector": row.get("sector", ""),
                "active": True,
            },
        )
        for band in row["bands"]:
            Band.objects.update_or_create(
                violation=violation,
                level=band["level"],
                defaults={
                    "circumstances": band["circumstances"],
                    "circumstances_en": band.get("circumstances_en", ""),
                    "fine_min": Decimal(str(band["fine_min"])),
                    "fine_max": Decimal(str(band["fine_max"])),
                    "measures": list(band.get("measures") or []),
                },
            )
    audit.record(
        "market.benchmarks_loaded",
        object_type="discretion_benchmarks",
        object_id=path.name,
        actor=actor,
        data={"violations": len(rows)},
    )
    return len(rows)
