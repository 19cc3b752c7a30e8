"""Legal time limits in three units: working days, calendar days and hours. The one place
deadlines are computed.

Working days (行政许可法 Art. 82): statutory holidays excluded; weekends that are adjusted
working days (调休) count. Calendar days (民法典 Art. 200–203): every day counts, but a period
whose last day is a statutory holiday or rest day ends on the next working day. In both, the
day a period starts is not counted (民法典 Art. 201: 期间开始之日不计算在内).

Year end never stops the platform: a year whose holiday arrangement is not yet published (not
marked ``published`` in :class:`CalendarYear`) is counted Monday to Friday, and every result
that looked at such a year says so (``provisional=True``). Publishing the year (the admin or
``onewindow import-holidays``) sends ``calendar_changed`` and the open deadlines move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _

from onewindow.core.models import CalendarDay, CalendarYear

MAX_WORKING_DAYS = 3650
MAX_CALENDAR_DAYS = 5 * 366
MAX_HOURS = 24 * 366


@dataclass(frozen=True)
class FixedDate:
    """A day a rule names outright, e.g. ``FixedDate(1, 31)``: "by 31 January" (政府信息公开条例
    Art. 49–50). It is not a period, so 民法典 Art. 203's holiday roll does not apply: the day
    stays the day even when it is a Sunday or a holiday."""

    month: int
    day: int

    def __post_init__(self):
        date(2000, self.month, self.day)  # raises ValueError for a day no year has

    def in_year(self, year: int) -> date:
        return date(year, self.month, self.day)


class BeyondTheCalendar(ValueError):
    """A deadline would fall after the last day a date can hold (9999-12-31)."""

    def __init__(self):
        super().__init__(
            _("Deadlines cannot run past %(last)s; choose an earlier start.")
            % {"last": date.max.isoformat()}
        )


def _count(value, unit: str, maximum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{unit} takes an integer")
    if not 0 <= value <= maximum:
        raise ValueError(f"{unit} must be between 0 and {maximum}")


@dataclass(frozen=True, order=True)
class WorkingDays:
    """A time limit counted in working days, e.g. ``WorkingDays(20)`` (行政许可法 Art. 42)."""

    days: int

    def __post_init__(self):
        _count(self.days, "WorkingDays", MAX_WORKING_DAYS)

    def __str__(self) -> str:
        return str(self.days)


@dataclass(frozen=True, order=True)
class CalendarDays:
    """A time limit counted in calendar days (日), e.g. the divorce cooling-off period
    ``CalendarDays(30)`` (民法典 Art. 1077) or a fine's 15 days (行政处罚法 Art. 67)."""

    days: int

    def __post_init__(self):
        _count(self.days, "CalendarDays", MAX_CALENDAR_DAYS)

    def __str__(self) -> str:
        return str(self.days)


@dataclass(frozen=True, order=True)
class Hours:
    """A time limit in plain elapsed hours (urgent hotline tickets, emergency acknowledgements)."""

    hours: int

    def __post_init__(self):
        _count(self.hours, "Hours", MAX_HOURS)

    def __str__(self) -> str:
        return str(self.hours)


@dataclass(frozen=True)
class DueDate:
    date: date
    # True when any day the computation looked at lies in a year whose holiday arrangement is
    # not published yet (counted Monday to Friday): the date may still move.
    provisional: bool


@dataclass(frozen=True)
class _Year:
    overrides: dict[date, bool]  # date -> is a working day
    provisional: bool


