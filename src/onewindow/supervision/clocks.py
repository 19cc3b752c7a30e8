"""From a matter's start, unit and limit to the instants its cards are due (core.clock only).

Days units: the period's last day is ``due_on`` (working days: 行政许可法 Art. 82; calendar
days: 民法典 Art. 201 and 203), and the matter is overdue from the start of the next day. A
yellow card is due once 80 % of the limit (with its extension) is used, paused time aside.
Hours: plain elapsed hours, nights and holidays included. A fixed date (政府信息公开条例
Art. 49: by 31 January): the limit counts the calendar days to that day, never rolled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from onewindow.core.clock import WorkingCalendar, add_hours
from onewindow.supervision.models import Unit

YELLOW_SHARE = (4, 5)  # a yellow card once 80 % of the time allowed is used


@dataclass(frozen=True)
class Instants:
    yellow_from: datetime
    due_at: datetime
    due_on: date
    provisional: bool


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _yellow_share(total: int) -> int:
    """The smallest whole count of units that uses at least 80 % of ``total``."""
    used, of = YELLOW_SHARE
    return -(-total * used // of)


def instants(
    *,
    started_at: datetime,
    unit: str,
    limit: int,
    extended: int = 0,
    paused: int = 0,
    calendar: WorkingCalendar | None = None,
) -> Instants:
    total = limit + extended
    yellow = _yellow_share(total) + paused
    if unit == Unit.HOURS:
        due = add_hours(started_at, total + paused)
        return Instants(
            yellow_from=add_hours(started_at, yellow),
            due_at=due,
            due_on=timezone.localdate(due),
            provisional=False,
        )
    calendar = calendar or WorkingCalendar()
    start = timezone.localdate(started_at)
    if unit == Unit.WORKING_DAYS:
        add = calendar.add_working_days
    elif unit == Unit.CALENDAR_DAYS:
        add = calendar.add_calendar_days
    elif unit == Unit.FIXED_DATE:  # a date the rule fixes: 民法典 Art. 203 does not move it
        add = calendar.add_days_exactly
    else:
        raise ValueError(f"unknown unit {unit!r}")
    due = add(start, total + paused)
    yellow_day = add(start, yellow) if yellow < total + paused else due
    return Instants(
        yellow_from=_start_of(yellow_day.date),
        due_at=_start_of(due.date + timedelta(days=1)),
        due_on=due.date,
        provisional=due.provisional,
    )
