"""Reactions to other apps' events."""

from __future__ import annotations


def recompute_after_calendar_change(sender, actor=None, **kwargs) -> list[str]:
    """An administrator edited the working calendar: open cases' due dates follow it.
    Answers the numbers of the cases whose dates moved."""
    from onewindow.cases import cooling_off
    from onewindow.cases.services import recompute_due_dates

    moved = recompute_due_dates(actor=actor)
    return moved + cooling_off.recompute(actor=actor)
