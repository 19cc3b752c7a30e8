"""Near-duplicate tickets (重复工单): the same place and the same problem, proposed for merging;
merged tickets share one handling and every merged citizen gets the main ticket's reply.

Places come from the registry's standard addresses (``registry.models.Place``): an address
naming a known street and building number is that place; coordinates alone find their
division with ``registry.geo.locate``. Two tickets are about the same place when they name the
same standard address or lie within ``RADIUS`` metres; about the same problem when they share
the category and their texts are alike (the Jaccard index of their jieba words).

This module reads and computes; the writes (``merge``, ``propagate_reply``, ``locate_ticket``)
are in ``hotline.services``.
"""

from __future__ import annotations

import functools
import math
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.catalog import search as catalog_search
from onewindow.hotline import authority
from onewindow.hotline.models import OPEN_STATUSES, Status, Ticket
from onewindow.notifications import messages as notification_messages
from onewindow.registry import geo
from onewindow.registry.models import Place

RADIUS = 100.0  # metres: two tickets this close are about the same place
WINDOW_DAYS = 30  # only tickets received this recently are proposed
SIMILAR = 0.35  # Jaccard index of the texts' words from which two texts tell the same problem
SIMILAR_WITHOUT_PLACE = 0.6  # without a place or coordinates, the texts must agree more
EARTH = 6_371_000.0
REPLY_KIND = "hotline.merged_reply"


def register_notifications() -> None:
    """The message a merged ticket's citizen gets with the main ticket's reply."""
    notification_messages.register(
        REPLY_KIND,
        title=gettext_lazy("Reply to your ticket %(number)s"),
        body=gettext_lazy(
            "Your ticket %(number)s was handled together with ticket %(main)s about the same "
            "matter. The reply: %(reply)s"
        ),
    )


register_notifications()


# ---------------------------------------------------------------------------------------------
# Geocoding


@dataclass(frozen=True)
class Location:
    """Where a ticket happened: a standard address when one matched, and its coordinates and
    division (the most specific one known)."""

    place_code: str = ""
    division_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


_NUMBER = re.compile(r"(\d+)\s*号")
_streets_state: tuple[float, int] | None = None


@functools.lru_cache(maxsize=2)
def _streets(count: int) -> tuple[str, ...]:
    """The streets of the standard addresses, longest first (中山七路 before 中山路)."""
    streets = set(Place.objects.values_list("street", flat=True).distinct())
    return tuple(sorted(streets, key=lambda s: (-len(s), s)))


def _known_streets() -> tuple[str, ...]:
    global _streets_state
    now = time.monotonic()
    # an empty registry is counted again at once: places loaded since are found at once
    if _streets_state is None or now - _streets_state[0] > 5 or not _streets_state[1]:
        _streets_state = (now, Place.objects.count())
    return _streets(_streets_state[1])


def match_place(address: str) -> Place | None:
    """The standard address an address names: a known street, and its building number when
    the address has one (中山七路42号). A street alone matches no single place."""
    text = " ".join((address or "").split())
    if not text:
        return None
    for street in _known_streets():
        if street not in text:
            continue
        after = text[text.index(street) + len(street) :]
        number = _NUMBER.search(after)
        if not number:
            continue
        candidates = Place.objects.filter(street=street, number=f"{number.group(1)}号")
        places = list(candidates.order_by("code")[:5])
        if len(places) > 1:  # the same street and number in two districts: the one named
            named = [p for p in places if p.division.name in text]
            places = named or places
        if places:
            return places[0]
    return None


def coordinates(
    latitude, longitude, *, fields: tuple[str, str] = ("longitude", "latitude")
) -> tuple[Decimal, Decimal] | None:
    """The caller's point as (latitude, longitude) to six decimals, or None when neither is
    given. Bad coordinates raise ``ValidationError`` keyed by ``fields`` (longitude's name,
    latitude's name), whether or not the address matches a standard one."""
    if latitude in (None, "") and longitude in (None, ""):
        return None
    lng, lat = geo.validate_coordinates(longitude, latitude, fields=fields)
    micro = Decimal("0.000001")
    return Decimal(str(lat)).quantize(micro), Decimal(str(lng)).quantize(micro)


