"""A major event as data (a YAML file, or a dict in the demo and the tests): its venues and
schedule, functional areas, and command structures with the dates they come into force. The
switch to the event's operations headquarters is a structure with a later date and
``unified: true``; nothing in the code names a date.

    code: gz-city-games
    name: 广州城市运动会
    name_en: Guangzhou City Games
    department: 440100-YJGL          # the headquarters' duty desk
    starts_on: 2027-10-08
    ends_on: 2027-10-20
    venues:
      - {code: tianhe, name: 天河体育中心, name_en: Tianhe Sports Centre, division: "440106",
         latitude: 23.1375, longitude: 113.3245, radius_m: 1500}
    schedule:
      - {venue: tianhe, title: 田径决赛, title_en: Athletics finals,
         starts_at: 2027-10-09T19:00:00+08:00, ends_at: 2027-10-09T21:30:00+08:00}
    areas:
      - {code: security, name: 安保, name_en: Security}
    structures:
      - code: committee
        name: 城市运行保障行动协调委员会
        in_force_from: 2027-07-01
        groups:
          - {name: 安保组, area: security, lead: 440100-GA, members: [440100-XF]}
      - code: headquarters
        name: 赛事运行指挥部
        in_force_from: 2027-10-01
        unified: true
        groups: [...]

Loading again updates the event in place: venues, areas and structures by code; the schedule
and each structure's groups are replaced.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from onewindow.accounts.models import Department
from onewindow.core import audit
from onewindow.core.models import Division
from onewindow.emergency.event_models import (
    CommandGroup,
    CommandStructure,
    Competition,
    FunctionalArea,
    MajorEvent,
    Venue,
)


def _date(value, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({where: f"not a date: {value!r}"}) from None


def _moment(value, where: str) -> datetime:
    if isinstance(value, datetime):
        return value
    found = parse_datetime(str(value))
    if found is None or found.tzinfo is None:
        raise ValidationError({where: f"not a date-time with its offset: {value!r}"})
    return found


def _department(code, where: str) -> Department:
    found = Department.objects.filter(code=code).first()
    if found is None:
        raise ValidationError({where: f"no department {code!r}"})
    return found


def load_file(path: Path) -> MajorEvent:
    return load(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


@transaction.atomic
def load(spec: dict) -> MajorEvent:
    code = spec["code"]
    event, _created = MajorEvent.objects.update_or_create(
        code=code,
        defaults={
            "name": spec["name"],
            "name_en": spec.get("name_en", ""),
            "department": _department(spec["department"], f"{code}.department"),
            "starts_on": _date(spec["starts_on"], f"{code}.starts_on"),
            "ends_on": _date(spec["ends_on"], f"{code}.ends_on"),
            "summary": spec.get("summary", ""),
            "summary_en": spec.get("summary_en", ""),
        },
    )
    if event.ends_on < event.starts_on:
        raise ValidationError({f"{code}.ends_on": "before starts_on"})
    venues = {}
    for n, row in enumerate(spec.get("venues", [])):
        where = f"{code}.venues[{n}]"
        division = Division.objects.filter(code=str(row["division"])).first()
        if division is None:
            raise ValidationError({where: f"no division {row['division']!r}"})
        venues[row["code"]], _ = Venue.objects.update_or_create(
            event=event,
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "division": division,
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "radius_m": row.get("radius_m", 1500),
            },
        )
    Competition.objects.filter(venue__event=event).delete()
    for n, row in enumerate(spec.get("schedule", [])):
        where = f"{code}.schedule[{n}]"
        venue = (
            venues.get(row["venue"]) or Venue.objects.filter(event=event, code=row["venue"]).first()
        )
        if venue is None:
            raise ValidationError({where: f"no venue {row['venue']!r}"})
        Competition.objects.create(
            venue=venue,
            title=row["title"],
            title_en=row.get("title_en", ""),
            starts_at=_moment(row["starts_at"], f"{where}.starts_at"),
            ends_at=_moment(row["ends_at"], f"{where}.ends_at"),
        )
    areas = {}
    for row in spec.get("areas", []):
        areas[row["code"]], _ = FunctionalArea.objects.update_or_create(
            event=event,
            code=row["code"],
            defaults={"name": row["name"], "name_en": row.get("name_en", "")},
        )
    for n, row in enumerate(spec.get("structures", [])):
        where = f"{code}.structures[{n}]"
        structure, _ = CommandStructure.objects.update_or_create(
            event=event,
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "in_force_from": _date(row["in_force_from"], f"{where}.in_force_from"),
                "unified": bool(row.get("unified", False)),
            },
        )
        structure.groups.all().delete()
        for m, group in enumerate(row.get("groups", [])):
            there = f"{where}.groups[{m}]"
            made = CommandGroup.objects.create(
                structure=structure,
                name=group["name"],
                name_en=group.get("name_en", ""),
                area=areas.get(group.get("area")),
                lead=_department(group["lead"], f"{there}.lead"),
            )
            made.members.set([_department(c, f"{there}.members") for c in group.get("members", [])])
    audit.record(
        "emergency.event_loaded",
        object_type="major_event",
        object_id=event.code,
        data={"venues": len(venues), "structures": len(spec.get("structures", []))},
    )
    return event
