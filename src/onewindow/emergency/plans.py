"""Putting emergency plans into force (启动响应), and the tasks they assign.

Every write is one transaction and audited. The commander (指挥长) or head of the plan's
department activates it at a response level (突发事件应对法 Art. 48: the government responsible
organises the response under the plan), raises or lowers the level, and ends the response
(Art. 65: once the threat is removed, the emergency measures stop). Each activation assigns the
tasks the plan owes at that level to their departments; each task has two clocks in the
e-supervision ledger (kind "emergency-task", hours): acknowledge it (接报) within the plan's hours
of its assignment, then report back (反馈) within the plan's hours of acknowledging.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import RoleAssignment
from onewindow.core import audit, clock
from onewindow.core.localized import in_chinese, in_english
from onewindow.emergency import authority, checks
from onewindow.emergency import messages as emergency_messages
from onewindow.emergency.incident_models import Incident, IncidentState
from onewindow.emergency.models import Warning, WarningState
from onewindow.emergency.plan_models import (
    NUMERAL,
    Activation,
    ActivationState,
    Assignment,
    LevelChange,
    Plan,
    PlanTask,
    ResponseLevel,
)
from onewindow.notifications import services as notifications
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Unit

KIND = "emergency-task"
ACKNOWLEDGING = "acknowledging"
REPORTING = "reporting"
MAX_TEXT = 4000

# How a change of response reads in the notice to the tasked departments, in both languages.
RAISED = pgettext_lazy("response change", "raised to %(level)s")
LOWERED = pgettext_lazy("response change", "lowered to %(level)s")
ENDED = pgettext_lazy("response change", "the response has ended")


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Emergency plan task"),
        stages={
            ACKNOWLEDGING: pgettext_lazy("stage of a supervised plan task", "Acknowledging"),
            REPORTING: pgettext_lazy("stage of a supervised plan task", "Reporting back"),
        },
    )


def task_key(assignment: Assignment) -> str:
    return f"{assignment.activation.number}/{assignment.task_id}"


# ---------------------------------------------------------------------------------------------
# Checks


def _commander(actor, plan: Plan) -> None:
    if plan.department_id not in authority.commanding_for(actor):
        raise PermissionDenied(
            _("Only the commander or head of %(department)s decides this plan's response.")
            % {"department": plan.department.name}
        )


def _level(plan: Plan, value) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if level not in ResponseLevel.values or not plan.levels.filter(level=level).exists():
        raise ValidationError({"level": _("Choose one of this plan's response levels.")})
    return level


def _reason(value, field: str = "reason") -> str:
    return checks.text({field: value}, field, required=True, limit=MAX_TEXT)


def _open_incident(number: str) -> Incident | None:
    if not number:
        return None
    incident = Incident.objects.filter(number=number, state=IncidentState.OPEN).first()
    if incident is None:
        raise ValidationError(
            {"incident": _("There is no open incident %(number)s.") % {"number": number}}
        )
    return incident


def _warning_in_force(number: str) -> str:
    if number and not Warning.objects.filter(number=number, state=WarningState.ACTIVE).exists():
        raise ValidationError(
            {"warning": _("There is no warning %(number)s in force.") % {"number": number}}
        )
    return number


def _locked(activation: Activation) -> Activation:
    activation = (
        Activation.objects.select_for_update()
        .select_related("plan", "plan__department")
        .get(pk=activation.pk)
    )
    if activation.state != ActivationState.ACTIVE:
        raise ValidationError({"activation": _("This response has already ended.")})
    return activation


def _number(plan: Plan, now: datetime) -> str:
    prefix = f"{plan.department.code}-XY-{timezone.localtime(now).year}-"
    count = Activation.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


# ---------------------------------------------------------------------------------------------
# The response: activate, change the level, end


@transaction.atomic
def activate(
    actor, plan: Plan, *, level, reason: str, incident: str = "", warning: str = ""
) -> Activation:
    """Put ``plan`` into force at ``level``, for an incident or a warning or on its own."""
    plan = Plan.objects.select_for_update().select_related("department").get(pk=plan.pk)
    _commander(actor, plan)
    level = _level(plan, level)
    reason = _reason(reason)
    found = _open_incident(incident)
    warning = _warning_in_force(warning)
    running = Activation.objects.filter(plan=plan, state=ActivationState.ACTIVE).first()
    if running is not None:
        raise ValidationError(
            {
                "plan": _("This plan is already in force (%(number)s): change its level.")
                % {"number": running.number}
            }
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            activation = Activation.objects.create(
                number=_number(plan, now),
                plan=plan,
                level=level,
                incident=found,
                warning_number=warning,
                reason=reason,
                activated_at=now,
                activated_by=actor,
            )
    except IntegrityError:  # another commander activated it a moment ago
        raise ValidationError({"plan": _("This plan is already in force.")}) from None
    LevelChange.objects.create(activation=activation, level=level, reason=reason, at=now, by=actor)
    assigned = _assign(activation, level, now)
    audit.record(
        "emergency.plan_activated",
        object_type="response",
        object_id=activation.number,
        actor=actor,
        data={"plan": plan.code, "level": level, "incident": incident, "warning": warning,
              "tasks": len(assigned)},
    )  # fmt: skip
    _tell_tasked(assigned)
    return activation


@transaction.atomic
def change_level(actor, activation: Activation, *, level, reason: str) -> Activation:
    """Raise or lower the response. Raising assigns the tasks the higher level adds; lowering
    withdraws the ones the lower level no longer owes and that were not reported back."""
    activation = _locked(activation)
    _commander(actor, activation.plan)
    level = _level(activation.plan, level)
    reason = _reason(reason)
    if level == activation.level:
        raise ValidationError({"level": _("The response is already at this level.")})
    now = timezone.now()
    before = activation.level
    activation.level = level
    activation.save(update_fields=["level"])
    LevelChange.objects.create(activation=activation, level=level, reason=reason, at=now, by=actor)
    assigned = _assign(activation, level, now)
    withdrawn = _withdraw(
        activation.assignments.filter(task__level__lt=level, reported_at__isnull=True), now
    )
    audit.record(
        "emergency.response_level_changed",
        object_type="response",
        object_id=activation.number,
        actor=actor,
        data={"from": before, "to": level, "assigned": len(assigned), "withdrawn": withdrawn},
    )
    _tell_tasked(assigned)
    _tell_change(activation, reason, raised=level < before)
    return activation


@transaction.atomic
def end(actor, activation: Activation, *, note: str) -> Activation:
    """End the response (终止响应): the tasks not reported back are withdrawn."""
    activation = _locked(activation)
    _commander(actor, activation.plan)
    note = _reason(note, "note")
    now = timezone.now()
    activation.state, activation.ended_at, activation.end_note = ActivationState.ENDED, now, note
    activation.save(update_fields=["state", "ended_at", "end_note"])
    withdrawn = _withdraw(activation.assignments.filter(reported_at__isnull=True), now)
    audit.record(
        "emergency.response_ended",
        object_type="response",
        object_id=activation.number,
        actor=actor,
        data={"withdrawn": withdrawn},
    )
    _tell_change(activation, note, ended=True)
    return activation


def _assign(activation: Activation, level: int, now: datetime) -> list[Assignment]:
    """Assign the plan's tasks owed at ``level`` (a task of level IV is owed at every level)
    that this response has not assigned yet, each with its acknowledgement clock."""
    already = activation.assignments.values_list("task_id", flat=True)
    tasks = (
        PlanTask.objects.filter(plan=activation.plan, level__gte=level)
        .exclude(pk__in=already)
        .select_related("group", "department")
    )
    made = []
    for task in tasks:
        assignment = Assignment.objects.create(
            activation=activation,
            task=task,
            department=task.department,
            group_name=task.group.name if task.group else "",
            group_name_en=task.group.name_en if task.group else "",
            text=task.text,
            text_en=task.text_en,
            assigned_at=now,
            acknowledge_by=clock.add_hours(now, clock.Hours(task.acknowledge_hours)),
        )
        _track(assignment, stage=ACKNOWLEDGING, since=now, hours=task.acknowledge_hours)
        made.append(assignment)
    return made


def _withdraw(assignments, now: datetime) -> int:
    """Withdraw the tasks still standing (one UPDATE) and close each one's ledger matter."""
    standing = list(assignments.filter(withdrawn_at__isnull=True).select_related("activation"))
    Assignment.objects.filter(pk__in=[a.pk for a in standing]).update(withdrawn_at=now)
    for assignment in standing:
        supervision.close(kind=KIND, key=task_key(assignment), at=now)
    return len(standing)