def geocode(
    address: str = "",
    latitude=None,
    longitude=None,
    *,
    fields: tuple[str, str] = ("longitude", "latitude"),
) -> Location:
    """The location of a ticket: the standard address its address names (with that address's
    coordinates and division), else the division its coordinates fall in. Bad coordinates
    raise ``ValidationError`` naming ``fields`` even beside a standard address."""
    point = coordinates(latitude, longitude, fields=fields)
    place = match_place(address)
    if place is not None:
        return Location(place.code, place.division_id, place.latitude, place.longitude)
    if point is None:
        return Location()
    division = geo.locate(float(point[1]), float(point[0]))
    return Location("", division.code if division else "", *point)


def distance(lat1, lng1, lat2, lng2) -> float:
    """Metres between two points (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH * math.asin(min(1.0, math.sqrt(a)))


# ---------------------------------------------------------------------------------------------
# Proposals


def words(text: str) -> frozenset[str]:
    return frozenset(catalog_search.segment(text))


def similarity(a: str, b: str) -> float:
    """The Jaccard index of the two texts' jieba words (0 to 1)."""
    left, right = words(a), words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


@dataclass(frozen=True)
class Proposal:
    ticket: Ticket
    similarity: float
    distance: float | None  # metres, when both have coordinates
    same_place: bool


def _text(ticket: Ticket) -> str:
    return f"{ticket.title} {ticket.description}"


def near_duplicates(
    ticket: Ticket, *, days: int = WINDOW_DAYS, radius: float = RADIUS, limit: int = 10
) -> list[Proposal]:
    """Open tickets of the last ``days`` about the same place and problem as ``ticket``, most
    alike first. Tickets already merged, and the ticket's own merged ones, are left out."""
    since = ticket.received_at - timedelta(days=days)
    pool = (
        Ticket.objects.filter(status__in=OPEN_STATUSES, received_at__gte=since)
        .exclude(pk=ticket.pk)
        .filter(merged_into__isnull=True)
        .select_related("category")
    )
    if ticket.category_id:
        pool = pool.filter(category_id=ticket.category_id)
    lat, lng = ticket.latitude, ticket.longitude
    where = Q()
    located = False
    if ticket.place_code:
        where |= Q(place_code=ticket.place_code)
        located = True
    if lat is not None and lng is not None:
        dlat = Decimal(str(radius / 111_000))
        dlng = Decimal(str(radius / (111_000 * max(0.1, math.cos(math.radians(float(lat)))))))
        where |= Q(
            latitude__range=(lat - dlat, lat + dlat), longitude__range=(lng - dlng, lng + dlng)
        )
        located = True
    if located:
        pool = pool.filter(where)
    elif ticket.division_code:
        pool = pool.filter(division_code=ticket.division_code)
    else:
        return []
    text = _text(ticket)
    proposals = []
    for other in pool.order_by("-received_at")[:500]:
        same_place = bool(ticket.place_code) and other.place_code == ticket.place_code
        metres = None
        if None not in (lat, lng, other.latitude, other.longitude):
            metres = distance(lat, lng, other.latitude, other.longitude)
        if located and not same_place and (metres is None or metres > radius):
            continue
        alike = similarity(text, _text(other))
        if alike < (SIMILAR if located else SIMILAR_WITHOUT_PLACE):
            continue
        proposals.append(Proposal(other, round(alike, 3), metres, same_place))
    proposals.sort(key=lambda p: (-p.similarity, p.distance or 0, p.ticket.number))
    return proposals[:limit]


def proposals_for(user, number: str, **options) -> list[Proposal]:
    """The near duplicates of ticket ``number`` for a page: only the 12345 centre's operators
    and dispatchers, who may merge, see them. An unknown number is ``Ticket.DoesNotExist``."""
    if not can_merge(user):
        raise PermissionDenied(_("Only the hotline's operators and dispatchers merge tickets."))
    return near_duplicates(Ticket.objects.get(number=number), **options)


# ---------------------------------------------------------------------------------------------
# Merging


def can_merge(user) -> bool:
    """An operator or a dispatcher of the 12345 centre."""
    return authority.is_centre(user)


def merged_tickets(ticket: Ticket):
    return Ticket.objects.filter(merged_into=ticket, status=Status.MERGED).select_related("caller")
