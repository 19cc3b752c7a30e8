"""Payment at the counter (窗口缴费): a window clerk takes the fee and records the receipt.

The clerk holds the window-clerk role at the department that charges the fee or at the
service centre whose output window (统一出件) serves the case. The amount must be the notice's
amount exactly; the receipt number is the one on the 非税收入 receipt handed to the payer.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.models import Role, RoleAssignment
from onewindow.payments.providers.base import Provider, Receipt
from onewindow.payments.providers.registry import register

RECEIPT_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9-]{5,39}")


def counters(notice) -> list:
    """The departments whose window clerks take this notice's payment."""
    return [d for d in (notice.department, notice.service_centre) if d is not None]


@register
class CounterProvider(Provider):
    name = "counter"
    label = gettext_lazy("At the counter")

    def _desk(self, actor, notice):
        if not (actor.is_authenticated and actor.is_official):
            return None
        held = RoleAssignment.objects.filter(
            user=actor,
            role=Role.WINDOW_CLERK,
            department__in=[d.pk for d in counters(notice)],
        ).select_related("department")
        found = {assignment.department_id: assignment.department for assignment in held}
        # The service centre's window first: that is where the payer stands.
        return next((found[d.pk] for d in reversed(counters(notice)) if d.pk in found), None)

    def may_record(self, actor, notice) -> bool:
        return self._desk(actor, notice) is not None

    def receive(self, *, notice, actor, data, now) -> Receipt:
        desk = self._desk(actor, notice)
        if desk is None:
            names = _(" or ").join(d.name for d in counters(notice))
            raise PermissionDenied(
                _("Only a window clerk of %(departments)s may record this payment.")
                % {"departments": names}
            )
        problems: dict[str, list[str]] = {}
        amount = None
        try:
            amount = Decimal(str(data.get("amount", "")).strip())
        except InvalidOperation:
            problems["amount"] = [_("Enter the amount received in yuan, e.g. 60.00.")]
        if amount is not None and not amount.is_finite():
            amount = None
            problems["amount"] = [_("Enter the amount received in yuan, e.g. 60.00.")]
        if amount is not None and amount != notice.amount:
            problems["amount"] = [
                _(
                    "The amount received (%(received)s yuan) is not the amount on the payment "
                    "notice (%(due)s yuan); take exactly the amount due."
                )
                % {"received": amount, "due": notice.amount}
            ]
        receipt_number = str(data.get("receipt_number", "")).strip().upper()
        if not RECEIPT_NUMBER.fullmatch(receipt_number):
            problems["receipt_number"] = [
                _(
                    "Enter the number of the receipt given to the payer (6 to 40 letters, "
                    "digits or hyphens)."
                )
            ]
        if problems:
            raise ValidationError(problems)
        return Receipt(amount=amount, receipt_number=receipt_number, paid_at=now, department=desk)
