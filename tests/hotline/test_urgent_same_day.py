"""An urgent ticket is answered the same day: for any instant it is taken and any urgent limit,
its limit is whole hours, never more than the category's urgent hours, and it falls due on the
day it was taken (or within the one hour left of it, just before midnight)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.clock import add_hours
from onewindow.hotline.ledger import limit_for
from onewindow.hotline.models import Category

SHANGHAI = ZoneInfo("Asia/Shanghai")


@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    urgent_hours=st.integers(min_value=1, max_value=24),
)
def test_urgent_limits_end_the_same_day(start, urgent_hours):
    start = start.replace(tzinfo=SHANGHAI)
    unit, limit = limit_for(Category(urgent_hours=urgent_hours), urgent=True, start=start)
    assert unit == "hours"
    assert 1 <= limit <= urgent_hours
    due = timezone.localtime(add_hours(start, limit), SHANGHAI)
    midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), SHANGHAI)
    if start <= midnight - timedelta(hours=1):
        assert due <= midnight
        # as much of the day as the category allows: an hour more would pass midnight or it
        assert limit == urgent_hours or add_hours(start, limit + 1) > midnight
    else:
        assert limit == 1


@given(
    limit=st.integers(min_value=1, max_value=60), unit=st.sampled_from(["hours", "working_days"])
)
def test_a_non_urgent_ticket_keeps_the_category_limit(limit, unit):
    category = Category(limit=limit, limit_unit=unit)
    start = datetime(2026, 12, 7, 9, tzinfo=SHANGHAI)
    assert limit_for(category, urgent=False, start=start) == (unit, limit)