def _track(assignment: Assignment, *, stage: str, since: datetime, hours: int) -> None:
    activation = assignment.activation
    plan = activation.plan
    supervision.track(
        kind=KIND,
        key=task_key(assignment),
        title=f"{plan.title} {NUMERAL[activation.level]}：{assignment.text[:60]}",
        title_en=f"{plan.title_en or plan.title}, level {NUMERAL[activation.level]}: "
        f"{(assignment.text_en or assignment.text)[:80]}",
        department=assignment.department_id,
        division_code=plan.department.division_id,
        started_at=since,
        unit=Unit.HOURS,
        limit=hours,
        stage=stage,
        link=reverse("workbench:emergency-response", args=[activation.number]),
    )


# ---------------------------------------------------------------------------------------------
# A department's task: acknowledge, report back


def _task(actor, assignment: Assignment) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("activation", "activation__plan", "activation__plan__department", "task")
        .get(pk=assignment.pk)
    )
    if assignment.department_id not in authority.tasked_for(actor):
        raise PermissionDenied(
            _("Only the duty officers, commanders and head of the department assigned act on "
              "this task.")
        )  # fmt: skip
    if assignment.withdrawn_at is not None:
        raise ValidationError({"task": _("This task was withdrawn.")})
    return assignment


@transaction.atomic
def acknowledge(actor, assignment: Assignment) -> Assignment:
    """The department takes the task on (接报); its report-back clock starts now."""
    assignment = _task(actor, assignment)
    if assignment.acknowledged_at is not None:
        raise ValidationError({"task": _("This task was already acknowledged.")})
    now = timezone.now()
    hours = assignment.task.report_hours
    assignment.acknowledged_at, assignment.acknowledged_by = now, actor
    assignment.report_by = clock.add_hours(now, clock.Hours(hours))
    assignment.save(update_fields=["acknowledged_at", "acknowledged_by", "report_by"])
    _track(assignment, stage=REPORTING, since=now, hours=hours)
    audit.record(
        "emergency.task_acknowledged",
        object_type="response",
        object_id=assignment.activation.number,
        actor=actor,
        data={"task": assignment.task_id, "late": now > assignment.acknowledge_by},
    )
    return assignment


