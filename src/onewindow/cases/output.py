"""The result side of a case (统一出件): the fee due on a grant, its payment, the applicant's
choice of delivery, and the delivery itself. Exported from ``cases.services``.

Fees (行政许可法 Art. 58-59): the payment notice is issued with the decision to grant (see
``payments.services``); a result with an unpaid fee is not handed out. Delivery (Art. 44):
within 10 working days of the decision, at the service centre's output window, by post with a
tracking number, or online for an electronic result; the window clerks of the lead department
and of the division's service centre deliver (``cases.output_window``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from onewindow.accounts.models import Role, User
from onewindow.cases import delivery, documents, engine, output_window, workflow
from onewindow.cases.authority import departments_with_role, require_applicant
from onewindow.cases.engine import Step, event, require_status
from onewindow.cases.errors import TransitionNotAllowed
from onewindow.cases.models import (
    APPLICANT_DELIVERY_METHODS,
    OPEN_STATUSES,
    Case,
    DeliveryMethod,
    DocumentKind,
    Status,
)
from onewindow.payments import selectors as payment_selectors
from onewindow.payments import services as payments
from onewindow.payments.errors import AlreadyPaid


def charge_fee(step: Step) -> None:
    """On a grant of an item with a fee: the payment notice, listed with the case's documents."""
    case = step.case
    if case.item.is_free:
        return
    notice = payments.issue_notice(
        case_number=case.number,
        division_code=case.division_code,
        item=case.item,
        payer=case.applicant,
        department=case.lead_department,
        service_centre=output_window.service_centre(case),
        document_number=documents.next_number(case, DocumentKind.FEE),
        now=step.now,
        actor=step.actor,
        calendar=step.calendar,
    )
    documents.issue(step, DocumentKind.FEE, fee=notice)
    event(
        step,
        "fee_due",
        by=case.lead_department,
        amount=f"{notice.amount:.2f}",
        reference=notice.reference,
        due_on=notice.due_on.isoformat(),
    )
    engine.notify_applicant(
        step,
        "case.fee_due",
        amount=f"{notice.amount:.2f}",
        reference=notice.reference,
        due_on=notice.due_on.isoformat(),
    )


def _require_output_clerk(step: Step, what: str) -> None:
    """A window clerk of the lead department or of the service centre's output window."""
    case = step.case
    departments = output_window.delivering_departments(case)
    held = departments_with_role(step.actor, (Role.WINDOW_CLERK,))
    if not any(d.pk in held for d in departments):
        raise PermissionDenied(
            _("Only a window clerk of %(departments)s may %(what)s.")
            % {"departments": _(" or ").join(d.name for d in departments), "what": what}
        )


