"""Writes to the ledger. Called by the module that owns a matter, inside its own transaction
(every public function here joins the caller's transaction and never opens its own commit)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from onewindow.core.clock import WorkingCalendar
from onewindow.supervision import clocks
from onewindow.supervision.models import Matter, State


@transaction.atomic
def track(
    *,
    kind: str,
    key: str,
    title: str,
    department,
    division_code: str,
    started_at: datetime,
    unit: str,
    limit: int,
    extended: int = 0,
    paused: int = 0,
    clock_paused: bool = False,
    stage: str = "",
    title_en: str = "",
    link: str = "",
    handler=None,
    calendar: WorkingCalendar | None = None,
) -> Matter:
    """Register a clocked matter, or bring its row up to date (same ``kind`` and ``key``).

    A new stage (say, from the decision clock to the delivery clock) is a new clock: its cards
    start afresh. ``clock_paused`` keeps the row but takes it off the red/yellow list.
    """
    when = clocks.instants(
        started_at=started_at,
        unit=unit,
        limit=limit,
        extended=extended,
        paused=paused,
        calendar=calendar,
    )
    values = {
        "stage": stage,
        "title": title[:200],
        "title_en": title_en[:200],
        "link": link,
        "department": department,
        "handler": handler,
        "division_code": division_code,
        "unit": unit,
        "limit": limit,
        "extended": extended,
        "paused": paused,
        "started_at": started_at,
        "yellow_from": when.yellow_from,
        "due_at": when.due_at,
        "due_on": when.due_on,
        "provisional": when.provisional,
        "state": State.PAUSED if clock_paused else State.OPEN,
        "closed_at": None,
        "late": None,
    }
    matter = Matter.objects.select_for_update().filter(kind=kind, key=key).first()
    if matter is None:
        return Matter.objects.create(kind=kind, key=key, **values)
    if matter.stage != stage or matter.started_at != started_at:
        values.update(card="", yellow_at=None, red_at=None)
    for field, value in values.items():
        setattr(matter, field, value)
    matter.save()
    return matter


@transaction.atomic
def close(*, kind: str, key: str, at: datetime | None = None) -> Matter | None:
    """The matter is done: off the lists, on time or late for good."""
    at = at or timezone.now()
    matter = Matter.objects.select_for_update().filter(kind=kind, key=key).first()
    if matter is None or matter.state == State.CLOSED:
        return matter
    matter.state = State.CLOSED
    matter.closed_at = at
    matter.late = matter.due_at is not None and at >= matter.due_at
    matter.save(update_fields=["state", "closed_at", "late", "updated_at"])
    return matter
