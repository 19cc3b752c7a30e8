"""Reactions to other apps' events."""

from __future__ import annotations


def recompute_after_calendar_change(sender, actor=None, **kwargs) -> None:
    """An administrator edited the working calendar: open cases' due dates follow it."""
    from onewindow.cases.services import recompute_due_dates

    recompute_due_dates(actor=actor)
