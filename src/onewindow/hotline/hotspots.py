"""Hot spots (热点): open tickets counted by district and category over the registry's district
boundaries, and a district's streets, places and tickets for the drill-down.

Who sees what (``hotline.authority``): dispatchers every open ticket, supervisors those in the
divisions they oversee, a department's handlers the tickets dispatched to it (as lead or
co-handler); anyone else nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from shapely.geometry import shape

from onewindow.core.localized import english_active
from onewindow.core.models import Division
from onewindow.hotline import authority
from onewindow.hotline.models import (
    OPEN_STATUSES,
    Assignment,
    AssignmentStatus,
    Category,
    Status,
    Ticket,
)
from onewindow.registry.models import DivisionBoundary, Place

# Colour-blind-safe, dark enough for white text and 3:1 against the map's pale fill.
PALETTE = (
    "#1f5fa8",
    "#a4000f",
    "#1a6b3c",
    "#8a4f00",
    "#6a3d9a",
    "#00707a",
    "#b3005e",
    "#5b6b00",
    "#7a3b2e",
    "#3d4f8a",
)
OTHER_COLOUR = "#5f6368"
MAX_TICKETS = 200  # tickets listed in a district's drill-down


@dataclass(frozen=True)
class Scope:
    """Which open tickets a user may see on the map: all (the 12345 centre), those in the
    divisions a supervisor oversees, and those dispatched to the user's departments."""

    everything: bool = False
    divisions: Q = field(default_factory=lambda: Q(pk__in=[]))
    departments: frozenset[int] = field(default_factory=frozenset)

    def tickets(self) -> QuerySet[Ticket]:
        tickets = Ticket.objects.filter(status__in=OPEN_STATUSES)
        if self.everything:
            return tickets
        mine = Q(lead_department_id__in=self.departments) | Q(
            pk__in=Assignment.objects.filter(
                department_id__in=self.departments,
                status__in=(AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED),
            ).values("ticket_id")
        )
        return tickets.filter(self.divisions | mine)


def scope_of(user) -> Scope:
    """The user's scope; ``PermissionDenied`` for citizens and officials without a hat."""
    refused = _("The hot-spot map is for dispatchers, supervisors and departments.")
    if not (user and user.is_authenticated and getattr(user, "is_official", False)):
        raise PermissionDenied(refused)
    if authority.is_dispatcher(user):
        return Scope(everything=True)
    divisions = authority.supervised_divisions(user)
    departments = frozenset(authority.handling_departments(user))
    if not divisions and not departments:
        raise PermissionDenied(refused)
    return Scope(divisions=authority.supervisor_filter(user), departments=departments)


def _name(obj) -> str:
    return (obj.name_en or obj.name) if english_active() else obj.name


@dataclass(frozen=True)
class Legend:
    code: str
    name: str
    colour: str
    total: int


def _legend(counts: dict[int | None, int]) -> tuple[list[Legend], dict[int | None, Legend]]:
    """One colour for each of the busiest categories, the rest "other"."""
    categories = Category.objects.in_bulk([pk for pk in counts if pk is not None])
    ranked = sorted(counts, key=lambda pk: (-counts[pk], pk is None, pk or 0))
    legend, by_pk = [], {}
    other = 0
    for pk in ranked:
        category = categories.get(pk)
        if category is not None and len(legend) < len(PALETTE):
            entry = Legend(category.code, _name(category), PALETTE[len(legend)], counts[pk])
            legend.append(entry)
            by_pk[pk] = entry
        else:
            other += counts[pk]
    if other:
        entry = Legend("other", _("Other or not yet categorised"), OTHER_COLOUR, other)
        legend.append(entry)
        for pk in ranked:
            by_pk.setdefault(pk, entry)
    return legend, by_pk


@functools.lru_cache(maxsize=64)
def _centre(code: str, bbox: tuple) -> tuple[float, float]:
    geometry = DivisionBoundary.objects.values_list("geometry", flat=True).get(pk=code)
    point = shape(geometry).representative_point()
    return round(point.y, 6), round(point.x, 6)


def _districts() -> dict[str, DivisionBoundary]:
    return {
        b.division_id: b
        for b in DivisionBoundary.objects.select_related("division").order_by("division_id")
    }


def _district_of(code: str, districts) -> str:
    for length in (6, 4):
        if code[:length] in districts:
            return code[:length]
    return ""


def _category_filter(tickets: QuerySet[Ticket], category: str) -> QuerySet[Ticket]:
    return tickets.filter(category__code=category) if category else tickets


