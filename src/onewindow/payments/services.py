"""Issuing fee notices and recording payments; each one transaction, audited.

When a fee is due (行政许可法 Art. 58-59): only fees a law or administrative regulation sets
may be charged, at the published rate, and all of it goes to the treasury. The catalogue
states each item's fee and its basis (``ServiceItem.fee_amount`` / ``fee_basis``). The fee
is charged for the licence issued, so the notice is issued with the decision to grant: a
denied applicant owes nothing and nothing has to be refunded. It is payable within
``PAYMENT_LIMIT`` working days, half of the ten the department has to deliver the licence
(Art. 44), so that the licence can still be delivered on time once paid.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.catalog.models import ServiceItem
from onewindow.core import audit
from onewindow.core import services as core_services
from onewindow.core.clock import WorkingCalendar, WorkingDays
from onewindow.payments import references
from onewindow.payments.errors import AlreadyPaid
from onewindow.payments.models import FeeNotice, FeeStatus, Payment, ReferenceSequence
from onewindow.payments.providers import registry

PAYMENT_LIMIT = WorkingDays(5)


def _payee(department: Department) -> str:
    """Fees are collected by the charging department for the treasury (Art. 59)."""
    return _("%(department)s (collected for the treasury)") % {"department": department.name}


@transaction.atomic
def issue_notice(
    *,
    case_number: str,
    division_code: str,
    item: ServiceItem,
    payer: User,
    department: Department,
    service_centre: Department | None,
    document_number: str,
    now: datetime,
    actor=None,
    calendar: WorkingCalendar | None = None,
) -> FeeNotice | None:
    """The payment notice for ``item``'s fee on a granted case; ``None`` if it is free."""
    if item.is_free:
        return None
    calendar = calendar or WorkingCalendar()
    today = timezone.localdate(now)
    due = calendar.add_working_days(today, PAYMENT_LIMIT)
    sequence = core_services.take_next(
        ReferenceSequence, division_code=division_code, year=today.year
    )
    with translation.override("zh-hans"):  # written on the notice, in Chinese
        payee = _payee(department)
    notice = FeeNotice.objects.create(
        reference=references.make(division_code, today.year, sequence),
        case_number=case_number,
        division_code=division_code,
        item_code=item.code,
        item_name=item.name,
        payer=payer,
        department=department,
        service_centre=service_centre,
        payee=payee,
        amount=item.fee_amount,
        basis=item.fee_basis,
        document_number=document_number,
        issued_on=today,
        due_on=due.date,
        due_provisional=due.provisional,
        created_at=now,
    )
    audit.record(
        "payment.notice_issued",
        object_type="fee_notice",
        object_id=notice.reference,
        actor=actor,
        data={
            "case": case_number,
            "amount": str(notice.amount),
            "basis": notice.basis,
            "due_on": notice.due_on.isoformat(),
        },
    )
    return notice


@transaction.atomic
def record_payment(
    *, reference: str, actor: User, provider: str = "counter", data: dict, now=None
) -> Payment:
    """Settle the notice ``reference`` with what ``provider`` received.

    Refused: a provider not enabled (``provider``), a wrong amount or receipt number (the
    provider names the field), an actor the provider does not accept, a notice already paid.
    """
    now = now or timezone.now()
    chosen = registry.enabled_provider(provider)
    if chosen is None:
        raise ValidationError(
            {
                "provider": [
                    _("Payments through %(provider)s are not enabled; choose one of: %(names)s.")
                    % {"provider": provider, "names": ", ".join(registry.configured_names())}
                ]
            }
        )
    notice = (
        FeeNotice.objects.select_for_update(of=("self",))
        .select_related("department", "service_centre")
        .get(reference=reference)
    )
    if notice.status == FeeStatus.PAID:
        raise AlreadyPaid(notice.reference)
    receipt = chosen.receive(notice=notice, actor=actor, data=data, now=now)
    if Payment.objects.filter(provider=chosen.name, receipt_number=receipt.receipt_number).exists():
        raise ValidationError(
            {
                "receipt_number": [
                    _("Receipt %(number)s has already been recorded for another payment.")
                    % {"number": receipt.receipt_number}
                ]
            }
        )
    payment = Payment.objects.create(
        notice=notice,
        division_code=notice.division_code,
        provider=chosen.name,
        amount=receipt.amount,
        receipt_number=receipt.receipt_number,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        department=receipt.department,
        paid_at=receipt.paid_at,
    )
    notice.status, notice.paid_at = FeeStatus.PAID, receipt.paid_at
    notice.save(update_fields=["status", "paid_at"])
    audit.record(
        "payment.recorded",
        object_type="fee_notice",
        object_id=notice.reference,
        actor=actor,
        data={
            "case": notice.case_number,
            "provider": chosen.name,
            "amount": str(payment.amount),
            "receipt_number": payment.receipt_number,
            "department": receipt.department.code if receipt.department else "",
        },
    )
    return payment


@transaction.atomic
def recompute_due_dates(*, actor=None) -> list[str]:
    """After a working-calendar edit: every unpaid notice's due date from the new calendar
    (a provisional date becomes final once its year's schedule is entered). Returns the
    references whose date moved."""
    calendar = WorkingCalendar()
    moved = []
    unpaid = FeeNotice.objects.select_for_update().filter(status=FeeStatus.DUE).order_by("pk")
    for notice in unpaid:
        due = calendar.add_working_days(notice.issued_on, PAYMENT_LIMIT)
        if (due.date, due.provisional) == (notice.due_on, notice.due_provisional):
            continue
        before = notice.due_on
        notice.due_on, notice.due_provisional = due.date, due.provisional
        notice.save(update_fields=["due_on", "due_provisional"])
        audit.record(
            "payment.notice_due_changed",
            object_type="fee_notice",
            object_id=notice.reference,
            actor=actor,
            data={"before": before.isoformat(), "after": due.date.isoformat()},
        )
        moved.append(notice.reference)
    return moved
