"""A day a rule names outright (core.clock.FixedDate) is not a period: 民法典 Art. 203's
holiday roll never moves it, and the ledger's fixed-date unit lands on it exactly."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.clock import FixedDate, WorkingCalendar
from onewindow.supervision import clocks
from onewindow.supervision.models import Unit

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_31_january_2027_stays_a_sunday_while_a_period_ending_there_rolls():
    calendar = WorkingCalendar()
    start = date(2027, 1, 1)
    days = calendar.days_until(start, FixedDate(1, 31), 2027)
    assert days == 30
    assert calendar.add_days_exactly(start, days).date == date(2027, 1, 31)
    assert calendar.add_calendar_days(start, days).date == date(2027, 2, 1)  # Art. 203


def test_a_day_no_year_has_is_refused():
    with pytest.raises(ValueError, match="day"):
        FixedDate(2, 30)


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
)
def test_the_ledger_lands_on_the_fixed_day_whatever_the_calendar(start, month, day):
    calendar = WorkingCalendar()
    fixed = FixedDate(month, day)
    year = start.year + 1
    limit = calendar.days_until(start, fixed, year)
    when = clocks.instants(
        started_at=datetime(start.year, start.month, start.day, tzinfo=SHANGHAI),
        unit=Unit.FIXED_DATE,
        limit=limit,
        calendar=calendar,
    )
    assert when.due_on == fixed.in_year(year)
    assert not when.provisional
    assert when.yellow_from.date() <= when.due_on