def overview(user, *, category: str = "", geometry: bool = True) -> dict:
    """Open tickets per district and category, with the districts' boundaries (GeoJSON) and a
    legend. Tickets outside every boundary are counted under ``elsewhere``."""
    scope = scope_of(user)
    tickets = _category_filter(scope.tickets(), category)
    rows = tickets.values_list("division_code", "category_id").annotate(n=Count("id")).order_by()
    districts = _districts()
    per: dict[str, dict[int | None, int]] = {}
    totals: dict[int | None, int] = {}
    for division_code, category_id, n in rows:
        district = _district_of(division_code, districts) or "elsewhere"
        slot = per.setdefault(district, {})
        slot[category_id] = slot.get(category_id, 0) + n
        totals[category_id] = totals.get(category_id, 0) + n
    legend, colour_of = _legend(totals)
    features = []
    for code, boundary in districts.items():
        counts = per.get(code, {})
        merged: dict[str, dict] = {}
        for category_id, n in counts.items():
            entry = colour_of[category_id]
            slot = merged.setdefault(
                entry.code,
                {"code": entry.code, "name": entry.name, "colour": entry.colour, "count": 0},
            )
            slot["count"] += n
        feature = {
            "code": code,
            "name": _name(boundary.division),
            "total": sum(counts.values()),
            "centre": _centre(
                code,
                (
                    boundary.min_longitude,
                    boundary.min_latitude,
                    boundary.max_longitude,
                    boundary.max_latitude,
                ),
            ),
            "categories": sorted(merged.values(), key=lambda c: (-c["count"], c["code"])),
        }
        if geometry:
            feature["geometry"] = boundary.geometry
        features.append(feature)
    elsewhere = sum(per.get("elsewhere", {}).values())
    return {
        "districts": features,
        "legend": [entry.__dict__ for entry in legend],
        "total": sum(totals.values()),
        "elsewhere": elsewhere,
        "category": category,
    }


def district(user, code: str, *, category: str = "") -> dict:
    """A district's streets and places with open tickets, and the tickets (at most 200, the
    most recent first). An unknown district raises ``Division.DoesNotExist``."""
    scope = scope_of(user)
    division = Division.objects.get(pk=code)
    boundary = DivisionBoundary.objects.filter(pk=code).first()
    tickets = _category_filter(scope.tickets(), category).filter(division_code__startswith=code)
    totals = dict(
        tickets.values_list("category_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("category_id", "n")
    )
    legend, colour_of = _legend(totals)
    rows = list(
        tickets.select_related("category")
        .order_by("-received_at", "-pk")
        .values(
            "number",
            "title",
            "status",
            "category_id",
            "place_code",
            "division_code",
            "latitude",
            "longitude",
            "received_at",
            "urgent",
        )[:MAX_TICKETS]
    )
    all_places = dict(
        tickets.exclude(place_code="")
        .values_list("place_code")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("place_code", "n")
    )
    places = Place.objects.in_bulk(list(all_places), field_name="code")
    townships = {
        d.code: d for d in Division.objects.filter(parent_id=code) if len(d.code) > len(code)
    }
    streets: dict[str, dict] = {}
    unknown = _("Street not known")

    def street_of(place_code: str, division_code: str) -> str:
        place = places.get(place_code)
        if place is not None:
            return place.street
        township = townships.get(division_code[:9])
        return _name(township) if township else unknown

    by_street = (
        tickets.values_list("place_code", "division_code").annotate(n=Count("id")).order_by()
    )
    for place_code, division_code, n in by_street:
        name = street_of(place_code, division_code)
        slot = streets.setdefault(name, {"name": name, "total": 0, "places": 0})
        slot["total"] += n
    for place_code in all_places:
        place = places.get(place_code)
        if place is not None:
            streets.setdefault(place.street, {"name": place.street, "total": 0, "places": 0})[
                "places"
            ] += 1
    categories = Category.objects.in_bulk(list(totals))
    points: dict[tuple, dict] = {}
    listed = []
    for row in rows:
        entry = colour_of[row["category_id"]]
        category_obj = categories.get(row["category_id"])
        place = places.get(row["place_code"])
        lat = place.latitude if place else row["latitude"]
        lng = place.longitude if place else row["longitude"]
        street = street_of(row["place_code"], row["division_code"])
        label = (
            f"{place.street}{place.number}{(' ' + place.building) if place.building else ''}"
            if place
            else street
        )
        listed.append(
            {
                "number": row["number"],
                "title": row["title"],
                "status": row["status"],
                "status_label": str(Status(row["status"]).label),
                "category": _name(category_obj) if category_obj else "",
                "colour": entry.colour,
                "street": street,
                "place": label,
                "received_at": row["received_at"],
                "urgent": row["urgent"],
            }
        )
        if lat is None or lng is None:
            continue
        key = (float(lat), float(lng))
        point = points.setdefault(
            key,
            {"lat": key[0], "lng": key[1], "label": label, "count": 0, "colours": {}},
        )
        point["count"] += 1
        point["colours"][entry.colour] = point["colours"].get(entry.colour, 0) + 1
    for point in points.values():
        point["colour"] = max(point.pop("colours").items(), key=lambda kv: kv[1])[0]
    return {
        "code": division.code,
        "name": _name(division),
        "geometry": boundary.geometry if boundary else None,
        "total": sum(totals.values()),
        "legend": [entry.__dict__ for entry in legend],
        "streets": sorted(streets.values(), key=lambda s: (-s["total"], s["name"])),
        "points": sorted(points.values(), key=lambda p: (-p["count"], p["label"])),
        "tickets": listed,
        "shown": len(listed),
        "category": category,
    }
