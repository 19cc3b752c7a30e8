"""Item instances (实施清单): read and check ``instances.yaml``, then write the instances.

An item is defined once in ``items/*.yaml``; ``instances.yaml`` says where it is implemented::

    - item: 440100-MZ-QR-107           # 内地居民结婚登记
      level: district                  # city | district | street
      divisions: all                   # every district of the city, or a list of codes
      department: "{division}-MZ"      # {division} is each instance's division code
      centre: "{division}-ZWFW-ZX"     # a department of kind service_centre
      window: 婚姻登记窗口
      window_en: Marriage registration window
      promised_limit: 0                # optional; the item's own by default

For ``level: street``, ``divisions`` may name districts: every street and town in them.
An item with no entry gets one instance at the service centre of its lead department's
division (the city's 政务服务中心), decided by the lead department.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department
from onewindow.catalog.models import InstanceLevel, ItemInstance, ServiceItem
from onewindow.catalog.reading import SAFE_LOADER, CatalogueInvalid, Problem
from onewindow.core.models import Division

FILE_NAME = "instances.yaml"
ENTRY_KEYS = {
    "item", "level", "divisions", "department", "centre", "window", "window_en",
    "promised_limit", "published",
}  # fmt: skip
DIVISION_LEVEL = {
    InstanceLevel.CITY: Division.Level.PREFECTURE,
    InstanceLevel.DISTRICT: Division.Level.COUNTY,
    InstanceLevel.STREET: Division.Level.TOWNSHIP,
}
LEVEL_OF_DIVISION = {division_level: level for level, division_level in DIVISION_LEVEL.items()}
WRITTEN_FIELDS = ("level", "department_id", "service_centre_id", "window", "window_en")


@dataclass(frozen=True)
class PlannedInstance:
    item: str
    level: str
    division: str
    department: str
    centre: str
    window: str = ""
    window_en: str = ""
    promised_limit: int | None = None  # None: the item's own
    published: bool = True


def _divisions_of(level: str, wanted, city: str, tree: dict[str, Division]) -> list[str] | None:
    """The division codes an entry's ``divisions`` names at its level; None if not a list."""
    if level == InstanceLevel.CITY and wanted in (None, "all"):
        return [city]
    if wanted == "all":
        wanted = [code for code, d in tree.items() if d.parent_id == city]
    if not isinstance(wanted, list):
        return None
    codes: list[str] = []
    for code in map(str, wanted):
        division = tree.get(code)
        if level == InstanceLevel.STREET and division and division.level == Division.Level.COUNTY:
            codes += sorted(c for c, d in tree.items() if d.parent_id == code)
        else:
            codes.append(code)
    return codes


