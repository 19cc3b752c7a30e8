"""The departments' side of a case: parallel review tasks, clock pauses and extensions.

Each call locks the case row before it touches a task, so two departments finishing at the
same moment are applied one after the other and the join fires exactly once.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from onewindow.accounts.models import Role, User
from onewindow.cases import application, clocks, cooling_off, documents, engine, workflow
from onewindow.cases.authority import REVIEW_ROLES, departments_with_role, require_role
from onewindow.cases.engine import Step, event, require_status
from onewindow.cases.errors import CaseNotFound, TaskNotFound, TransitionNotAllowed
from onewindow.cases.models import (
    DECISION_CLOCK_STATUSES,
    ClockPause,
    DocumentKind,
    Extension,
    ExtensionStatus,
    PauseReason,
    ReviewTask,
    Status,
    TaskStage,
    TaskStatus,
)


def _locked_task(task_id, actor: User, expected_version: int | None) -> tuple[Step, ReviewTask]:
    number = ReviewTask.objects.filter(pk=task_id).values_list("case__number", flat=True).first()
    if number is None:
        raise TaskNotFound(task_id)
    try:
        case = engine.lock(number, expected_version, viewer=actor)
    except CaseNotFound:  # a task of a case the actor may not see: as if there were none
        raise TaskNotFound(task_id) from None
    step = Step(case=case, actor=actor)
    task = ReviewTask.objects.select_related("department").get(pk=task_id)
    require_role(actor, REVIEW_ROLES, task.department, _("act on this department's review"))
    if task.status != TaskStatus.OPEN:
        raise TransitionNotAllowed(
            _("This review task is %(status)s; it cannot be completed now.")
            % {"status": task.get_status_display()}
        )
    return step, task


def _complete(step: Step, task: ReviewTask, outcome: str) -> None:
    """Complete the workflow task; the engine joins the parallel branches when all are in."""
    case = step.case
    result = {"department": task.department.code, "outcome": outcome}
    key = "benefit_result" if task.stage == TaskStage.BENEFIT else "opinion"
    workflow.complete(step.workflow, task.workflow_task, {key: result})
    task.status = TaskStatus.APPROVED if outcome == "approved" else TaskStatus.DENIED
    task.reviewer, task.completed_at = step.actor, step.now
    task.save()
    if task.stage == TaskStage.INSPECTION:
        pause = task.pauses.filter(ended_on=None).first()
        if pause is not None:
            days = engine.close_pause(step, pause)
            event(step, "resumed", by=task.department, date=step.today.isoformat(), days=days)
    before = case.status
    engine.project(step)
    if case.status == Status.AWAITING_DECISION and before != Status.AWAITING_DECISION:
        event(step, "all_reviewed")
    engine.raise_flags(step)


@engine.transition
def approve(
    *,
    task_id: int,
    actor: User,
    opinion: str = "",
    conditions: str = "",
    expected_version: int | None = None,
) -> ReviewTask:
    """The department approves its part, optionally with conditions the decision will carry."""
    step, task = _locked_task(task_id, actor, expected_version)
    task.opinion, task.conditions = (opinion or "").strip(), (conditions or "").strip()
    if task.conditions:
        event(
            step,
            "approved_with_conditions",
            by=task.department,
            department=task.department.name,
            conditions=task.conditions,
        )
    else:
        event(step, "approved", by=task.department, department=task.department.name)
    _complete(step, task, "approved")
    engine.commit(step, "case.task_approved", task=task.pk, department=task.department.code)
    return task


@engine.transition
def deny(
    *, task_id: int, actor: User, reasons: str, expected_version: int | None = None
) -> ReviewTask:
    """The department denies its part; the decision will be a denial carrying these reasons."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": [_("Give the reasons for the denial.")]})
    step, task = _locked_task(task_id, actor, expected_version)
    task.opinion = reasons
    event(step, "denied", by=task.department, department=task.department.name, reason=reasons)
    _complete(step, task, "denied")
    engine.commit(step, "case.task_denied", task=task.pk, department=task.department.code)
    return task


@engine.transition
def request_supplement(
    *, task_id: int, actor: User, items: list[dict], note: str = "", expected_version=None
) -> ClockPause:
    """Ask the applicant, through the lead department, for more material; the clock pauses."""
    step, task = _locked_task(task_id, actor, expected_version)
    rows = application.material_items(
        step.case.item, items, empty_message=_("List at least one material to supplement.")
    )
    pause = engine.open_pause(
        step,
        kind=PauseReason.SUPPLEMENT,
        reason=(note or "").strip() or "; ".join(f"{r['name']}: {r['problem']}" for r in rows),
        department=task.department,
        task=task,
        items=rows,
    )
    task.status = TaskStatus.WAITING
    task.save(update_fields=["status"])
    event(step, "supplement", by=task.department, department=task.department.name)
    documents.issue(step, DocumentKind.PAUSE, pause=pause)
    engine.notify_applicant(
        step,
        "case.supplement",
        department=task.department.name,
        department_en=task.department.name_en,
    )
    engine.commit(
        step,
        "case.supplement_requested",
        task=task.pk,
        items=[r.get("key") or f"form.{r['field']}" for r in rows],
    )
    return pause


def _involved_department(step: Step, actor: User, what: str):
    """The actor's department among those handling the case, the lead department first."""
    case = step.case
    mine = departments_with_role(actor, REVIEW_ROLES)
    if case.lead_department_id in mine:
        return case.lead_department
    task = case.tasks.filter(department_id__in=mine).select_related("department").first()
    if task is None:
        require_role(actor, REVIEW_ROLES, case.lead_department, what)  # raises
    return task.department


