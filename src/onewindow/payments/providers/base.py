"""The contract every payment provider fulfils.

A provider is a way money reaches the treasury for a fee notice: the counter of a service
centre (built in), or a payment platform an operator connects. It checks a receipt and says
what was received; ``payments.services`` stores it, settles the notice and audits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from onewindow.accounts.models import Department, User
    from onewindow.payments.models import FeeNotice


@dataclass(frozen=True)
class Receipt:
    """What a provider vouches was paid."""

    amount: Decimal
    receipt_number: str
    paid_at: datetime
    department: Department | None = None  # where it was received, for a counter


class Provider:
    name: str = ""
    label: str | Promise = ""

    def may_record(self, actor: User, notice: FeeNotice) -> bool:
        """Whether ``actor`` may record a payment of ``notice`` through this provider."""
        raise NotImplementedError

    def receive(self, *, notice: FeeNotice, actor: User, data: dict, now: datetime) -> Receipt:
        """Check ``data`` and return the receipt, or raise ``ValidationError`` naming the
        field (nothing is stored) or ``PermissionDenied``."""
        raise NotImplementedError
