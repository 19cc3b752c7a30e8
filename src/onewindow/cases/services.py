"""Every change of a case (办件), each one transaction with an audit-chain entry.

Applicants submit, resubmit and withdraw; the lead department's window clerk accepts, sends
the one-time correction notice or refuses (行政许可法 Art. 32); each department reviews in
parallel; clocks pause (Art. 45) and extend (Art. 42 / 26); the head decides once for all
departments; the clerk delivers (Art. 44). The departments' side (review tasks, pauses,
extensions) is written in ``cases.review`` and exported from here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Role, User
from onewindow.cases import (
    application,
    certificate_data,
    clocks,
    cooling_off,
    deferred,
    documents,
    due_dates,
    engine,
    idempotency,
    joint_measures,
    output,
    registry_data,
    routing,
    selectors,
    workflow,
)
from onewindow.cases import commitments as committing
from onewindow.cases.authority import (
    intake_window,
    require_applicant,
    require_eligible_applicant,
    require_role,
)
from onewindow.cases.engine import Step, event, require_status
from onewindow.cases.errors import OutsideRequest, TransitionNotAllowed
from onewindow.cases.models import (
    DECISION_CLOCK_STATUSES,
    DELIVERY_CLOCK_STATUSES,
    Case,
    CaseMaterial,
    CaseSequence,
    CorrectionNotice,
    DocumentKind,
    MaterialSource,
    Outcome,
    PauseReason,
    ReviewTask,
    Status,
    TaskStage,
    TaskStatus,
)
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.vocabulary import SourceKind
from onewindow.certificates import codes
from onewindow.core import services as core_services
from onewindow.core.clock import WorkingCalendar
from onewindow.notifications import services as notifications
from onewindow.supervision import services as supervision

WITHDRAWABLE = (Status.SUBMITTED, Status.CORRECTION, Status.IN_REVIEW, Status.AWAITING_DECISION)


def _next_number(division_code: str, today) -> str:
    """Division code + date + sequence, e.g. 440100-20261121-00042."""
    last = core_services.take_next(CaseSequence, division_code=division_code, day=today)
    return f"{division_code}-{today:%Y%m%d}-{last:05d}"


def _store_materials(step: Step, plan: application.MaterialPlan, round_: int) -> None:
    case = step.case
    names = {m.key: m.name for m in case.item.materials.all()}
    for key, checked in plan.uploads.items():
        material = CaseMaterial(
            case=case,
            division_code=case.division_code,
            key=key,
            name=names[key],
            source=MaterialSource.UPLOAD,
            original_name=checked.name[:200],
            content_type=checked.content_type,
            size=len(checked.content),
            digest=checked.digest,
            round=round_,
            submitted_at=step.now,
        )
        material.file.save(checked.name, ContentFile(checked.content), save=False)
        material.save()
    for key, reference in plan.references.items():
        kind = reference.split(":", 1)[0]
        CaseMaterial.objects.create(
            case=case,
            division_code=case.division_code,
            key=key,
            name=names[key],
            source=MaterialSource.REGISTRY
            if kind == SourceKind.REGISTRY
            else MaterialSource.CERTIFICATE,
            reference=reference,
            round=round_,
            submitted_at=step.now,
        )


def submit(
    *,
    applicant: User,
    item_code: str,
    form: dict,
    uploads: dict[str, tuple[str, bytes]] | None = None,
    idempotency_key: str = "",
    place: str = "",
    commitments: set[str] | list[str] | tuple = (),
) -> Case:
    """File an application; the same idempotency key with the same request always yields the
    same single case, and with another request is refused (``idempotency.KeyReused``).

    ``place`` is the division the applicant chose to apply in; by default their registered
    one. The case goes to that place's item instance (``routing.route``). ``commitments``
    names the materials the applicant replaces with a written commitment (告知承诺,
    ``cases.commitments``).
    """
    idempotency_key = (idempotency_key or "").strip()[:64]
    uploads = uploads or {}
    place = (place or "").strip()
    # The chosen place is part of the request: the same key with another place is refused.
    request = f"{item_code}@{place}" if place else item_code
    if commitments:  # the commitments are part of the request too
        request += " commit:" + ",".join(sorted(commitments))
    request_fingerprint = idempotency.fingerprint(request, form, uploads)
    existing = selectors.case_by_idempotency_key(applicant, idempotency_key)
    if existing is not None:
        return idempotency.same_request(existing, request_fingerprint)
    try:
        with engine.change():
            return _submit(
                applicant,
                item_code,
                form,
                uploads,
                idempotency_key,
                request_fingerprint,
                place,
                commitments,
            )
    except IntegrityError:
        # A concurrent submit with the same key won the race; answer with its case.
        existing = selectors.case_by_idempotency_key(applicant, idempotency_key)
        if existing is not None:
            return idempotency.same_request(existing, request_fingerprint)
        raise


def _commitment_problems(item, keys: set[str], credit) -> dict[str, list[str]]:
    """告知承诺 only for a material the catalogue allows it for, and only where the measure
    applies to this applicant (国办发〔2020〕42号)."""
    materials = {m.key: m for m in item.materials.filter(key__in=keys)}
    problems = {}
    for key in sorted(keys):
        material = materials.get(key)
        if material is None:
            problem = _("This service asks for no material %(key)s.") % {"key": key}
        elif not material.committable:
            problem = _("%(name)s cannot be replaced by a commitment; upload it.") % {
                "name": material.display_name
            }
        elif key not in credit.committable:
            problem = committing.refusal([material.display_name])
        else:
            continue
        problems[f"materials.{key}"] = [problem]
    return problems


def _submit(
    applicant,
    item_code,
    form,
    uploads,
    idempotency_key,
    request_fingerprint,
    place="",
    commitments=(),
) -> Case:
    item = (
        ServiceItem.objects.select_related("process", "lead_department__division")
        .filter(code=item_code, published=True)
        .first()
    )
    if item is None:
        raise ValidationError(
            {"item": [_("There is no published service %(code)s.") % {"code": item_code}]}
        )
    require_eligible_applicant(applicant, item)
    cleaned, plan = {}, None
    form, problems = application.bound_identity(item, applicant, form)
    try:
        cleaned = application.clean_form(item, form)
    except ValidationError as exc:
        problems = {**exc.message_dict, **problems}
    route, credit = None, joint_measures.Intake()
    try:
        route = routing.route(item, applicant, place)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    else:  # 联合奖惩: the applicant's signed credit check, before anything is written
        credit = joint_measures.evaluate(
            applicant, item, route.department, registry_data.applicant_check
        )
        if credit.refusal:
            problems["applicant"] = [credit.refusal]
    commitments = set(commitments or ()) - set(uploads)  # an upload needs no commitment
    problems.update(_commitment_problems(item, commitments, credit))
    try:
        # A commitment refused above is reported as such, not as a missing upload.
        plan = application.plan_materials(item, uploads, deferred=credit.deferrable | commitments)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    today = timezone.localdate(now)
    calendar = WorkingCalendar()
    intake = clocks.intake_due(today, calendar)
    division = route.division_code
    case = Case(
        number=_next_number(division, today),
        division_code=division,
        item=item,
        instance=route.instance,
        applicant=applicant,
        lead_department=route.department,
        form_data=cleaned,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=request_fingerprint if idempotency_key else "",
        submitted_at=now,
        received_on=today,
        intake_due=intake.date,
        due_provisional=intake.provisional,
        version=0,
        progress_code=codes.new(),
        joint_measures=credit.snapshot(),
    )
    step = Step(case=case, actor=applicant, now=now, calendar=calendar)
    step.workflow = workflow.start(item)
    case.workflow_state = workflow.dump(step.workflow)
    case.save()
    _store_materials(step, plan, round_=1)
    deferred.owe(step, credit, set(plan.uploads))
    committing.record(step, credit, commitments & credit.committable)
    registry_data.fetch_for_case(case, credit.check)
    certificate_data.attach_held(case)
    engine.project(step)
    event(step, "submitted", number=case.number, item=item.name)
    engine.notify_applicant(step, "case.submitted")
    engine.commit(step, "case.submitted", item=item.code)
    return case


def _lead_clerk(step: Step, what: str) -> None:
    require_role(step.actor, (Role.WINDOW_CLERK,), step.case.lead_department, what)


def _intake_clerk(step: Step, what: str) -> dict:
    """The clerk's authority for intake; when a service centre's central window acts for the
    lead department, the event and the audit entry say so ("window")."""
    centre = intake_window(step.actor, step.case, what)
    return {} if centre is None else {"window": centre.name, "window_code": centre.code}


def _accept(step: Step, *, by_law: bool, window: dict | None = None) -> None:
    case = step.case
    case.accepted_on = case.received_on if by_law else step.today
    case.accepted_by_law = by_law
    if cooling_off.applies(case.item):  # 民法典 Art. 1077: calendar days, not a decision limit
        cooling_off.start(step)
    else:
        case.statutory_limit = case.item.statutory_limit
        # The instance's promised limit (实施清单), never above the item's statutory one.
        case.promised_limit = min(
            case.instance.promised_limit if case.instance_id else case.item.promised_limit,
            case.statutory_limit,
        )
        engine.set_decision_due_dates(step)
    params = {
        "department": case.lead_department.name,
        "promised_due": case.promised_due.isoformat(),
        "statutory_due": case.statutory_due.isoformat(),
    }
    if by_law:
        event(
            step,
            "accepted_by_law",
            by=case.lead_department,
            accepted_on=case.accepted_on.isoformat(),
        )
    event(step, "accepted", by=case.lead_department, **params, **(window or {}))
    if "intake" in workflow.ready_steps(step.workflow):
        workflow.complete_step(step.workflow, "intake", {"accepted": True})
    engine.project(step)
    documents.issue(step, DocumentKind.ACCEPTANCE)
    engine.notify_applicant(step, "case.accepted", **params)


@engine.transition
def accept(*, number: str, actor: User, expected_version: int | None = None) -> Case:
    """Unified intake (统一受理): the application is complete; the clocks start today."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    window = _intake_clerk(step, _("accept applications"))
    require_status(step.case, Status.SUBMITTED, action=_("accepted"))
    _accept(step, by_law=False, window=window)
    engine.commit(step, "case.accepted", **window)
    return step.case