@transaction.atomic
def report_back(actor, assignment: Assignment, *, report: str) -> Assignment:
    """The department reports what it did (反馈); the task's clock stops."""
    assignment = _task(actor, assignment)
    if assignment.acknowledged_at is None:
        raise ValidationError({"task": _("Acknowledge the task before reporting back.")})
    if assignment.reported_at is not None:
        raise ValidationError({"task": _("This task was already reported back.")})
    report = _reason(report, "report")
    now = timezone.now()
    assignment.reported_at, assignment.reported_by, assignment.report = now, actor, report
    assignment.save(update_fields=["reported_at", "reported_by", "report"])
    supervision.close(kind=KIND, key=task_key(assignment), at=now)
    audit.record(
        "emergency.task_reported",
        object_type="response",
        object_id=assignment.activation.number,
        actor=actor,
        data={"task": assignment.task_id, "late": now > assignment.report_by},
    )
    return assignment


# ---------------------------------------------------------------------------------------------
# Telling people


def _desk_people(department_ids) -> dict[int, list[int]]:
    people: dict[int, list[int]] = {}
    for department, user in RoleAssignment.objects.filter(
        department_id__in=department_ids, role__in=list(authority.TASK_ROLES)
    ).values_list("department_id", "user_id"):
        people.setdefault(department, []).append(user)
    return people


def _level_params(level: int) -> dict:
    label = ResponseLevel(level).label
    return {"level": in_chinese(label), "level_en": in_english(label)}


def _tell_tasked(assigned: list[Assignment]) -> None:
    if not assigned:
        return
    people = _desk_people({a.department_id for a in assigned})
    notices = []
    for a in assigned:
        plan = a.activation.plan
        when = timezone.localtime(a.acknowledge_by).strftime("%Y-%m-%d %H:%M")
        params = {
            "plan": plan.title,
            "plan_en": plan.title_en or plan.title,
            **_level_params(a.activation.level),
            "number": a.activation.number,
            "department": a.department.name,
            "department_en": a.department.name_en or a.department.name,
            "task": a.text,
            "task_en": a.text_en or a.text,
            "acknowledge_by": when,
        }
        link = reverse("workbench:emergency-response", args=[a.activation.number])
        notices += [
            notifications.Notice(user, emergency_messages.TASK_ASSIGNED, params, link)
            for user in people.get(a.department_id, [])
        ]
    notifications.notify_many(notices)


def _tell_change(activation: Activation, reason: str, *, raised=False, ended=False) -> None:
    departments = set(activation.assignments.values_list("department_id", flat=True).distinct())
    users = {u for ids in _desk_people(departments).values() for u in ids}
    level = _level_params(activation.level)
    if ended:
        change, change_en = in_chinese(ENDED), in_english(ENDED)
    else:
        words = RAISED if raised else LOWERED
        change = in_chinese(words) % {"level": level["level"]}
        change_en = in_english(words) % {"level": level["level_en"]}
    plan = activation.plan
    params = {
        "plan": plan.title,
        "plan_en": plan.title_en or plan.title,
        "number": activation.number,
        "change": change,
        "change_en": change_en,
        "reason": reason,
        "reason_en": reason,
    }
    link = reverse("workbench:emergency-response", args=[activation.number])
    notifications.notify_many(
        notifications.Notice(user, emergency_messages.RESPONSE_CHANGED, params, link)
        for user in users
    )