class WorkingCalendar:
    """A read-only view of the calendar tables, loaded one year at a time.

    Make one per computation (or per request); it does not see later edits.
    """

    def __init__(self):
        self._years: dict[int, _Year] = {}

    def _year(self, year: int) -> _Year:
        if year not in self._years:
            published = CalendarYear.objects.filter(year=year, published=True).exists()
            overrides = {}
            if published:  # an unpublished year's partial entries wait for its publication
                overrides = {
                    d: kind == CalendarDay.Kind.WORKDAY
                    for d, kind in CalendarDay.objects.filter(date__year=year).values_list(
                        "date", "kind"
                    )
                }
            self._years[year] = _Year(overrides, provisional=not published)
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        year = self._year(day.year)
        return year.overrides.get(day, day.weekday() < 5)

    def is_provisional(self, day: date) -> bool:
        """Whether ``day`` lies in a year counted Monday to Friday for want of its schedule."""
        return self._year(day.year).provisional

    def add_working_days(self, start: date, limit: WorkingDays | int) -> DueDate:
        """The date on which a limit of N working days that starts on ``start`` runs out."""
        n = limit.days if isinstance(limit, WorkingDays) else WorkingDays(limit).days
        day, provisional = start, False
        counted = 0
        while counted < n:
            if day == date.max:
                raise BeyondTheCalendar
            day += timedelta(days=1)
            provisional |= self.is_provisional(day)
            if self.is_working_day(day):
                counted += 1
        return DueDate(day, provisional)

    def add_calendar_days(self, start: date, limit: CalendarDays | int) -> DueDate:
        """The last day of a period of N calendar days that starts on ``start``.

        民法典 Art. 201: the start day is not counted, so the period's last day is start + N.
        民法典 Art. 203: a period whose last day is a statutory holiday (法定休假日, rest days
        included) ends on the day after the holiday: the next working day of the calendar.
        """
        n = limit.days if isinstance(limit, CalendarDays) else CalendarDays(limit).days
        if n == 0:
            return DueDate(start, False)
        if (date.max - start).days < n:
            raise BeyondTheCalendar
        day = start + timedelta(days=n)
        provisional = self.is_provisional(day)
        while not self.is_working_day(day):  # Art. 203
            if day == date.max:
                raise BeyondTheCalendar
            day += timedelta(days=1)
            provisional |= self.is_provisional(day)
        return DueDate(day, provisional)

    def add_days_exactly(self, start: date, days: int) -> DueDate:
        """The day ``days`` calendar days after ``start``, without 民法典 Art. 203's roll: the
        count of a limit that ends on a :class:`FixedDate` (never provisional, as no holiday
        can move it)."""
        _count(days, "days", MAX_CALENDAR_DAYS)
        if (date.max - start).days < days:
            raise BeyondTheCalendar
        return DueDate(start + timedelta(days=days), False)

    def days_until(self, start: date, fixed: FixedDate, year: int) -> int:
        """The calendar days from ``start`` to ``fixed`` in ``year`` (0 if it is past)."""
        return max(0, (fixed.in_year(year) - start).days)

    def working_days_between(self, start: date, end: date) -> tuple[int, bool]:
        """Working days after ``start`` up to and including ``end`` (negative if end < start),
        and whether any of them was counted provisionally."""
        if end < start:
            count, provisional = self.working_days_between(end, start)
            return -count, provisional
        count, provisional, day = 0, False, start
        while day < end:
            day += timedelta(days=1)
            provisional |= self.is_provisional(day)
            count += self.is_working_day(day)
        return count, provisional


def add_working_days(start: date, limit: WorkingDays | int) -> DueDate:
    return WorkingCalendar().add_working_days(start, limit)


def add_calendar_days(start: date, limit: CalendarDays | int) -> DueDate:
    return WorkingCalendar().add_calendar_days(start, limit)


def working_days_between(start: date, end: date) -> tuple[int, bool]:
    return WorkingCalendar().working_days_between(start, end)


def add_hours(start: datetime, limit: Hours | int) -> datetime:
    """Plain elapsed hours from ``start`` (an aware datetime): nights and holidays count."""
    n = limit.hours if isinstance(limit, Hours) else Hours(limit).hours
    if start.tzinfo is None:
        raise ValueError("add_hours needs an aware datetime")
    try:  # in UTC, so a clock change (where a zone has one) does not bend elapsed time
        return (start.astimezone(UTC) + timedelta(hours=n)).astimezone(start.tzinfo)
    except OverflowError as exc:
        raise BeyondTheCalendar from exc


def months_after(start: date, months: int) -> date:
    """The day a period of ``months`` months from ``start`` ends (a year is 12 months).

    民法典 Art. 202: a period in months or years ends on the day of the last month that
    corresponds to the start day, or on that month's last day when it has none (31 January plus
    one month: 28 or 29 February). It bounds what an authority may still do or show (the
    limitation of 行政处罚法 Art. 36, a publication period), so no holiday roll applies.
    """
    if not isinstance(months, int) or isinstance(months, bool) or not 0 <= months <= 12 * 100:
        raise ValueError("months must be an integer between 0 and 1200")
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        raise BeyondTheCalendar
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")
