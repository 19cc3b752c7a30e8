"""Reactions to other apps' events."""

from __future__ import annotations


def recompute_after_calendar_change(sender, actor=None, **kwargs) -> list[str]:
    """An administrator edited the working calendar: open cases' due dates follow it, then
    their unpaid fees' (cases first, then notices: the order ``record_fee_payment`` locks in).
    Answers the numbers of the cases whose dates moved."""
    from onewindow.cases import cooling_off, ledger
    from onewindow.cases.services import recompute_due_dates
    from onewindow.payments import services as payments

    moved = recompute_due_dates(actor=actor)
    ledger.resync(moved)  # the set-based recompute does not pass engine.commit
    moved += cooling_off.recompute(actor=actor)
    payments.recompute_due_dates(actor=actor)
    return moved