@engine.transition
def send_correction_notice(
    *,
    number: str,
    actor: User,
    items: list[dict],
    note: str = "",
    expected_version: int | None = None,
) -> CorrectionNotice:
    """The one notice listing every material to correct (一次性告知, Art. 32)."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    window = _intake_clerk(step, _("send correction notices"))
    require_status(case, Status.SUBMITTED, action=_("sent a correction notice"))
    rows = application.material_items(
        case.item, items, empty_message=_("List at least one material to correct.")
    )
    notice = CorrectionNotice.objects.create(
        case=case,
        division_code=case.division_code,
        items=rows,
        note=note.strip(),
        issued_by=actor,
        issued_at=step.now,
    )
    case.status = Status.CORRECTION
    case.intake_due = None
    event(step, "correction", by=case.lead_department, count=len(rows), **window)
    documents.issue(step, DocumentKind.CORRECTION, notice=notice)
    engine.notify_applicant(step, "case.correction", count=len(rows))
    engine.commit(
        step,
        "case.correction_sent",
        items=[row.get("key") or f"form.{row['field']}" for row in rows],
        **window,
    )
    return notice


@engine.transition
def refuse(*, number: str, actor: User, reason: str, expected_version: int | None = None) -> Case:
    """不予受理: not accepted, with the reason and the applicant's remedies in the notice."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    window = _intake_clerk(step, _("refuse applications"))
    require_status(case, Status.SUBMITTED, Status.CORRECTION, action=_("refused"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for not accepting.")]})
    workflow.cancel(step.workflow)
    case.status, case.closed_at, case.intake_due = Status.REFUSED, step.now, None
    event(
        step,
        "refused",
        by=case.lead_department,
        department=case.lead_department.name,
        reason=reason,
        **window,
    )
    documents.issue(step, DocumentKind.REFUSAL, reason=reason)
    engine.notify_applicant(step, "case.refused", reason=reason)
    committing.close_open(case, step.now)
    engine.commit(step, "case.refused", reason=reason, **window)
    return case


@engine.transition
def resubmit(
    *,
    number: str,
    applicant: User,
    uploads: dict[str, tuple[str, bytes]] | None = None,
    form: dict | None = None,
    expected_version: int | None = None,
) -> Case:
    """Answer a correction notice or a reviewer's supplement request with what it asked for.

    A resubmission changes only what the request named: a form sent along may repeat the
    stored values, but a change to any field the request did not name is refused (409).
    """
    step = Step(case=engine.lock(number, expected_version, viewer=applicant), actor=applicant)
    case = step.case
    require_applicant(applicant, case)
    uploads = uploads or {}
    if case.status == Status.CORRECTION:
        notice = case.corrections.filter(answered_at=None).last()
        keys = _asked_materials(notice.items)
        changed = _replace_materials(step, uploads, keys, form, _asked_fields(notice.items))
        notice.answered_at = step.now
        notice.save(update_fields=["answered_at"])
        case.status, case.received_on = Status.SUBMITTED, step.today
        intake = clocks.intake_due(step.today, step.calendar)
        case.intake_due, case.due_provisional = intake.date, intake.provisional
        event(step, "resubmitted")
        engine.commit(step, "case.resubmitted", materials=sorted(keys), fields=changed)
        return case
    pause = case.pauses.filter(ended_on=None, kind=PauseReason.SUPPLEMENT).first()
    if pause is None:
        raise TransitionNotAllowed(
            _("Case %(number)s is not waiting for corrections or a supplement.")
            % {"number": case.number}
        )
    keys = _asked_materials(pause.supplement_items)
    changed = _replace_materials(step, uploads, keys, form, _asked_fields(pause.supplement_items))
    days = engine.close_pause(step, pause)
    ReviewTask.objects.filter(pk=pause.task_id).update(status=TaskStatus.OPEN)
    event(step, "supplemented", by=pause.department)
    event(step, "resumed", date=step.today.isoformat(), days=days)
    engine.notify_applicant(step, "case.resumed", promised_due=case.promised_due.isoformat())
    engine.commit(
        step, "case.supplemented", materials=sorted(keys), fields=changed, paused_days=days
    )
    return case


@engine.transition
def supply_deferred(
    *,
    number: str,
    applicant: User,
    uploads: dict[str, tuple[str, bytes]] | None = None,
    expected_version: int | None = None,
) -> Case:
    """容缺受理: send the materials the case was accepted without; each upload is one of them."""
    step = Step(case=engine.lock(number, expected_version, viewer=applicant), actor=applicant)
    case = step.case
    require_applicant(applicant, case)
    owed = {m.key: m for m in deferred.outstanding(case)}
    if not owed or not case.is_open:
        raise TransitionNotAllowed(_("Case %(number)s owes no material.") % {"number": case.number})
    uploads = {key: upload for key, upload in (uploads or {}).items() if upload}
    if not uploads:
        raise ValidationError({"materials": [_("Choose the file of a material you owe.")]})
    not_owed = sorted(set(uploads) - set(owed))
    if not_owed:
        raise ValidationError(
            {
                f"materials.{key}": [_("This case owes no material %(key)s.") % {"key": key}]
                for key in not_owed
            }
        )
    plan = application.plan_materials(case.item, uploads, only=set(uploads))
    for key in plan.uploads:
        owed[key].supplied_at = step.now
        owed[key].save(update_fields=["supplied_at"])
    last_round = max(case.materials.values_list("round", flat=True), default=1)
    _store_materials(step, application.MaterialPlan(plan.uploads, {}), round_=last_round + 1)
    supplied = [owed[key] for key in plan.uploads]
    event(
        step,
        "deferred_supplied",
        materials="、".join(m.name for m in supplied),
        materials_en=", ".join(m.name_en or m.name for m in supplied),
    )
    engine.commit(step, "case.deferred_supplied", materials=sorted(plan.uploads))
    return case


def _asked_materials(rows: list[dict]) -> set[str]:
    return {row["key"] for row in rows if row.get("key")}


def _asked_fields(rows: list[dict]) -> set[str]:
    """The form fields a correction or supplement request named (rows with a ``field``)."""
    return {row["field"] for row in rows if row.get("field")}


def _replace_materials(step: Step, uploads, keys: set[str], form, fields: set[str]) -> list[str]:
    """Store the new round of the asked materials and the asked form fields; the changed
    field names are returned. Nothing is stored if any part is refused."""
    case = step.case
    problems: dict[str, list[str]] = {}
    plan, cleaned = None, None
    try:
        plan = application.plan_materials(case.item, uploads, only=keys)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if form is not None:
        try:
            bound = application.bind_identity(case.item, case.applicant, form)
            cleaned = application.clean_form(case.item, bound)
        except ValidationError as exc:
            problems.update(exc.message_dict)
    if problems:
        raise ValidationError(problems)
    changed = []
    if cleaned is not None:
        changed = application.changed_fields(case.item, case.form_data, cleaned)
        outside = [name for name in changed if name not in fields]
        if outside:
            raise OutsideRequest(outside, application.field_titles(case.item, outside))
        if changed:
            changes = application.diff(case.item, case.form_data, cleaned, changed)
            event(step, "form_corrected", changes=changes)
        case.form_data = cleaned
    last_round = max(case.materials.values_list("round", flat=True), default=1)
    case.materials.filter(key__in=plan.uploads.keys(), superseded=False).update(superseded=True)
    _store_materials(step, application.MaterialPlan(plan.uploads, {}), round_=last_round + 1)
    return changed


AMENDABLE = (Status.SUBMITTED, Status.IN_REVIEW, Status.AWAITING_DECISION)


@engine.transition
def amend(
    *,
    number: str,
    applicant: User,
    form: dict,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    """变更申请: the applicant changes the application's form before the decision.

    An applicant may amend a pending application until the decision is made (the licence is
    then granted on what was finally applied for; 行政许可法 Art. 49 governs changing a licence
    once granted, which is a new application, not this). Every review already given was given
    on the old form, so each one reopens for its department, who sees the change field by
    field; the clock keeps running from acceptance.
    """
    step = Step(case=engine.lock(number, expected_version, viewer=applicant), actor=applicant)
    case = step.case
    require_applicant(applicant, case)
    require_status(case, *AMENDABLE, action=_("amended"))
    if case.pauses.filter(ended_on=None, kind=PauseReason.SUPPLEMENT).exists():
        raise TransitionNotAllowed(
            _("Case %(number)s is waiting for your supplement; send it first.")
            % {"number": case.number}
        )
    problems: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        problems["reason"] = [_("Say why the application changes; every department reads it.")]
    cleaned = None
    try:
        bound = application.bind_identity(case.item, applicant, form)
        cleaned = application.clean_form(case.item, bound)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    changed = application.changed_fields(case.item, case.form_data, cleaned or case.form_data)
    if cleaned is not None and not changed:
        problems["form"] = [_("The form is the same as the one under review; nothing changes.")]
    if problems:
        raise ValidationError(problems)
    changes = application.diff(case.item, case.form_data, cleaned, changed)
    case.form_data = cleaned
    reopened = _reopen_reviews(step)
    event(step, "amended", reason=reason, changes=changes)
    for task in reopened:
        event(step, "reopened", by=task.department, department=task.department.name)
    engine.project(step)
    engine.notify_applicant(step, "case.amended", count=len(changed))
    _notify_reviewers(step, reopened)
    engine.commit(
        step,
        "case.amended",
        fields=changed,
        reason=reason,
        reopened=sorted({task.department.code for task in reopened}),
    )
    return case


def _reopen_reviews(step: Step) -> list[ReviewTask]:
    """Run the workflow's review step again once any department has reviewed: every task of
    the round reopens (or is closed for a new one); returns the departments' review tasks."""
    case = step.case
    stages = (TaskStage.REVIEW, TaskStage.INSPECTION, TaskStage.NOTICE)
    current = list(
        case.tasks.filter(stage__in=stages)
        .exclude(status__in=[TaskStatus.CANCELLED, TaskStatus.REOPENED])
        .select_related("department")
    )
    if not any(task.status in (TaskStatus.APPROVED, TaskStatus.DENIED) for task in current):
        return []
    if not workflow.reopen_reviews(step.workflow):
        return []
    pause = case.pauses.filter(ended_on=None, task__in=current).first()
    if pause is not None:  # an on-site inspection under way restarts after the new review
        engine.close_pause(step, pause)
    # A single review task is made ready again under its own id: that row opens again. The
    # instances of a parallel review are new workflow tasks: their rows are projected anew.
    ready = {task.id for task in workflow.ready_tasks(step.workflow)}
    again = [task.pk for task in current if task.workflow_task in ready]
    ReviewTask.objects.filter(pk__in=again).update(
        status=TaskStatus.OPEN,
        opinion="",
        conditions="",
        reviewer=None,
        completed_at=None,
        opened_at=step.now,
        due_on=case.promised_due,
    )
    ReviewTask.objects.filter(pk__in=[t.pk for t in current if t.pk not in again]).update(
        status=TaskStatus.REOPENED, completed_at=step.now
    )
    return [task for task in current if task.stage == TaskStage.REVIEW]


def _notify_reviewers(step: Step, reopened: list[ReviewTask]) -> None:
    """Tell the reviewers of every department handling the case that the application changed."""
    case = step.case
    departments = {task.department_id for task in case.tasks.all()} | {case.lead_department_id}
    reviewers = (
        User.objects.filter(
            role_assignments__department_id__in=departments,
            role_assignments__role__in=[Role.REVIEWER, Role.HEAD],
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
    for reviewer in reviewers:
        notifications.notify(
            reviewer,
            kind="case.amended_for_review",
            params={"number": case.number, "item": case.item.name, "reopened": len(reopened)},
            link=f"/workbench/cases/{case.number}/",
            case_number=case.number,
        )


@engine.transition
def verify_commitment(
    *,
    number: str,
    key: str,
    actor: User,
    truthful: bool,
    finding: str,
    expected_version: int | None = None,
) -> Case:
    """告知承诺: the lead department records its check of one commitment (国办发〔2020〕42号);
    found untrue, the case can only be denied, and a licence granted on it is revoked."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    row = committing.verify(step, key, truthful=truthful, finding=finding)
    if not truthful:
        engine.notify_applicant(
            step, "case.commitment_untrue", material=row.name, material_en=row.name_en
        )
    engine.commit(step, "case.commitment_verified", key=key, truthful=truthful)
    return step.case


@engine.transition
def withdraw(*, number: str, applicant: User, expected_version: int | None = None) -> Case:
    """The applicant withdraws before the decision; every open task is cancelled."""
    step = Step(case=engine.lock(number, expected_version, viewer=applicant), actor=applicant)
    case = step.case
    require_applicant(applicant, case)
    require_status(case, *WITHDRAWABLE, action=_("withdrawn"))
    workflow.cancel(step.workflow)
    open_tasks = case.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.WAITING])
    open_tasks.update(status=TaskStatus.CANCELLED, completed_at=step.now)
    pause = case.pauses.filter(ended_on=None).first()
    if pause is not None:
        engine.close_pause(step, pause)
    case.status, case.closed_at, case.intake_due = Status.WITHDRAWN, step.now, None
    committing.close_open(case, step.now)
    event(step, "withdrawn")
    engine.notify_applicant(step, "case.withdrawn")
    engine.commit(step, "case.withdrawn")
    return case


def accept_overdue_intakes(*, today=None) -> list[str]:
    """Art. 32: intake silent for 5 working days → accepted as of the day of receipt."""
    today = today or timezone.localdate()
    numbers = list(
        Case.objects.filter(status=Status.SUBMITTED, intake_due__lt=today).values_list(
            "number", flat=True
        )
    )
    accepted = []
    for number in numbers:
        with engine.change():
            step = Step(case=engine.lock(number), actor=None)
            if step.case.status != Status.SUBMITTED or not step.case.intake_due < today:
                continue
            _accept(step, by_law=True)
            engine.raise_flags(step)
            engine.commit(
                step, "case.accepted_by_law", received_on=step.case.received_on.isoformat()
            )
            accepted.append(number)
    return accepted


@engine.transition
def decide(
    *, number: str, actor: User, note: str = "", expected_version: int | None = None
) -> Case:
    """One decision for every department: all approved → grant; any denial → deny."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    roles = (Role.HEAD, Role.WINDOW_CLERK) if case.item.instant else (Role.HEAD,)
    require_role(actor, roles, case.lead_department, _("issue the decision"))
    require_status(case, Status.AWAITING_DECISION, action=_("decided"))
    cooling_off.require_appearance_window(step)
    # 告知承诺 found untrue stops the case (国办发〔2020〕42号): the decision is a denial.
    denied = case.tasks.filter(status=TaskStatus.DENIED).exists() or committing.untrue(case)
    granted = not denied
    case.outcome = Outcome.GRANTED if granted else Outcome.DENIED
    case.decided_on, case.decision_note = step.today, (note or "").strip()
    delivery = clocks.delivery_due(step.today, step.calendar)
    case.delivery_due = delivery.date
    case.due_provisional = case.due_provisional or delivery.provisional
    step_id = "handle" if "handle" in workflow.ready_steps(step.workflow) else "decide"
    workflow.complete_step(step.workflow, step_id, {"granted": granted})
    engine.project(step)
    if granted:
        event(
            step,
            "decided_granted",
            by=case.lead_department,
            delivery_due=case.delivery_due.isoformat(),
        )
        certificate_data.issue_for_grant(step)
        output.charge_fee(step)
    else:
        event(step, "decided_denied", by=case.lead_department)
    documents.issue(step, DocumentKind.DECISION)
    engine.notify_applicant(step, "case.decided")
    engine.commit(step, "case.decided", outcome=case.outcome)
    return case


def refresh_flags() -> dict[str, int]:
    """e-supervision sweep: stamp yellow and red cards on every running clock, the cases' own
    (``yellow_at``/``red_at``, counted in the answer) and the ledger's (every kind of matter,
    with their escalation: ``supervision.services.raise_cards``)."""
    counts = {"yellow": 0, "red": 0}
    numbers = Case.objects.filter(
        status__in=[*DECISION_CLOCK_STATUSES, *DELIVERY_CLOCK_STATUSES],
        clock_paused=False,
        red_at=None,
    ).values_list("number", flat=True)
    calendar = WorkingCalendar()
    for number in list(numbers):
        with engine.change():
            step = Step(case=engine.lock(number), actor=None, calendar=calendar)
            raised = engine.raise_flags(step)
            for flag in raised:
                counts[flag] += 1
            if raised:
                engine.commit(step, "case.flagged", flags=raised)
    # The ledger's cards (every kind of matter, cases included) and their escalation: the
    # supervision pages read those, not the cases' own yellow_at/red_at.
    supervision.raise_cards()
    return counts


@transaction.atomic
def recompute_due_dates(*, actor=None) -> list[str]:
    """After a working-calendar edit: every open case's due dates from the new calendar.

    Set-based (``cases.due_dates``); returns the numbers of the cases whose dates moved.
    """
    return due_dates.recompute(actor=actor)


from onewindow.cases.output import (  # noqa: E402  the result side: fees and delivery
    choose_delivery,
    deliver,
    record_fee_payment,
)
from onewindow.cases.review import (  # noqa: E402  the departments' side of the same cases
    approve,
    decide_extension,
    deny,
    pause_clock,
    request_extension,
    request_supplement,
    resume_clock,
)

__all__ = [
    "accept",
    "accept_overdue_intakes",
    "amend",
    "approve",
    "choose_delivery",
    "decide",
    "decide_extension",
    "deliver",
    "deny",
    "pause_clock",
    "recompute_due_dates",
    "record_fee_payment",
    "refresh_flags",
    "refuse",
    "request_extension",
    "request_supplement",
    "resubmit",
    "resume_clock",
    "send_correction_notice",
    "submit",
    "supply_deferred",
    "withdraw",
]
