"""The machinery under every case service: lock, run the workflow, project, record.

A service call locks the case row, loads its workflow, acts, projects the workflow's ready
tasks into ReviewTask rows and the case status, bumps the version and appends to the audit
chain, all in the caller's transaction. Nothing here is called from outside ``cases``.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department
from onewindow.cases import clocks, ledger, workflow
from onewindow.cases.authority import can_see
from onewindow.cases.errors import CaseNotFound, StaleVersion, TransitionNotAllowed
from onewindow.cases.models import (
    Case,
    CaseEvent,
    ClockPause,
    PauseReason,
    ReviewTask,
    Status,
    TaskStage,
    TaskStatus,
)
from onewindow.catalog.models import ServiceItem
from onewindow.core import audit
from onewindow.core.clock import WorkingCalendar
from onewindow.notifications import services as notifications

STAGES = {
    "review": TaskStage.REVIEW,
    "department_reviews": TaskStage.REVIEW,
    workflow.INSPECTION_TASK: TaskStage.INSPECTION,
    workflow.NOTICE_TASK: TaskStage.NOTICE,
    workflow.BENEFIT_TASK: TaskStage.BENEFIT,
}


@dataclass
class Step:
    """One service call on one case."""

    case: Case
    actor: object
    now: datetime = field(default_factory=timezone.now)
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    _workflow: object = None

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @property
    def workflow(self):
        if self._workflow is None:
            self._workflow = workflow.load(self.case.workflow_state)
        return self._workflow

    @workflow.setter
    def workflow(self, value) -> None:
        self._workflow = value


@contextmanager
def change():
    """One change of cases: its transaction, its audit entries chained at the end.

    Every audited change shares the audit chain's head row; chaining at the end holds that
    lock for the append and the commit only (``audit.deferred``).
    """
    with transaction.atomic(), audit.deferred():
        yield


def transition(service):
    """Run a case service as one ``change``."""

    @functools.wraps(service)
    def run(*args, **kwargs):
        with change():
            return service(*args, **kwargs)

    return run


_SYSTEM = object()
DONE = TaskStatus.done()


def lock(number: str, expected_version: int | None = None, *, viewer=_SYSTEM) -> Case:
    """The case row, locked until the transaction ends; the caller's version must be current.

    A ``viewer`` (the person acting) who may not see the case gets "not found", as for a case
    that does not exist, before anything about it (its version, state, roles) is compared.
    """
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("item__process", "lead_department", "applicant", "instance__service_centre")
        .filter(number=number)
        .first()
    )
    if case is None or (viewer is not _SYSTEM and not can_see(viewer, case)):
        raise CaseNotFound(number)
    if expected_version is not None and expected_version != case.version:
        raise StaleVersion(number, expected_version, case.version)
    return case


def require_status(case: Case, *statuses, action: str) -> None:
    if case.status not in statuses:
        raise TransitionNotAllowed(
            _("Case %(number)s is %(status)s; it cannot be %(action)s now.")
            % {"number": case.number, "status": case.get_status_display(), "action": action}
        )


def event(step: Step, kind: str, *, by: Department | None = None, **params) -> None:
    CaseEvent.objects.create(
        case=step.case,
        division_code=step.case.division_code,
        kind=kind,
        at=step.now,
        actor=step.actor if getattr(step.actor, "pk", None) else None,
        department=by,
        params=params,
    )


def notify_applicant(step: Step, kind: str, **params) -> None:
    case = step.case
    notifications.notify(
        case.applicant,
        kind=kind,
        params={
            "number": case.number,
            "item": case.item.name,
            "item_en": case.item.name_en,
            **params,
        },
        link=f"/my/cases/{case.number}/",  # the case page of the service hall
        case_number=case.number,
    )


def commit(step: Step, action: str, **data) -> None:
    """Save the case with its workflow state, bump the version, bring its e-supervision
    ledger row up to date (``ledger``), append to the audit chain."""
    case = step.case
    if step._workflow is not None:
        case.workflow_state = workflow.dump(step._workflow)
    case.version += 1
    case.save()
    ledger.register(step)
    audit.record(
        action,
        object_type="case",
        object_id=case.number,
        actor=step.actor,
        data={"status": case.status, "version": case.version, **data},
    )


def set_decision_due_dates(step: Step) -> None:
    case = step.case
    if case.statutory_limit is None:  # a cooling-off case runs on calendar days (cooling_off)
        return
    due = clocks.decision_due_dates(
        accepted_on=case.accepted_on,
        statutory_limit=case.statutory_limit,
        promised_limit=case.promised_limit,
        extension_days=case.extension_days,
        paused_days=case.paused_days,
        calendar=step.calendar,
    )
    case.statutory_due, case.promised_due, case.due_provisional = (
        due.statutory,
        due.promised,
        due.provisional,
    )
    ReviewTask.objects.filter(
        case=case, stage__in=[TaskStage.REVIEW, TaskStage.INSPECTION, TaskStage.NOTICE]
    ).exclude(status__in=DONE).update(due_on=case.promised_due)


def _departments_of(step: Step, ready: list[workflow.ReadyTask]):
    """(department, benefit item or None) per ready task, in two queries at most."""
    benefits = {
        item.code: item
        for item in ServiceItem.objects.select_related("lead_department").filter(
            code__in=[t.benefit_code for t in ready if t.benefit_code]
        )
    }
    departments = {
        d.code: d
        for d in Department.objects.filter(
            code__in=[t.department_code for t in ready if t.department_code]
        )
    }
    found = {}
    for task in ready:
        if task.benefit_code:
            benefit = benefits[task.benefit_code]
            found[task.id] = (benefit.lead_department, benefit)
        elif task.department_code:
            found[task.id] = (departments[task.department_code], None)
        else:
            found[task.id] = (step.case.lead_department, None)
    return found


def open_pause(
    step: Step, *, kind: str, reason: str, department, task=None, items=None
) -> ClockPause:
    case = step.case
    if case.clock_paused:
        raise TransitionNotAllowed(
            _("The clock of case %(number)s is already paused; resume it first.")
            % {"number": case.number}
        )
    case.clock_paused = True
    return ClockPause.objects.create(
        case=case,
        division_code=case.division_code,
        kind=kind,
        reason=reason,
        department=department,
        task=task,
        supplement_items=items or [],
        started_on=step.today,
        started_by=step.actor,
    )


def close_pause(step: Step, pause: ClockPause) -> int:
    """End ``pause`` today; the working days it covered move the due dates."""
    case = step.case
    pause.ended_on = step.today
    pause.ended_by = step.actor
    pause.working_days = clocks.paused_working_days(pause.started_on, step.today, step.calendar)
    pause.save()
    case.clock_paused = False
    case.paused_days += pause.working_days
    set_decision_due_dates(step)
    return pause.working_days


def project(step: Step) -> list[ReviewTask]:
    """Mirror the workflow's ready tasks into ReviewTask rows and derive the case status."""
    case, wf = step.case, step.workflow
    ready = workflow.ready_tasks(wf)
    staged = [t for t in ready if t.step in STAGES]
    known = set()
    if staged:
        known = set(
            ReviewTask.objects.filter(workflow_task__in=[t.id for t in staged]).values_list(
                "workflow_task", flat=True
            )
        )
    new = [t for t in staged if t.id not in known]
    owners = _departments_of(step, new) if new else {}
    opened = []
    for task in new:
        stage = STAGES[task.step]
        department, benefit = owners[task.id]
        due_on = case.promised_due
        if benefit is not None:
            due_on = step.calendar.add_working_days(step.today, benefit.promised_limit).date
        review = ReviewTask.objects.create(
            case=case,
            division_code=case.division_code,
            department=department,
            stage=stage,
            workflow_task=task.id,
            benefit_item=benefit,
            opened_at=step.now,
            due_on=due_on,
        )
        opened.append(review)
        event(step, "task_opened", by=department, department=department.name, stage=stage)
        if stage == TaskStage.INSPECTION and not case.clock_paused:
            open_pause(
                step,
                kind=PauseReason.INSPECTION,
                reason=str(_("On-site inspection of the application")),
                department=department,
                task=review,
            )
    case.status = _status(case, {t.step for t in ready}, workflow.finished(wf))
    return opened


