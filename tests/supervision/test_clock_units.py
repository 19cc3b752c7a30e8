"""Each clock unit against a brute-force count over the calendar (the chinesecalendar package
as the independent reference), and the ledger's instants (``supervision.clocks.instants``):
the yellow card at 80 % of the time allowed, red from the day after the last day (days) or the
last hour (hours), paused time not counted."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.core.clock import WorkingCalendar, add_hours
from onewindow.supervision.clocks import instants
from onewindow.supervision.models import Unit

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Starts whose longest period still ends in a year the chinesecalendar package covers.
PUBLISHED = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 9, 15))
_calendar = None


def cal() -> WorkingCalendar:
    global _calendar  # one snapshot of the seeded calendar for every example
    _calendar = _calendar or WorkingCalendar()
    return _calendar


def nth_working_day(start: date, n: int) -> date:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    return day


def last_calendar_day(start: date, n: int) -> date:
    """民法典 Art. 201 (start day not counted) and 203 (a holiday last day moves on)."""
    if n == 0:
        return start
    day = start
    for _ in range(n):
        day += timedelta(days=1)
    while not chinese_calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def brute(unit: str, start: date, n: int) -> date:
    return nth_working_day(start, n) if unit == Unit.WORKING_DAYS else last_calendar_day(start, n)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


@settings(max_examples=150, deadline=None)
@given(PUBLISHED, st.integers(min_value=0, max_value=60))
def test_calendar_days_agree_with_a_day_by_day_count(start, n):
    assert cal().add_calendar_days(start, n).date == last_calendar_day(start, n)


@settings(max_examples=150, deadline=None)
@given(PUBLISHED, st.integers(min_value=0, max_value=60))
def test_working_days_agree_with_a_day_by_day_count(start, n):
    due = cal().add_working_days(start, n).date
    assert due == nth_working_day(start, n)
    span = [start + timedelta(days=k + 1) for k in range((due - start).days)]
    assert sum(chinese_calendar.is_workday(day) for day in span) == n


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.sampled_from([SHANGHAI, ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")]),
    st.integers(min_value=0, max_value=24 * 20),
)
def test_hours_agree_with_an_hour_by_hour_count(naive, zone, n):
    """Elapsed hours, stepped one at a time in UTC: nights, holidays and clock changes count
    as the time they are."""
    start = naive.replace(tzinfo=zone)
    step = start.astimezone(UTC)
    for _ in range(n):
        step += timedelta(hours=1)
    # compared in UTC: Python calls an ambiguous local time (the hour a clock goes back) unequal
    # to every time in another zone (PEP 495), the very instant included
    assert add_hours(start, n).astimezone(UTC) == step
    assert add_hours(start, n).tzinfo == zone


@settings(max_examples=150, deadline=None)
@given(
    PUBLISHED,
    st.sampled_from([Unit.WORKING_DAYS, Unit.CALENDAR_DAYS]),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=15),
    st.integers(min_value=0, max_value=10),
)
def test_day_instants_yellow_at_eighty_percent_red_after_the_last_day(
    start, unit, limit, extended, paused
):
    total = limit + extended
    found = instants(
        started_at=midnight(start) + timedelta(hours=9),
        unit=unit,
        limit=limit,
        extended=extended,
        paused=paused,
        calendar=cal(),
    )
    last = brute(unit, start, total + paused)
    assert found.due_on == last
    assert found.due_at == midnight(last + timedelta(days=1))  # red from the next day
    assert found.yellow_from <= found.due_at
    # Yellow: the first day by which at least 80 % of the limit is used, paused time aside.
    share = -(-total * 4 // 5)
    yellow_day = brute(unit, start, share + paused) if share + paused < total + paused else last
    assert found.yellow_from == midnight(yellow_day)
    if unit == Unit.WORKING_DAYS and total:
        used = sum(
            chinese_calendar.is_workday(start + timedelta(days=k + 1))
            for k in range((yellow_day - start).days)
        )
        assert used - paused >= total * 4 / 5  # 80 % used on the yellow day …
        before = used - chinese_calendar.is_workday(yellow_day)
        assert before - paused < total * 4 / 5 or share == total  # … and not the day before


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 1, 1)),
    st.integers(min_value=0, max_value=72),
    st.integers(min_value=0, max_value=24),
    st.integers(min_value=0, max_value=24),
)
def test_hour_instants_yellow_at_eighty_percent_red_at_the_limit(naive, limit, extended, paused):
    start = naive.replace(tzinfo=SHANGHAI)
    found = instants(
        started_at=start, unit=Unit.HOURS, limit=limit, extended=extended, paused=paused
    )
    total = limit + extended
    assert found.due_at - start == timedelta(hours=total + paused)
    yellow = found.yellow_from - start
    assert yellow == timedelta(hours=-(-total * 4 // 5) + paused)
    assert (yellow - timedelta(hours=paused)) * 5 >= timedelta(hours=total) * 4
    assert found.yellow_from <= found.due_at
    assert found.due_on == found.due_at.astimezone(SHANGHAI).date()
    assert found.provisional is False
