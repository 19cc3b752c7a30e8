"""Rate limits per address and per number: counted in the database, reset with the window,
and the address behind a proxy is the one the proxy saw."""

import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from onewindow.accounts.identity import throttle
from onewindow.accounts.models import RateCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_an_hour(settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        throttle.TRY_PER_NUMBER: (2, 3600),
    }


def test_the_limit_refuses_the_hit_after_it_and_says_when_to_retry(two_an_hour, time_machine):
    time_machine.move_to("2026-12-07 09:59:00+08:00", tick=False)
    throttle.hit(throttle.TRY_PER_NUMBER, "13800138000")
    throttle.hit(throttle.TRY_PER_NUMBER, "13800138000")
    with pytest.raises(throttle.RateLimited) as refused:
        throttle.hit(throttle.TRY_PER_NUMBER, "13800138000")
    assert refused.value.retry_after == 60
    throttle.hit(throttle.TRY_PER_NUMBER, "13900139000")  # another number has its own count


def test_a_new_window_starts_afresh(two_an_hour, time_machine):
    time_machine.move_to("2026-12-07 09:10:00+08:00", tick=False)
    for _ in range(2):
        throttle.hit(throttle.TRY_PER_NUMBER, "13800138000")
    time_machine.move_to("2026-12-07 10:00:01+08:00", tick=False)
    throttle.hit(throttle.TRY_PER_NUMBER, "13800138000")
    assert throttle.purge() == 1


def test_no_number_or_address_is_stored_in_clear(two_an_hour):
    throttle.hit(throttle.TRY_PER_NUMBER, "13800138000")
    assert "13800138000" not in RateCounter.objects.get().key


def test_behind_a_proxy_the_address_is_the_one_it_appended(settings):
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2"
    )
    settings.ONEWINDOW_PROXY_COUNT = 0
    assert throttle.client_address(request) == "10.0.0.2"
    settings.ONEWINDOW_PROXY_COUNT = 1
    assert throttle.client_address(request) == "203.0.113.9"


def test_the_daily_purge_command_deletes_only_ended_windows(two_an_hour, time_machine):
    time_machine.move_to("2026-12-07 09:10:00+08:00", tick=False)
    throttle.hit(throttle.TRY_PER_NUMBER, "13800138000")
    time_machine.move_to("2026-12-07 10:20:00+08:00", tick=False)
    throttle.hit(throttle.TRY_PER_NUMBER, "13900139000")
    time_machine.move_to("2026-12-07 10:30:00+08:00", tick=False)
    out = io.StringIO()
    call_command("purge_rate_counters", stdout=out)
    assert out.getvalue() == "Deleted 1 ended rate-limit windows.\n"
    assert RateCounter.objects.count() == 1


def test_the_purge_ends_each_window_by_its_own_scopes_length(two_an_hour, time_machine):
    """An hour's window ends after an hour, a day's (proposals per person) only after a day."""
    time_machine.move_to("2026-12-07 09:10:00+08:00", tick=False)
    throttle.hit(throttle.TRY_PER_NUMBER, "13800138000")
    throttle.hit("proposal_person", "citizen-1")
    time_machine.move_to("2026-12-07 11:00:00+08:00", tick=False)
    assert throttle.purge() == 1
    assert list(RateCounter.objects.values_list("scope", flat=True)) == ["proposal_person"]
    time_machine.move_to("2026-12-08 08:00:01+08:00", tick=False)
    assert throttle.purge() == 1
    assert not RateCounter.objects.exists()
