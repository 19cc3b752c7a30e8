"""Abuse and fairness controls of public participation, for proposals' supports and, later,
comments: rate limits per person and per address, and flags on suspicious votes.

Rate limits are counted in the database (``accounts.identity.throttle``, the same fixed-window
counters as the SMS codes), so every worker shares them; the scopes are ``<action>_person`` and
``<action>_address`` in ``ONEWINDOW_RATE_LIMITS``. A count made inside a refused write is rolled
back with it, so only accepted writes use up the window.

Suspicious votes are FLAGGED for a moderator, never dropped: a vote from an account created in a
burst (several accounts registered within minutes of each other voting for the same thing) or
one of many votes from one address. A flagged vote does not count until a moderator clears it.
Addresses are kept only as keyed hashes (``core.fields.blind_index``).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.identity import throttle
from onewindow.core.fields import blind_index

# Accounts registered within this many minutes of each other form a burst ...
BURST_MINUTES = 10
# ... and a vote is flagged when at least this many of them (this one included) voted alike.
BURST_SIZE = 3
# More votes than this from one address on the same object are flagged (a family or an office
# may share an address, so a few are normal).
ADDRESS_LIMIT = 3

BURST, ADDRESS = "burst", "address"
REASONS = {
    BURST: _("Account created in a burst of registrations"),
    ADDRESS: _("Many votes from one address"),
}


def reason_label(code: str) -> str:
    return str(REASONS.get(code, code))


def address_hash(address: str) -> str:
    """The keyed hash under which a client address is kept ("" for no address)."""
    return blind_index("participation:address", address or "")


def limit(action: str, user, address: str) -> None:
    """Count one ``action`` (e.g. "proposal", "support") by ``user`` from ``address``;
    ``throttle.RateLimited`` (a translated message with the wait) once over either limit."""
    throttle.check(
        (f"{action}_person", str(getattr(user, "pk", "") or "")),
        (f"{action}_address", address or ""),
    )


def suspicious(user, hashed_address: str, peers: QuerySet, *, user_field: str = "user") -> dict:
    """Which earlier votes on the same object make this one suspicious: {reason: queryset of the
    peers that share it}. ``peers`` are the other votes on the object; they have an
    ``address_hash`` and a foreign key ``user_field`` to the voter."""
    found = {}
    joined = getattr(user, "date_joined", None)
    if joined is not None:
        window = timedelta(minutes=BURST_MINUTES)
        burst = peers.filter(
            **{
                f"{user_field}__date_joined__gte": joined - window,
                f"{user_field}__date_joined__lte": joined + window,
            }
        )
        if burst.count() + 1 >= BURST_SIZE:
            found[BURST] = burst
    if hashed_address:
        same = peers.filter(address_hash=hashed_address)
        if same.count() + 1 > ADDRESS_LIMIT:
            found[ADDRESS] = same
    return found