def _status(case: Case, steps: set[str], finished: bool) -> str:
    if finished:
        return Status.CONCLUDED
    if workflow.DELIVERY_TASK in steps:
        return Status.AWAITING_DELIVERY
    if workflow.BENEFIT_TASK in steps:
        return Status.BENEFITS
    if "decide" in steps or ("handle" in steps and case.accepted_on):
        return Status.AWAITING_DECISION
    if steps & set(STAGES):
        return Status.IN_REVIEW
    if case.status == Status.CORRECTION:
        return Status.CORRECTION
    return Status.SUBMITTED


def raise_flags(step: Step) -> list[str]:
    """Stamp the yellow and red cards the case has earned by ``step.today``; return the new."""
    case = step.case
    if case.clock_paused:
        return []
    if (
        case.status in (Status.IN_REVIEW, Status.AWAITING_DECISION)
        and case.accepted_on
        and case.promised_limit is not None  # a cooling-off case runs on calendar days
    ):
        current = clocks.reading(
            start=case.accepted_on,
            limit=case.promised_limit + case.extension_days,
            due=case.promised_due,
            paused_days=case.paused_days,
            today=step.today,
            calendar=step.calendar,
        )
    elif case.status in (Status.BENEFITS, Status.AWAITING_DELIVERY) and case.delivery_due:
        current = clocks.reading(
            start=case.decided_on,
            limit=clocks.DELIVERY_LIMIT.days,
            due=case.delivery_due,
            paused_days=0,
            today=step.today,
            calendar=step.calendar,
        )
    else:
        return []
    raised = []
    if (current.yellow or current.red(step.today)) and case.yellow_at is None:
        case.yellow_at = step.now
        raised.append("yellow")
    if current.red(step.today) and case.red_at is None:
        case.red_at = step.now
        raised.append("red")
    for flag in raised:
        event(step, flag)
    return raised
