"""Working-day arithmetic against the published holiday arrangements (行政许可法 Art. 82)."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core import services
from onewindow.core.clock import (
    WorkingCalendar,
    WorkingDays,
    add_working_days,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def reference_due_date(start: date, n: int) -> date:
    """Brute force over the chinesecalendar package: the Nth working day after start."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    return day


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # National Day 2026: Oct 1-7 off; Sun Sep 20 and Sat Oct 10 are make-up working days.
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 19), 1, date(2026, 9, 20)),
        (date(2026, 10, 9), 1, date(2026, 10, 10)),
        (date(2026, 9, 28), 5, date(2026, 10, 10)),
        (date(2026, 9, 24), 20, date(2026, 10, 29)),
        # Spring Festival 2026: Feb 15-23 off; Sat Feb 14 and Sat Feb 28 are working days.
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 2, 12), 10, date(2026, 3, 4)),
        (date(2026, 2, 27), 1, date(2026, 2, 28)),
    ],
)
def test_due_dates_across_national_day_and_spring_festival_2026(start, n, due):
    result = add_working_days(start, WorkingDays(n))
    assert result.date == due
    assert result.provisional is False


def test_the_start_day_is_not_counted_even_when_it_is_a_working_day():
    # Monday 2026-11-16 + 1 working day is Tuesday, not Monday itself.
    assert add_working_days(date(2026, 11, 16), 1).date == date(2026, 11, 17)
    assert add_working_days(date(2026, 11, 16), 0).date == date(2026, 11, 16)


def test_twenty_working_days_from_acceptance_match_the_statute_example():
    # 行政许可法 Art. 42: accepted Fri 2026-09-25 (Mid-autumn), decision due 20 working days on.
    assert add_working_days(date(2026, 9, 25), WorkingDays(20)).date == reference_due_date(
        date(2026, 9, 25), 20
    )


calendar = None


@given(
    st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 10, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_add_working_days_agrees_with_the_published_arrangements(start, n):
    global calendar  # one calendar snapshot for the whole property run
    calendar = calendar or WorkingCalendar()
    due = calendar.add_working_days(start, n)
    assert due.date == reference_due_date(start, n)
    assert calendar.working_days_between(start, due.date)[0] == n
    if n:
        assert calendar.is_working_day(due.date)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)),
)
def test_working_days_between_is_antisymmetric_and_additive(a, b):
    cal = WorkingCalendar()
    forward, _ = cal.working_days_between(a, b)
    backward, _ = cal.working_days_between(b, a)
    assert forward == -backward
    mid = min(a, b) + (max(a, b) - min(a, b)) / 2
    left, _ = cal.working_days_between(min(a, b), mid)
    right, _ = cal.working_days_between(mid, max(a, b))
    assert left + right == abs(forward)


def test_an_administrators_calendar_edit_changes_deadlines_and_is_audited():
    from onewindow.core.models import AuditEntry

    start = date(2026, 11, 19)  # Thursday
    assert add_working_days(start, 1).date == date(2026, 11, 20)
    services.set_calendar_day(day=date(2026, 11, 20), kind="holiday", name="台风停工")
    assert add_working_days(start, 1).date == date(2026, 11, 23)
    services.remove_calendar_day(day=date(2026, 11, 20))
    assert add_working_days(start, 1).date == date(2026, 11, 20)
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("seq"))
    assert actions[-2:] == ["calendar.day_set", "calendar.day_removed"]


def test_every_year_the_package_covers_is_seeded_and_published():
    from onewindow.core.models import CalendarDay, CalendarYear

    years = {d.year for d in chinese_calendar.holidays}
    assert set(CalendarYear.objects.filter(published=True).values_list("year", flat=True)) >= years
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=date(2026, 9, 20)).kind == "workday"


def test_seeding_again_keeps_administrator_entries():
    services.set_calendar_day(day=date(2026, 10, 8), kind="holiday", name="调整")
    services.seed_calendar()
    assert add_working_days(date(2026, 9, 30), 1).date == date(2026, 10, 9)


@pytest.mark.parametrize("bad", [-1, 3651, 1.5, True])
def test_working_days_reject_nonsense_values(bad):
    with pytest.raises((ValueError, TypeError)):
        WorkingDays(bad)


def test_working_days_between_counts_the_end_day_but_not_the_start_day():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == (1, False)
