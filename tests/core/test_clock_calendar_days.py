"""Calendar days (民法典 Art. 201, 203) and plain hours in core.clock."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.clock import (
    BeyondTheCalendar,
    CalendarDays,
    Hours,
    WorkingCalendar,
    add_calendar_days,
    add_hours,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("start", "n", "last_day"),
    [
        # Art. 201: the start day is not counted, so 30 days from Mon 2 Nov end on Wed 2 Dec.
        (date(2026, 11, 2), 30, date(2026, 12, 2)),
        (date(2026, 11, 2), 1, date(2026, 11, 3)),
        # Art. 203: a last day on National Day (1-7 Oct 2026) moves to the day after it.
        (date(2026, 9, 1), 30, date(2026, 10, 8)),
        # A last day on a Saturday moves to Monday.
        (date(2026, 11, 6), 1, date(2026, 11, 9)),
        # A Sunday that is a make-up working day (20 Sep 2026) is a working day: no move.
        (date(2026, 9, 19), 1, date(2026, 9, 20)),
    ],
)
def test_calendar_day_periods_follow_civil_code_articles_201_and_203(start, n, last_day):
    due = add_calendar_days(start, CalendarDays(n))
    assert (due.date, due.provisional) == (last_day, False)


def test_a_last_day_in_an_unpublished_year_is_provisional(unpublished_year):
    unpublished_year(2027)
    due = add_calendar_days(date(2026, 12, 20), 30)
    assert due.date == date(2027, 1, 19)  # a Tuesday under the weekday rule
    assert due.provisional is True
    assert add_calendar_days(date(2026, 11, 20), 30).provisional is False


@pytest.mark.parametrize("bad", [-1, 5 * 366 + 1, 1.5, True])
def test_calendar_days_reject_nonsense_values(bad):
    with pytest.raises((ValueError, TypeError)):
        CalendarDays(bad)


def test_a_period_past_the_last_date_is_refused():
    with pytest.raises(BeyondTheCalendar):
        add_calendar_days(date(9999, 12, 20), 30)


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=1, max_value=90),
)
def test_the_last_day_is_the_first_working_day_from_start_plus_n(start, n):
    cal = WorkingCalendar()
    due = cal.add_calendar_days(start, n)
    plain = start + timedelta(days=n)
    assert due.date >= plain
    assert cal.is_working_day(due.date)
    skipped = [plain + timedelta(days=k) for k in range((due.date - plain).days)]
    assert not any(cal.is_working_day(day) for day in skipped)
    looked_at = [*skipped, due.date]
    assert due.provisional == any(cal.is_provisional(day) for day in looked_at)
    # Monotonic: a longer period never ends earlier.
    assert cal.add_calendar_days(start, n + 1).date >= due.date


def test_hours_are_plain_elapsed_time_over_nights_and_holidays():
    start = datetime(2026, 9, 30, 18, 0, tzinfo=SHANGHAI)
    assert add_hours(start, Hours(24)) == datetime(2026, 10, 1, 18, 0, tzinfo=SHANGHAI)
    assert add_hours(start, 2) == datetime(2026, 9, 30, 20, 0, tzinfo=SHANGHAI)
    with pytest.raises(ValueError, match="aware"):
        add_hours(datetime(2026, 9, 30, 18, 0), 1)
    with pytest.raises((ValueError, TypeError)):
        Hours(-1)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(SHANGHAI)
    ),
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=0, max_value=1000),
)
def test_hours_add_up(start, a, b):
    assert add_hours(add_hours(start, a), b) == add_hours(start, a + b)
    assert (add_hours(start, a) - start).total_seconds() == a * 3600