@engine.transition
def record_fee_payment(
    *,
    number: str,
    actor: User,
    reference: str,
    amount,
    receipt_number: str,
    provider: str = "counter",
    expected_version: int | None = None,
) -> Case:
    """A fee paid (at the counter: the clerk took the money and gives the receipt)."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    notice = payment_selectors.notices_of_case(case.number).filter(reference=reference).first()
    if notice is None:
        raise ValidationError(
            {
                "reference": [
                    _("Case %(number)s has no payment notice %(reference)s.")
                    % {"number": case.number, "reference": reference}
                ]
            }
        )
    try:
        payment = payments.record_payment(
            reference=notice.reference,
            actor=actor,
            provider=provider,
            data={"amount": amount, "receipt_number": receipt_number},
            now=step.now,
        )
    except AlreadyPaid as error:
        raise TransitionNotAllowed(str(error)) from error
    event(
        step,
        "fee_paid",
        by=payment.department or case.lead_department,
        amount=f"{payment.amount:.2f}",
        reference=notice.reference,
        receipt_number=payment.receipt_number,
    )
    engine.notify_applicant(
        step, "case.fee_paid", amount=f"{payment.amount:.2f}", reference=notice.reference
    )
    engine.commit(
        step,
        "case.fee_paid",
        reference=notice.reference,
        provider=payment.provider,
        receipt_number=payment.receipt_number,
    )
    return case


@engine.transition
def choose_delivery(
    *,
    number: str,
    applicant: User,
    method: str,
    address: str = "",
    expected_version: int | None = None,
) -> Case:
    """The applicant chooses how to receive the result: at the counter, or by post."""
    step = Step(case=engine.lock(number, expected_version, viewer=applicant), actor=applicant)
    case = step.case
    require_applicant(applicant, case)
    require_status(case, *OPEN_STATUSES, action=_("given a delivery choice"))
    if method not in APPLICANT_DELIVERY_METHODS:
        raise ValidationError(
            {"method": [_("Choose pickup at the service centre's window or postal delivery.")]}
        )
    address = delivery.postal_address(address) if method == DeliveryMethod.POST else ""
    case.delivery_method, case.delivery_address = method, address
    event(step, "delivery_chosen", method=method)
    engine.commit(step, "case.delivery_chosen", method=method)
    return case


def _refuse_unpaid(case: Case) -> None:
    notice = payment_selectors.unpaid_notice(case.number)
    if notice is not None:
        raise TransitionNotAllowed(
            _(
                "The fee for %(item)s (%(amount)s yuan, payment notice %(reference)s) is unpaid; "
                "the result is delivered once it is paid."
            )
            % {"item": notice.item_name, "amount": notice.amount, "reference": notice.reference}
        )


@engine.transition
def deliver(
    *,
    number: str,
    actor: User,
    method: str,
    tracking_number: str = "",
    carrier: str = "",
    address: str = "",
    collected_by: str = "",
    collector_id_number: str = "",
    id_checked: bool = False,
    expected_version: int | None = None,
) -> Case:
    """统一出件: handed over at the counter (ID checked), posted with a tracking number, or
    online; then the case is concluded. Refused while a fee is unpaid."""
    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    case = step.case
    _require_output_clerk(step, _("deliver decisions"))
    require_status(case, Status.AWAITING_DELIVERY, action=_("delivered"))
    if method not in DeliveryMethod.values:
        raise ValidationError({"method": [_("Choose how the result is delivered.")]})
    if case.delivery_method and method != case.delivery_method:
        raise ValidationError(
            {
                "method": [
                    _("The applicant chose %(choice)s; deliver the result that way.")
                    % {"choice": DeliveryMethod(case.delivery_method).label}
                ]
            }
        )
    _refuse_unpaid(case)
    params = {}
    if method == DeliveryMethod.POST:
        problems, found = {}, {}
        for name, check in (
            ("tracking_number", lambda: delivery.tracking_number(carrier, tracking_number)),
            ("address", lambda: delivery.postal_address(address or case.delivery_address)),
        ):
            try:
                found[name] = check()
            except ValidationError as error:
                problems.update(error.message_dict)
        if problems:
            raise ValidationError(problems)
        case.tracking_number, case.delivery_carrier = found["tracking_number"], carrier
        case.delivery_address = found["address"]
        params = {"carrier": carrier, "tracking_number": case.tracking_number}
    elif method == DeliveryMethod.COUNTER:
        case.collected_by, case.collector_id_masked = delivery.collector(
            collected_by, collector_id_number, id_checked
        )
        params = {"collected_by": case.collected_by, "id_number": case.collector_id_masked}
    case.delivery_method, case.delivered_at = method, step.now
    workflow.complete_step(step.workflow, workflow.DELIVERY_TASK, {"delivered": method})
    engine.project(step)
    desk = _desk(step)
    event(step, f"delivered_{method}", by=desk, **params)
    if case.status == Status.CONCLUDED:
        case.closed_at = step.now
        event(step, "concluded")
    engine.notify_applicant(step, "case.delivered")
    engine.commit(step, "case.delivered", method=method, **params)
    return case


def _desk(step: Step):
    """The department at whose window the result went out: the service centre if the clerk
    is one of its window clerks, else the lead department."""
    held = departments_with_role(step.actor, (Role.WINDOW_CLERK,))
    departments = output_window.delivering_departments(step.case)
    return next((d for d in reversed(departments) if d.pk in held), step.case.lead_department)
