"""Rate limits per address and per phone number, counted in the database.

A fixed-window counter per (scope, key) in ``RateCounter``: it works the same on SQLite and
PostgreSQL and across gunicorn workers, unlike a per-process cache. Keys are blind indexes,
so neither addresses nor numbers are stored. The limits are settings
(``ONEWINDOW_RATE_LIMITS``: scope -> (hits, seconds)); see docs/operations.md.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onewindow.accounts.identity.models import RateCounter
from onewindow.core.fields import blind_index

SEND_PER_ADDRESS = "code_send_address"
SEND_PER_NUMBER = "code_send_number"
TRY_PER_ADDRESS = "code_try_address"
TRY_PER_NUMBER = "code_try_number"


class RateLimited(Exception):
    """Too many requests for one key in the window; ``retry_after`` in seconds."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            ngettext(
                "Too many requests. Try again in %(minutes)d minute.",
                "Too many requests. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``ONEWINDOW_PROXY_COUNT`` proxies the
    entry the nearest of them appended to ``X-Forwarded-For`` (earlier entries can be forged)."""
    proxies = settings.ONEWINDOW_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _window(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=timezone.get_current_timezone())


def hit(scope: str, value: str) -> None:
    """Count one request for ``value`` under ``scope``; ``RateLimited`` once over the limit.

    Committed at once in its own transaction, so a refused or failing request still counts.
    """
    if not value:
        return
    limit, seconds = settings.ONEWINDOW_RATE_LIMITS[scope]
    now = timezone.now()
    start = _window(now, seconds)
    key = blind_index(f"rate:{scope}", value)
    with transaction.atomic():
        RateCounter.objects.get_or_create(scope=scope, key=key, window_start=start)
        RateCounter.objects.filter(scope=scope, key=key, window_start=start).update(
            hits=F("hits") + 1
        )
        hits = RateCounter.objects.get(scope=scope, key=key, window_start=start).hits
    if hits > limit:
        raise RateLimited(math.ceil((start + timedelta(seconds=seconds) - now).total_seconds()))


def check(*pairs: tuple[str, str]) -> None:
    """Count every (scope, value) pair, then refuse if any is over its limit."""
    refused: RateLimited | None = None
    for scope, value in pairs:
        try:
            hit(scope, value)
        except RateLimited as error:
            if refused is None or error.retry_after > refused.retry_after:
                refused = error
    if refused is not None:
        raise refused


def refuse_if_over(*pairs: tuple[str, str]) -> None:
    """``RateLimited`` if any (scope, value) already used up its window, counting nothing:
    for limits on failures only, checked before the attempt and hit after a failure."""
    now = timezone.now()
    for scope, value in pairs:
        if not value:
            continue
        limit, seconds = settings.ONEWINDOW_RATE_LIMITS[scope]
        start = _window(now, seconds)
        key = blind_index(f"rate:{scope}", value)
        counter = RateCounter.objects.filter(scope=scope, key=key, window_start=start).first()
        if counter is not None and counter.hits >= limit:
            raise RateLimited(math.ceil((start + timedelta(seconds=seconds) - now).total_seconds()))


def purge(now: datetime | None = None) -> int:
    """Delete windows that ended, each by its own scope's length (an hour's window of one scope
    ends long before a day's of another); run from a periodic task or by hand."""
    now = now or timezone.now()
    ended = Q()
    limits = settings.ONEWINDOW_RATE_LIMITS
    for scope, (_limit, seconds) in limits.items():
        ended |= Q(scope=scope, window_start__lte=now - timedelta(seconds=seconds))
    longest = max(seconds for _limit, seconds in limits.values())  # scopes no longer configured
    ended |= ~Q(scope__in=list(limits)) & Q(window_start__lte=now - timedelta(seconds=longest))
    return RateCounter.objects.filter(ended).delete()[0]


def message(error: RateLimited) -> str:
    return str(error) or _("Too many requests.")
