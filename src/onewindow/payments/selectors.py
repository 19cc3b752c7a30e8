"""Reads of fee notices by case number.

A notice belongs to a case, and who may see a case is the case engine's answer: these take a
case number the caller has already been allowed to see (``cases.selectors`` does that).
Who may record a payment is each provider's answer (``may_record``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from onewindow.payments.models import FeeNotice, FeeStatus
from onewindow.payments.providers import registry


def notices_of_case(case_number: str) -> QuerySet[FeeNotice]:
    return (
        FeeNotice.objects.filter(case_number=case_number)
        .select_related("department", "service_centre", "payment__recorded_by")
        .order_by("created_at", "pk")
    )


def unpaid_notice(case_number: str) -> FeeNotice | None:
    """The first fee of the case still unpaid, if any."""
    return notices_of_case(case_number).filter(status=FeeStatus.DUE).first()


def may_record(actor, notice: FeeNotice, provider: str = "counter") -> bool:
    """Whether ``actor`` may record a payment of ``notice`` through an enabled ``provider``."""
    chosen = registry.enabled_provider(provider)
    return (
        chosen is not None and notice.status == FeeStatus.DUE and chosen.may_record(actor, notice)
    )
