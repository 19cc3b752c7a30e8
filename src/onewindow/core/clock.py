"""Working-day arithmetic for legal time limits. The one place deadlines are computed.

行政许可法 Art. 82: time limits are counted in working days, statutory holidays excluded.
民法典 Art. 201: the day a period starts is not counted (期间开始之日不计算在内), so the due
date is the Nth working day *after* the start day. Weekends that are adjusted working days
(调休) count; statutory holidays do not. A year whose holiday arrangement is not published
raises :class:`CalendarNotPublished`, unless an administrator chose the Monday-to-Friday
fallback for that year, in which case every result says so (``fallback=True``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from onewindow.core.models import CalendarDay, CalendarYear

MAX_WORKING_DAYS = 3650


class CalendarNotPublished(Exception):
    """A deadline would cross a year whose holiday arrangement is not in the calendar."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar for %(year)s has not been published, so deadlines "
                "in that year cannot be computed yet."
            )
            % {"year": year}
        )


class BeyondTheCalendar(CalendarNotPublished):
    """A deadline would fall after the last day a date can hold (9999-12-31)."""

    def __init__(self):
        self.year = date.max.year + 1
        Exception.__init__(
            self,
            _("Deadlines cannot run past %(last)s; choose an earlier start.")
            % {"last": date.max.isoformat()},
        )


@dataclass(frozen=True, order=True)
class WorkingDays:
    """A time limit counted in working days, e.g. ``WorkingDays(20)`` (行政许可法 Art. 42)."""

    days: int

    def __post_init__(self):
        if not isinstance(self.days, int) or isinstance(self.days, bool):
            raise TypeError("WorkingDays takes an integer")
        if not 0 <= self.days <= MAX_WORKING_DAYS:
            raise ValueError(f"WorkingDays must be between 0 and {MAX_WORKING_DAYS}")

    def __str__(self) -> str:
        return str(self.days)


@dataclass(frozen=True)
class DueDate:
    date: date
    fallback: bool  # True when any year crossed used the administrator's weekday fallback


@dataclass(frozen=True)
class _Year:
    overrides: dict[date, bool]  # date -> is a working day
    fallback: bool


class WorkingCalendar:
    """A read-only view of the calendar tables, loaded one year at a time.

    Make one per computation (or per request); it does not see later edits.
    """

    def __init__(self):
        self._years: dict[int, _Year] = {}

    def _year(self, year: int) -> _Year:
        if year not in self._years:
            status = CalendarYear.objects.filter(year=year).first()
            if status is None or not (status.published or status.weekday_fallback):
                raise CalendarNotPublished(year)
            overrides = {
                d: kind == CalendarDay.Kind.WORKDAY
                for d, kind in CalendarDay.objects.filter(date__year=year).values_list(
                    "date", "kind"
                )
            }
            self._years[year] = _Year(overrides, fallback=not status.published)
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        year = self._year(day.year)
        return year.overrides.get(day, day.weekday() < 5)

    def uses_fallback(self, day: date) -> bool:
        return self._year(day.year).fallback

    def add_working_days(self, start: date, limit: WorkingDays | int) -> DueDate:
        """The date on which a limit of N working days that starts on ``start`` runs out."""
        n = limit.days if isinstance(limit, WorkingDays) else WorkingDays(limit).days
        day, fallback = start, False
        counted = 0
        while counted < n:
            if day == date.max:
                raise BeyondTheCalendar
            day += timedelta(days=1)
            fallback |= self.uses_fallback(day)
            if self.is_working_day(day):
                counted += 1
        return DueDate(day, fallback)

    def working_days_between(self, start: date, end: date) -> tuple[int, bool]:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            count, fallback = self.working_days_between(end, start)
            return -count, fallback
        count, fallback, day = 0, False, start
        while day < end:
            day += timedelta(days=1)
            fallback |= self.uses_fallback(day)
            count += self.is_working_day(day)
        return count, fallback


def add_working_days(start: date, limit: WorkingDays | int) -> DueDate:
    return WorkingCalendar().add_working_days(start, limit)


def working_days_between(start: date, end: date) -> tuple[int, bool]:
    return WorkingCalendar().working_days_between(start, end)