@engine.transition
def pause_clock(
    *, number: str, actor: User, kind: str, reason: str, expected_version=None
) -> ClockPause:
    """Stop the clock for time the law does not count (Art. 45), telling the applicant why."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    department = _involved_department(step, actor, _("pause the clock"))
    require_status(case, *DECISION_CLOCK_STATUSES, action=_("paused"))
    cooling_off.refuse_pause_or_extension(case)
    problems = {}
    if kind not in PauseReason.values or kind == PauseReason.SUPPLEMENT:
        problems["kind"] = [
            _("Choose inspection, testing, quarantine, appraisal, expert review or a hearing.")
        ]
    if not (reason or "").strip():
        problems["reason"] = [_("Say why the clock stops; the applicant is told.")]
    if problems:
        raise ValidationError(problems)
    pause = engine.open_pause(step, kind=kind, reason=reason.strip(), department=department)
    label = str(PauseReason(kind).label)
    event(
        step,
        "paused",
        by=department,
        date=step.today.isoformat(),
        reason_kind=kind,
        reason=pause.reason,
    )
    documents.issue(step, DocumentKind.PAUSE, pause=pause)
    engine.notify_applicant(
        step, "case.paused", date=step.today.isoformat(), reason_label=label, reason=pause.reason
    )
    engine.commit(step, "case.paused", kind=kind, pause=pause.pk)
    return pause


@engine.transition
def resume_clock(*, number: str, pause_id: int, actor: User, expected_version=None) -> ClockPause:
    """The inspection, test, review or hearing is over: the clock runs again from today."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    pause = case.pauses.filter(pk=pause_id, ended_on=None).first()
    if pause is None:
        raise TransitionNotAllowed(
            _("There is no running pause %(id)s on this case.") % {"id": pause_id}
        )
    if pause.kind == PauseReason.SUPPLEMENT:
        raise TransitionNotAllowed(_("This pause ends when the applicant sends the supplement."))
    require_role(actor, REVIEW_ROLES, pause.department, _("resume the clock"))
    days = engine.close_pause(step, pause)
    event(step, "resumed", by=pause.department, date=step.today.isoformat(), days=days)
    engine.notify_applicant(step, "case.resumed", promised_due=case.promised_due.isoformat())
    engine.commit(step, "case.resumed", pause=pause.pk, days=days)
    return pause


@engine.transition
def request_extension(
    *, number: str, actor: User, days: int, reason: str, expected_version=None
) -> Extension:
    """Ask the head for more time: Art. 42 para. 1 (+10) or, for joint handling under Art. 26,
    Art. 42 para. 2 (+15)."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    department = _involved_department(step, actor, _("request an extension"))
    require_status(case, *DECISION_CLOCK_STATUSES, action=_("extended"))
    cooling_off.refuse_pause_or_extension(case)
    rule = clocks.extension_rule(case.item.process.pattern)
    problems = {}
    if not clocks.extension_still_open(case.extensions.all()):
        raise TransitionNotAllowed(
            _("The time limit can be extended only once, and this case has asked already.")
        )
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= rule.max_days:
        problems["days"] = [
            _(
                "The Administrative Licensing Law, %(citation)s, allows 1 to %(max)d more "
                "working days."
            )
            % {"citation": rule.citation, "max": rule.max_days}
        ]
    if not (reason or "").strip():
        problems["reason"] = [_("Give the reason; the applicant is told.")]
    if problems:
        raise ValidationError(problems)
    extension = Extension.objects.create(
        case=case,
        division_code=case.division_code,
        days=days,
        article=rule.article,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=step.now,
    )
    event(step, "extension_requested", by=department, days=days, reason=extension.reason)
    engine.commit(step, "case.extension_requested", extension=extension.pk, days=days)
    return extension


@engine.transition
def decide_extension(
    *, number: str, extension_id: int, actor: User, approve: bool = True, expected_version=None
) -> Extension:
    """The head of the lead department approves (or rejects) a pending extension."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    require_role(actor, (Role.HEAD,), case.lead_department, _("approve extensions"))
    extension = case.extensions.filter(pk=extension_id, status=ExtensionStatus.PENDING).first()
    if extension is None:
        raise TransitionNotAllowed(
            _("There is no pending extension %(id)s on this case.") % {"id": extension_id}
        )
    if not clocks.may_decide_extension(actor.pk, extension):
        raise PermissionDenied(
            _("Another head must approve or reject the extension you asked for.")
        )
    extension.decided_by, extension.decided_at = actor, step.now
    if not approve:
        extension.status = ExtensionStatus.REJECTED
        extension.save()
        event(step, "extension_rejected", by=case.lead_department)
        engine.commit(step, "case.extension_rejected", extension=extension.pk)
        return extension
    require_status(case, *DECISION_CLOCK_STATUSES, action=_("extended"))
    extension.status = ExtensionStatus.APPROVED
    extension.save()
    case.extension_days = extension.days
    engine.set_decision_due_dates(step)
    params = {
        "days": extension.days,
        "article": extension.article,
        "reason": extension.reason,
        "promised_due": case.promised_due.isoformat(),
    }
    event(step, "extension_approved", by=case.lead_department, **params)
    documents.issue(step, DocumentKind.EXTENSION, extension=extension)
    engine.notify_applicant(step, "case.extended", **params)
    engine.commit(step, "case.extended", extension=extension.pk, days=extension.days)
    return extension
