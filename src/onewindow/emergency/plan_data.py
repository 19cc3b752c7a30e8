"""The emergency plans the platform starts with (data/plans.yaml): loaded again, a plan is matched
by its code; its levels, working groups and tasks are replaced until it is first activated (its
responses' tasks were assigned from them; after that the admin edits them). One transaction; a
bad entry names itself and loads nothing."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from onewindow.accounts.models import Department
from onewindow.emergency.incident_models import EventClass, Grade
from onewindow.emergency.models import Hazard, Level
from onewindow.emergency.plan_models import (
    Plan,
    PlanGroup,
    PlanLevel,
    PlanTask,
    ResponseLevel,
)

DATA_FILE = Path(__file__).parent / "data" / "plans.yaml"


class PlanDataError(ValueError):
    pass


def _department(code: str, where: str) -> Department:
    found = Department.objects.filter(code=code).first()
    if found is None:
        raise PlanDataError(f"{where}: no department {code}")
    return found


def _choice(value, choices, where: str, field: str):
    if value not in choices:
        raise PlanDataError(f"{where}: {field} {value!r} is not one of {sorted(choices)}")
    return value


@transaction.atomic
def load(path: Path = DATA_FILE) -> int:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for number, row in enumerate(rows, start=1):
        _load_plan(row, f"{path.name} entry {number} ({row.get('code', '?')})")
    return len(rows)


def _load_plan(row: dict, where: str) -> Plan:
    for key in ("code", "department", "title", "event_class", "adopted_on", "levels"):
        if not row.get(key):
            raise PlanDataError(f"{where}: missing {key}")
    for hazard in row.get("hazards") or []:
        _choice(hazard, Hazard.values, where, "hazard")
    plan, _created = Plan.objects.update_or_create(
        code=row["code"],
        defaults={
            "department": _department(row["department"], where),
            "title": row["title"],
            "title_en": row.get("title_en", ""),
            "event_class": _choice(row["event_class"], EventClass.values, where, "event_class"),
            "hazards": list(row.get("hazards") or []),
            "summary": row.get("summary", ""),
            "summary_en": row.get("summary_en", ""),
            "adopted_on": row["adopted_on"],
        },
    )
    if plan.activations.exists():
        return plan  # its responses' tasks were assigned from these rows: edit them in the admin
    plan.tasks.all().delete()
    plan.groups.all().delete()
    plan.levels.all().delete()
    for level in row["levels"]:
        PlanLevel.objects.create(
            plan=plan,
            level=_choice(level.get("level"), ResponseLevel.values, where, "level"),
            trigger=level.get("trigger", ""),
            trigger_en=level.get("trigger_en", ""),
            warning_level=_choice(
                level.get("warning_level", ""), ["", *Level.values], where, "warning_level"
            ),
            incident_grade=_choice(
                level.get("incident_grade", ""), ["", *Grade.values], where, "incident_grade"
            ),
            lead=level.get("lead", ""),
            lead_en=level.get("lead_en", ""),
        )
    groups = {}
    for order, group in enumerate(row.get("groups") or []):
        groups[group["name"]] = PlanGroup.objects.create(
            plan=plan,
            name=group["name"],
            name_en=group.get("name_en", ""),
            department=_department(group["department"], where),
            order=order,
        )
    for order, task in enumerate(row.get("tasks") or []):
        group = task.get("group")
        if group and group not in groups:
            raise PlanDataError(f"{where}: task {order + 1} names no group {group}")
        PlanTask.objects.create(
            plan=plan,
            group=groups.get(group),
            department=_department(task["department"], where),
            level=_choice(task.get("level"), ResponseLevel.values, where, "task level"),
            text=task["text"],
            text_en=task.get("text_en", ""),
            acknowledge_hours=task.get("acknowledge_hours", 1),
            report_hours=task.get("report_hours", 6),
            order=order,
        )
    return plan
