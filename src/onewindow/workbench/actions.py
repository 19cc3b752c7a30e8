"""Which actions a case page offers: one small rule per action, from roles and the case's state.

These only decide what to show; every service checks authorization again when it runs.
"""

from __future__ import annotations

from django.utils import timezone

from onewindow.cases import certificate_data, clocks, cooling_off, output_window
from onewindow.cases.authority import centre_of
from onewindow.cases.inbox import Desk
from onewindow.cases.measure_models import Verification
from onewindow.cases.models import (
    DECISION_CLOCK_STATUSES,
    Extension,
    ExtensionStatus,
    PauseReason,
    ReviewTask,
    Status,
    TaskStatus,
)
from onewindow.cases.selectors import CaseFile
from onewindow.payments.providers.contrib import counter


def _intake_clerk(desk: Desk, file: CaseFile) -> bool:
    """A window clerk of the lead department or of the centre taking intake for it."""
    centre = centre_of(file.case)
    return file.case.lead_department_id in desk.clerk or (
        centre is not None and centre.pk in desk.clerk
    )


def can_intake(desk: Desk, file: CaseFile) -> bool:
    """Accept or send the one-time correction notice: the lead department's window clerk or
    the central window of the service centre (``authority.intake_window``)."""
    return file.case.status == Status.SUBMITTED and _intake_clerk(desk, file)


def can_refuse(desk: Desk, file: CaseFile) -> bool:
    case = file.case
    return case.status in (Status.SUBMITTED, Status.CORRECTION) and _intake_clerk(desk, file)


def my_open_task(desk: Desk, file: CaseFile) -> ReviewTask | None:
    """The open review task of one of the user's departments, if any."""
    return next(
        (
            task
            for task in file.tasks
            if task.status == TaskStatus.OPEN and task.department_id in desk.review
        ),
        None,
    )


def _involved(desk: Desk, file: CaseFile) -> bool:
    return file.case.lead_department_id in desk.review or any(
        task.department_id in desk.review for task in file.tasks
    )


def can_pause(desk: Desk, file: CaseFile) -> bool:
    case = file.case
    return (
        case.status in DECISION_CLOCK_STATUSES
        and not case.clock_paused
        and file.cooling_off is None  # Art. 1077's periods are not paused (Art. 45 is licensing)
        and _involved(desk, file)
    )


def resumable_pause(desk: Desk, file: CaseFile):
    """The running pause the user's department may end (a supplement ends by itself)."""
    pause = file.open_pause
    if pause is None or pause.kind == PauseReason.SUPPLEMENT:
        return None
    return pause if pause.department_id in desk.review else None


def can_request_extension(desk: Desk, file: CaseFile) -> bool:
    """Once per case (Art. 42 / 26), while the decision clock runs."""
    return (
        file.case.status in DECISION_CLOCK_STATUSES
        and file.cooling_off is None  # Art. 1077's periods are fixed by law
        and _involved(desk, file)
        and clocks.extension_still_open(file.extensions)
    )


def pending_extension(desk: Desk, file: CaseFile) -> Extension | None:
    """An extension awaiting the head of the lead department, unless this head asked for it."""
    if file.case.lead_department_id not in desk.head:
        return None
    if file.case.status not in DECISION_CLOCK_STATUSES:
        return None
    extension = next((e for e in file.extensions if e.status == ExtensionStatus.PENDING), None)
    if extension is None or not clocks.may_decide_extension(desk.user_id, extension):
        return None
    return extension


def own_pending_extension(desk: Desk, file: CaseFile) -> Extension | None:
    """The user's own extension request still awaiting a head (they may not decide it)."""
    return next(
        (
            e
            for e in file.extensions
            if e.status == ExtensionStatus.PENDING and e.requested_by_id == desk.user_id
        ),
        None,
    )


def can_decide(desk: Desk, file: CaseFile) -> bool:
    """The head of the lead department; for an instant service, its window clerk too."""
    case = file.case
    if case.status != Status.AWAITING_DECISION:
        return False
    if not cooling_off.may_register(case, timezone.localdate()):
        return False  # 民法典 Art. 1077: only in the joint appearance window
    lead = case.lead_department_id
    return lead in desk.head or (case.item.instant and lead in desk.clerk)


def can_record_cooling_off_withdrawal(desk: Desk, file: CaseFile) -> bool:
    """A spouse withdraws at the registry during the cooling-off period (民法典 Art. 1077):
    the lead department's window clerk records it."""
    return (
        file.cooling_off_phase == cooling_off.Phase.COOLING_OFF
        and file.case.status == Status.AWAITING_DECISION
        and file.case.lead_department_id in desk.clerk
    )


def can_deliver(desk: Desk, file: CaseFile) -> bool:
    """A window clerk of the lead department or of the service centre's output window."""
    case = file.case
    if case.status != Status.AWAITING_DELIVERY:
        return False
    return any(d.pk in desk.clerk for d in output_window.delivering_departments(case))


def fee_to_record(desk: Desk, fees: list):
    """The first unpaid fee a window clerk of its counters may take (payments' counter rule)."""
    for notice in fees:
        if not notice.is_paid and any(d.pk in desk.clerk for d in counter.counters(notice)):
            return notice
    return None


def commitments_to_verify(file: CaseFile) -> list:
    """告知承诺: the case's commitments not yet checked."""
    rows = file.case.committed_materials.all()
    return [row for row in rows if row.outcome == Verification.PENDING]


def can_verify_commitment(desk: Desk, file: CaseFile) -> bool:
    """A reviewer or head of the lead department, while a commitment waits for its check."""
    lead = file.case.lead_department_id
    return (lead in desk.review or lead in desk.head) and bool(commitments_to_verify(file))


def revocable_certificate(desk: Desk, file: CaseFile):
    """The case's certificate, if it is in force and the user heads its issuing department."""
    certificate = certificate_data.issued(file.case)
    if certificate is None or certificate.revoked_at is not None:
        return None
    return certificate if certificate.issuer_id in desk.head else None
