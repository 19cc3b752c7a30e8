"""Information-processing fees for plainly excessive requests (政府信息公开信息处理费管理办法,
国办函〔2020〕109号; 政府信息公开条例 Art. 42). Off unless the operator turns them on
(``ONEWINDOW_DISCLOSURE_FEES``). A fee notice pauses the reply clock until paid; unpaid within
20 working days, the request is dropped."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from onewindow.accounts.models import User
from onewindow.core.clock import WorkingCalendar, WorkingDays
from onewindow.disclosure import letters, request_ledger
from onewindow.disclosure.models import FeeNotice, LetterKind, Request
from onewindow.disclosure.models import RequestStatus as S
from onewindow.disclosure.services import request_steps as steps
from onewindow.disclosure.vocab import Outcome

FEE_PAY_WITHIN = WorkingDays(20)  # 国办函〔2020〕109号: pay within 20 working days of the notice


def fees_enabled() -> bool:
    """The fee is off unless the operator turns it on (``ONEWINDOW_DISCLOSURE_FEES``)."""
    return bool(settings.ONEWINDOW_DISCLOSURE_FEES)


def fee_for_items(nth: int) -> int:
    """按件计收: a requester's 1st–10th request of a calendar month is free, the 11th–30th cost
    100 yuan each, and from the 31st every band of 10 costs 100 yuan more (31st–40th: 200)."""
    if nth <= 10:
        return 0
    if nth <= 30:
        return 100
    return 100 * (2 + (nth - 31) // 10)


def fee_for_pages(pages: int) -> int:
    """按量计收: up to 30 pages free; pages 31–100 10 yuan each, 101–200 20 yuan, then 40."""
    bands = ((30, 0), (100, 10), (200, 20), (None, 40))
    total, low = 0, 0
    for high, price in bands:
        top = pages if high is None else min(pages, high)
        if top > low:
            total += (top - low) * price
        if high is None or pages <= high:
            break
        low = high
    return total


@transaction.atomic
def send_fee_notice(actor: User, number: str, *, basis: str, pages: int = 0) -> FeeNotice:
    """A fee notice for a plainly excessive request (when the operator turned fees on): the
    clock pauses until paid; unpaid within 20 working days, the request is dropped."""
    if not fees_enabled():
        raise ValidationError({"basis": _("Information-processing fees are not charged here.")})
    request, detail = steps.load(number, actor, "send_fee_notice")
    if FeeNotice.objects.filter(request=request).exists():
        raise ValidationError({"basis": _("A fee notice was already sent.")})
    if basis == "items":
        month = request.received_on.replace(day=1)
        same = Request.objects.filter(received_on__gte=month, received_on__lte=request.received_on)
        same = (
            same.filter(applicant=request.applicant)
            if request.applicant_id
            else same.filter(requester_name=request.requester_name)
        )
        quantity = same.filter(pk__lte=request.pk).count()
        amount = fee_for_items(quantity)
    elif basis == "pages":
        if not isinstance(pages, int) or pages < 1:
            raise ValidationError({"pages": _("Please give the number of pages.")})
        quantity, amount = pages, fee_for_pages(pages)
    else:
        raise ValidationError({"basis": _("Please choose how the fee is counted.")})
    if amount == 0:
        raise ValidationError({"basis": _("Below the free threshold: no fee is due.")})
    today = steps.today()
    pay_by = WorkingCalendar().add_working_days(today, FEE_PAY_WITHIN).date
    fee = FeeNotice.objects.create(
        request=request, basis=basis, quantity=quantity, amount=amount, sent_on=today, pay_by=pay_by
    )
    steps.pause_with_letter(
        request,
        detail,
        status=S.RECEIVED,
        kind=LetterKind.FEE,
        addressee=request.requester_name,
        paragraphs=[
            "你（单位）申请公开政府信息的数量、频次明显超过合理范围。根据《政府信息公开信息处理费"
            "管理办法》（国办函〔2020〕109号），本机关收取信息处理费。",
            f"请于{letters.format_day(pay_by)}前缴纳。缴费期间不计算在答复期限内；"
            "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ],
        fields=[
            ("计收方式", "按件计收" if basis == "items" else "按量计收"),
            ("数量", str(quantity)),
            ("金额", f"{amount}元"),
        ],
        actor=actor,
    )
    steps.step(request, "fee_notice_sent", actor, data={"amount": amount, "pay_by": str(pay_by)})
    return fee


@transaction.atomic
def record_payment(actor: User, number: str) -> FeeNotice:
    """The fee is paid: the clock resumes, the days it waited not counted."""
    request, detail = steps.load(number, actor, "record_payment")
    fee = FeeNotice.objects.filter(request=request, paid_on=None).first()
    if fee is None:
        raise ValidationError({"fee": _("No fee is waiting for payment.")})
    today = steps.today()
    if today > fee.pay_by:
        raise ValidationError({"fee": _("The period for payment has ended.")})
    fee.paid_on = today
    fee.save()
    detail.paused_days += request_ledger.paused_working_days(fee.sent_on, today, WorkingCalendar())
    detail.clock_paused = False
    request_ledger.track(request, detail)
    steps.save(request, detail)
    steps.step(request, "fee_paid", actor, data={"amount": fee.amount})
    return fee


@transaction.atomic
def lapse_fees(today: date | None = None) -> list[str]:
    """Fees unpaid by their deadline: the request is dropped, outcome "fee not paid"."""
    today = today or steps.today()
    late = Q(status=S.RECEIVED, fee__paid_on=None, fee__pay_by__lt=today)
    return steps.lapse(late, Outcome.FEE_UNPAID, "fee_lapsed", today)
