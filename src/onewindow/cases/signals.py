"""Reactions to other apps' events."""

from __future__ import annotations


def recompute_after_calendar_change(sender, actor=None, **kwargs) -> None:
    """An administrator edited the working calendar: open cases' due dates follow it, then
    their unpaid fees' (cases first, then notices: the order ``record_fee_payment`` locks in)."""
    from onewindow.cases.services import recompute_due_dates
    from onewindow.payments import services as payments

    recompute_due_dates(actor=actor)
    payments.recompute_due_dates(actor=actor)
