"""Reads on plans and responses, with the permissions of whoever reads.

Plans are public documents, but the platform shows them to those who act on them: the duty
desks, commanders and heads of any department (a plan names many). A response is seen by the
plan department's desk and commanders and by the departments it assigned tasks to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from onewindow.emergency import authority
from onewindow.emergency.clocks import colour as clock_colour
from onewindow.emergency.incident_models import GRADE_RANK, Incident, IncidentState
from onewindow.emergency.models import Warning, WarningState
from onewindow.emergency.plan_models import (
    NUMERAL,
    Activation,
    ActivationState,
    Assignment,
    LevelChange,
    Plan,
    PlanLevel,
    PlanTask,
)
from onewindow.emergency.plans import KIND, task_key
from onewindow.supervision.models import Matter


def _responder(user) -> set[int]:
    return authority.tasked_for(user) | authority.desk_for(user)


def plans_for(user) -> QuerySet[Plan]:
    if not _responder(user):
        raise PermissionDenied
    return Plan.objects.select_related("department").order_by("code")


def plan_for(user, code: str) -> Plan:
    if not _responder(user):
        raise Http404
    plan = (
        Plan.objects.select_related("department")
        .prefetch_related(
            Prefetch("levels", queryset=PlanLevel.objects.order_by("level")),
            "groups__department",
            Prefetch(
                "tasks",
                queryset=PlanTask.objects.select_related("department", "group").order_by(
                    "-level", "order", "pk"
                ),
            ),
        )
        .filter(code=code)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def _seen(user) -> Q:
    commanding = authority.desk_for(user) | authority.commanding_for(user)
    return Q(plan__department_id__in=commanding) | Q(
        assignments__department_id__in=authority.tasked_for(user)
    )


def responses_for(user) -> QuerySet[Activation]:
    """The responses ``user`` sees, those in force first."""
    if not _responder(user):
        raise PermissionDenied
    return (
        Activation.objects.filter(_seen(user))
        .distinct()
        .select_related("plan", "plan__department", "incident")
        .order_by("state", "-activated_at", "-pk")
    )


def response_for(user, number: str) -> Activation:
    found = (
        Activation.objects.filter(_seen(user), number=number)
        .distinct()
        .select_related("plan", "plan__department", "incident", "activated_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def is_commander(user, activation: Activation) -> bool:
    return activation.plan.department_id in authority.commanding_for(user)


def may_activate(user, plan: Plan) -> bool:
    return plan.department_id in authority.commanding_for(user)


def history(activation: Activation) -> list[LevelChange]:
    return list(activation.changes.select_related("by").order_by("at", "pk"))


# ---------------------------------------------------------------------------------------------
# Tasks with their clocks


@dataclass
class TaskClock:
    """A task as the pages show it: its next deadline as a date-time and a colour, in words."""

    assignment: Assignment
    colour: str  # red overdue, yellow nearly due, green in time, done, late, withdrawn
    due_at: datetime | None
    stage: str  # "acknowledge", "report", "reported", "withdrawn"
    may_act: bool = False
    form: object = None
    extra: dict = field(default_factory=dict)


def _clock(a: Assignment, matter: Matter | None, now: datetime) -> TaskClock:
    if a.withdrawn_at is not None:
        return TaskClock(a, "withdrawn", None, "withdrawn")
    if a.reported_at is not None:
        late = a.report_by is not None and a.reported_at > a.report_by
        return TaskClock(a, "late" if late else "done", a.report_by, "reported")
    stage, due = ("report", a.report_by) if a.acknowledged_at else ("acknowledge", a.acknowledge_by)
    return TaskClock(a, clock_colour(due, now, matter), due, stage)


def clocks(assignments, now: datetime | None = None, *, user=None) -> list[TaskClock]:
    now = now or timezone.now()
    rows = list(assignments)
    keys = [task_key(a) for a in rows]
    matters = {m.key: m for m in Matter.objects.filter(kind=KIND, key__in=keys)}
    tasked = authority.tasked_for(user) if user is not None else set()
    found = []
    for a, key in zip(rows, keys, strict=True):
        row = _clock(a, matters.get(key), now)
        row.may_act = row.stage in ("acknowledge", "report") and a.department_id in tasked
        found.append(row)
    return found


def tasks_of(activation: Activation, *, user=None, now=None) -> list[TaskClock]:
    assignments = activation.assignments.select_related(
        "activation", "department", "acknowledged_by", "reported_by"
    ).order_by("withdrawn_at", "task__order", "pk")
    return clocks(assignments, now, user=user)


def my_tasks(user, now=None) -> list[TaskClock]:
    """Tasks the user's departments owe, the most urgent first."""
    assignments = (
        Assignment.objects.filter(
            department_id__in=authority.tasked_for(user),
            withdrawn_at__isnull=True,
            reported_at__isnull=True,
            activation__state=ActivationState.ACTIVE,
        )
        .select_related("activation", "activation__plan", "department")
        .order_by("assigned_at", "pk")
    )
    rows = clocks(assignments, now, user=user)
    return sorted(rows, key=lambda r: r.due_at)


def assignment_for(user, pk: int) -> Assignment:
    found = (
        Assignment.objects.filter(pk=pk, department_id__in=authority.tasked_for(user))
        .select_related("activation")
        .first()
    )
    if found is None:
        raise Http404
    return found


# ---------------------------------------------------------------------------------------------
# What triggers a plan


@dataclass
class Trigger:
    level: int
    reasons: list[str]
    incident: Incident | None = None
    warning: Warning | None = None

    @property
    def numeral(self) -> str:
        return NUMERAL[self.level]


def triggered(plan: Plan, now: datetime | None = None) -> Trigger | None:
    """The highest response level the plan's triggering conditions call for now, with why:
    a warning in force of one of its kinds at a level's warning level, or an open incident of
    its class at a level's grade or above. None when nothing triggers it."""
    now = now or timezone.now()
    found: Trigger | None = None
    levels = list(plan.levels.all())
    warnings = list(
        Warning.objects.filter(
            state=WarningState.ACTIVE, hazard__in=plan.hazards or [], expires_at__gt=now
        ).order_by("-sent_at")
    )
    incidents = list(
        Incident.objects.filter(state=IncidentState.OPEN, event_class=plan.event_class).order_by(
            "-occurred_at"
        )
    )
    for level in sorted(levels, key=lambda x: x.level):
        warning = next((w for w in warnings if w.level == level.warning_level), None)
        incident = next(
            (
                i
                for i in incidents
                if level.incident_grade and GRADE_RANK[i.grade] >= GRADE_RANK[level.incident_grade]
            ),
            None,
        )
        if warning or incident:
            reasons = [w for w in (warning and warning.number, incident and incident.number) if w]
            found = Trigger(level.level, reasons, incident=incident, warning=warning)
            break
    return found