def read_instances(
    directory: Path, items: list[dict], departments: dict[str, Department]
) -> list[PlannedInstance]:
    """Every instance the files ask for, checked; raise CatalogueInvalid naming entry and field."""
    path = Path(directory) / FILE_NAME
    by_code = {str(item["code"]): item for item in items}
    problems: list[Problem] = []
    planned: dict[tuple[str, str], PlannedInstance] = {}
    entries = []
    if path.exists():
        try:
            entries = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []  # noqa: S506
        except yaml.YAMLError as exc:
            raise CatalogueInvalid([Problem(FILE_NAME, "", "", str(exc))]) from exc
    tree = {d.code: d for d in Division.objects.all()}
    for number, entry in enumerate(entries, start=1):
        where = f"{FILE_NAME} #{number}"
        code = str(entry.get("item", "")) if isinstance(entry, dict) else ""

        def problem(field_name: str, message: str, where=where, code=code) -> None:
            problems.append(Problem(where, code, field_name, message))

        if not isinstance(entry, dict):
            problem("", _("each entry is a mapping"))
            continue
        for key in sorted(set(entry) - ENTRY_KEYS):
            problem(key, _("unknown field"))
        item = by_code.get(code)
        if item is None:
            problem("item", _("no service item with code %(code)s") % {"code": code})
            continue
        level = entry.get("level")
        if level not in InstanceLevel.values:
            problem("level", _("%(v)s is not one of the allowed values") % {"v": level})
            continue
        lead = departments.get(str(item.get("lead_department")))
        city = lead.division_id[:4] + "00" if lead else ""
        codes = _divisions_of(level, entry.get("divisions"), city, tree)
        if not codes:
            problem("divisions", _('"all" or a list of division codes'))
            continue
        promised = entry.get("promised_limit")
        statutory = item.get("statutory_limit")
        if promised is not None and (
            not isinstance(promised, int) or isinstance(promised, bool) or promised < 0
        ):
            problem("promised_limit", _("a number of working days, 0 or more"))
            continue
        if promised is not None and isinstance(statutory, int) and promised > statutory:
            problem(
                "promised_limit",
                _("the promised limit (%(p)s) is above the statutory limit (%(s)s)")
                % {"p": promised, "s": statutory},
            )
            continue
        for division_code in codes:
            division = tree.get(division_code)
            if division is None:
                problem("divisions", _("unknown division %(v)s") % {"v": division_code})
                continue
            if division.level != DIVISION_LEVEL[level]:
                problem(
                    "divisions",
                    _("%(code)s is not a division of level %(level)s")
                    % {"code": division_code, "level": level},
                )
                continue
            names = {"division": division_code, "district": division_code[:6]}
            department = str(entry.get("department") or "").format(**names)
            centre = str(entry.get("centre") or "").format(**names)
            if department not in departments:
                problem("department", _("unknown department %(v)s") % {"v": department})
                continue
            centre_row = departments.get(centre)
            if centre_row is None:
                problem("centre", _("unknown department %(v)s") % {"v": centre})
                continue
            if centre_row.kind != Department.Kind.SERVICE_CENTRE:
                problem("centre", _("%(v)s is not a service centre") % {"v": centre})
                continue
            if (code, division_code) in planned:
                problem("divisions", _("%(v)s has this item twice") % {"v": division_code})
                continue
            planned[(code, division_code)] = PlannedInstance(
                item=code,
                level=level,
                division=division_code,
                department=department,
                centre=centre,
                window=str(entry.get("window") or ""),
                window_en=str(entry.get("window_en") or ""),
                promised_limit=promised,
                published=bool(entry.get("published", True)),
            )
    if problems:
        raise CatalogueInvalid(problems)
    explicit = {item_code for item_code, _division in planned}
    centres_by_division: dict[str, str] = {}
    for department in sorted(departments.values(), key=lambda d: d.code):
        if department.kind == Department.Kind.SERVICE_CENTRE:
            centres_by_division.setdefault(department.division_id, department.code)
    for item in items:
        code = str(item["code"])
        lead = departments.get(str(item.get("lead_department")))
        if code in explicit or lead is None:
            continue
        centre = centres_by_division.get(lead.division_id)
        division = tree.get(lead.division_id)
        level = LEVEL_OF_DIVISION.get(division.level) if division else None
        if centre is None or level is None:
            continue  # no centre where the lead department sits: the item is decided as before
        planned[(code, lead.division_id)] = PlannedInstance(
            item=code, level=level, division=lead.division_id, department=lead.code, centre=centre
        )
    return list(planned.values())


def write_instances(
    planned: list[PlannedInstance], items: dict[str, ServiceItem], departments
) -> tuple[int, int]:
    """Make the database match ``planned``; returns (written, withdrawn).

    An instance no longer planned is deleted, or unpublished if cases refer to it.
    """
    existing = {
        (i.item_id, i.division_id): i for i in ItemInstance.objects.filter(item__in=items.values())
    }
    new, changed, keep = [], [], set()
    for plan in planned:
        item = items[plan.item]
        values = {
            "level": plan.level,
            "department_id": departments[plan.department].pk,
            "service_centre_id": departments[plan.centre].pk,
            "window": plan.window,
            "window_en": plan.window_en,
            "promised_limit": item.promised_limit
            if plan.promised_limit is None
            else plan.promised_limit,
            "published": plan.published,
        }
        key = (item.pk, plan.division)
        keep.add(key)
        current = existing.get(key)
        if current is None:
            new.append(ItemInstance(item=item, division_id=plan.division, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            changed.append(current)
    ItemInstance.objects.bulk_create(new, batch_size=500)
    ItemInstance.objects.bulk_update(changed, [*WRITTEN_FIELDS, "promised_limit", "published"])
    stale = [i.pk for key, i in existing.items() if key not in keep]
    used = set(
        ItemInstance.objects.filter(pk__in=stale, cases__isnull=False).values_list("pk", flat=True)
    )
    ItemInstance.objects.filter(pk__in=used).update(published=False)
    ItemInstance.objects.filter(pk__in=set(stale) - used).delete()
    return len(new) + len(changed), len(stale)
