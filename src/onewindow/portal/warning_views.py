"""The public warning pages (预警信息发布): the warnings in force with a map of their areas, one
warning with the history of its messages, the Atom index of the CAP alerts and each signed
OASIS CAP 1.2 alert as it was sent.

Everything here is public and read through ``emergency.selectors``. The map draws the
registry's district boundaries as vector layers (no tiles); the table beside it holds the same
facts for anyone who cannot see or use the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_safe
from lxml import etree
from shapely.geometry import mapping, shape

from onewindow.core.localized import localized, localized_entry
from onewindow.core.models import Division
from onewindow.emergency import selectors
from onewindow.emergency.area import as_shape
from onewindow.emergency.cap import CAP_NS
from onewindow.emergency.models import GRADE, RANK, Level, Warning, WarningMessage, level_words
from onewindow.registry.models import DivisionBoundary

# The media type CAP feeds and readers use for an alert (OASIS "Example Practices: CAP Feeds");
# the alert declares UTF-8 itself, and the parameter says the same (RFC 7303 §3.2).
CAP_TYPE = "application/cap+xml"
CAP_MAX_AGE = 24 * 3600  # a sent alert never changes; a new message gets a new identifier
SIMPLIFY_DEGREES = 0.001  # about 100 m: plenty for a city map, half the boundaries' weight


# ---------------------------------------------------------------------------------------------
# Cards


class Card:
    """A warning as the public pages show it, in the reader's language."""

    def __init__(self, warning: Warning, now=None):
        self.warning = warning
        self.in_force = selectors.is_in_force(warning, now)

    @property
    def headline(self) -> str:
        return localized(self.warning, "headline")

    @property
    def description(self) -> str:
        return localized(self.warning, "description")

    @property
    def advice(self) -> str:
        return localized(self.warning, "advice")

    @property
    def level_words(self) -> str:
        return level_words(self.warning.level)

    @property
    def ended_at(self):
        """When it was cancelled or ran out; None while in force."""
        if self.in_force:
            return None
        return self.warning.ended_at or self.warning.expires_at


def cards(warnings, now=None) -> list[Card]:
    now = now or timezone.now()
    return [Card(warning, now) for warning in warnings]


# ---------------------------------------------------------------------------------------------
# The map and its table


@dataclass(frozen=True)
class District:
    code: str
    name: str
    name_en: str
    path: str
    outline: dict  # GeoJSON geometry, simplified, for the browser
    shape: object  # the full shapely geometry, for drawn areas

    @property
    def display_name(self) -> str:
        return localized(self, "name")


# (code, bounding box) of every district boundary -> the districts parsed from them
_districts_cache: dict[tuple, tuple[District, ...]] = {}


def _rounded(coordinates):
    if isinstance(coordinates[0], int | float):
        return [round(coordinates[0], 4), round(coordinates[1], 4)]
    return [_rounded(part) for part in coordinates]


def districts() -> tuple[District, ...]:
    """The county-level districts with a boundary, parsed once per process and boundary."""
    boundaries = DivisionBoundary.objects.filter(division__level=Division.Level.COUNTY)
    key = tuple(
        boundaries.order_by("division_id").values_list(
            "division_id", "min_longitude", "min_latitude", "max_longitude", "max_latitude"
        )
    )
    found = _districts_cache.get(key)
    if found is None:
        found = tuple(
            _district(boundary)
            for boundary in boundaries.select_related("division").order_by("division_id")
        )
        _districts_cache.clear()
        _districts_cache[key] = found
    return found


def _district(boundary: DivisionBoundary) -> District:
    full = shape(boundary.geometry)
    outline = mapping(full.simplify(SIMPLIFY_DEGREES))
    division = boundary.division
    return District(
        code=division.code,
        name=division.name,
        name_en=division.name_en,
        path=division.path,
        outline={"type": outline["type"], "coordinates": _rounded(outline["coordinates"])},
        shape=full,
    )


WHOLE, PART, DRAWN = "whole", "part", "drawn"


def _covers(card: Card, district: District) -> str:
    """How the warning covers the district: all of it (a division holding it), part of it (a
    division inside it), an area drawn across it, or not at all ("")."""
    warning = card.warning
    paths = [division.path for division in warning.divisions.all()]
    if any(district.path.startswith(path) for path in paths):
        return WHOLE
    if any(path.startswith(district.path) for path in paths):
        return PART
    if warning.polygon and as_shape(warning.polygon).intersects(district.shape):
        return DRAWN
    return ""


def area_map(shown: list[Card]) -> tuple[dict, list[dict]]:
    """What the map script draws, and the table that says the same (one row per district
    warned, the highest level first in it).

    A district is filled in the colour of the highest warning covering it by its divisions,
    paler where that warning covers only part of it; an area drawn on the map is drawn as
    itself, not as the districts it crosses."""
    rows, outlines = [], []
    for district in districts():
        entries = [
            {"card": card, "cover": cover, "whole": cover == WHOLE}
            for card in shown
            if (cover := _covers(card, district))
        ]
        entries.sort(key=lambda entry: (-RANK[entry["card"].warning.level], not entry["whole"]))
        filled = next((entry for entry in entries if entry["cover"] != DRAWN), None)
        tip = district.display_name
        if entries:
            levels = pgettext("list separator", ", ").join(
                _tip(entry["card"], entry["whole"]) for entry in entries
            )
            tip = f"{district.display_name}: {levels}"
            top = entries[0]["card"].warning.level
            rows.append({"district": district, "entries": entries, **_level(top)})
        outlines.append(
            {
                "code": district.code,
                "geometry": district.outline,
                "level": filled["card"].warning.level if filled else "",
                "part": bool(filled) and not filled["whole"],
                "tip": tip,
            }
        )
    drawn = [
        {
            "ring": card.warning.polygon,
            "level": card.warning.level,
            "tip": f"{card.level_words} · {card.headline}",
            "url": reverse("portal:warning", args=[card.warning.number]),
        }
        for card in shown
        if card.warning.polygon
    ]
    return {"districts": outlines, "drawn": drawn}, rows


def _level(level: str) -> dict:
    return {"level": level, "words": level_words(level), "grade": GRADE[level]}


def legend() -> list[dict]:
    """The four levels, the highest first, as the map's legend shows them."""
    return [_level(level) for level in sorted(Level.values, key=lambda level: -RANK[level])]


def _tip(card: Card, whole: bool) -> str:
    if whole:
        return card.level_words
    return gettext("%(level)s (part of the district)") % {"level": card.level_words}


# ---------------------------------------------------------------------------------------------
# Pages


@require_safe
def warnings(request):
    """/warnings/: the warnings in force, highest level first, on a map and in a table; then
    those ended in the last days."""
    now = timezone.now()
    in_force = cards(selectors.in_force(now), now)
    map_data, district_rows = area_map(in_force)
    return render(
        request,
        "portal/warnings/warnings.html",
        {
            "in_force": in_force,
            "ended": cards(selectors.recently_ended(now), now),
            "map_data": map_data,
            "district_rows": district_rows,
            "legend": legend(),
            "recent_days": selectors.RECENT_DAYS,
        },
    )


@require_safe
def warning(request, number):
    """One warning: the card, its area, its sent messages with their CAP alerts. A
    notification's ``?message=`` is not needed here: the page lists every message."""
    card = Card(selectors.public_warning(number))
    map_data, district_rows = area_map([card])
    history = [
        {"message": message, **_level(message.level)}
        for message in selectors.sent_messages(card.warning)
    ]
    return render(
        request,
        "portal/warnings/warning.html",
        {
            "card": card,
            "history": history,
            "map_data": map_data,
            "district_rows": district_rows,
            "legend": legend(),
            "recent_days": selectors.RECENT_DAYS,
        },
    )


def _message_headline(message: WarningMessage) -> str:
    return localized_entry(message.content, "headline") or localized(message.warning, "headline")


# ---------------------------------------------------------------------------------------------
# CAP alerts and their Atom index


@require_safe
def cap_alert(request, identifier):
    """The signed CAP 1.2 alert exactly as it was sent (its bytes are what the signature
    covers), cacheable by anyone."""
    message = selectors.cap_alert(identifier)
    etag = quote_etag(message.identifier)
    sent = int(message.sent_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=sent)
    if response is None:
        response = HttpResponse(
            message.xml.encode("utf-8"), content_type=f"{CAP_TYPE}; charset=utf-8"
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(sent)
    patch_cache_control(response, public=True, max_age=CAP_MAX_AGE)
    return response


def cap_path(message: WarningMessage) -> str:
    return reverse("portal:warning-cap", args=[message.identifier])


class CapIndex(Atom1Feed):
    """Atom 1.0 whose entries each link to their CAP alert with the type application/cap+xml,
    the way CAP index feeds are read (OASIS "Example Practices: CAP Feeds" 1.0, MeteoAlarm,
    Google Public Alerts); the entry's other alternate link is the warning's page."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "link", "", {"rel": "alternate", "type": CAP_TYPE, "href": item["cap_url"]}
        )


@dataclass(frozen=True)
class Entry:
    message: WarningMessage
    cap_url: str


class CapFeed(Feed):
    """Every CAP message of the warnings in force and of those ended lately, newest first."""

    feed_type = CapIndex

    def get_object(self, request, *args, **kwargs):
        return request

    def title(self):
        return gettext("Early warnings: CAP alerts")

    def subtitle(self):
        return gettext(
            "Every alert issuing, changing or cancelling a warning in force or ended in the "
            "last days, signed by the issuing department, in OASIS CAP 1.2."
        )

    def link(self):
        return reverse("portal:warnings")

    def feed_url(self):
        return reverse("portal:warnings-feed")

    def author_name(self):
        return gettext("OneWindow early warnings")

    def items(self, request):
        return [
            Entry(message, request.build_absolute_uri(cap_path(message)))
            for message in selectors.feed()
        ]

    def item_title(self, entry):
        message = entry.message
        return gettext("%(change)s: %(headline)s (%(level)s)") % {
            "change": message.get_change_display(),
            "headline": _message_headline(message),
            "level": level_words(message.level),
        }

    def item_description(self, entry):
        content = entry.message.content
        return localized_entry(content, "advice") or localized_entry(content, "description")

    def item_link(self, entry):
        return reverse("portal:warning", args=[entry.message.warning.number])

    def item_guid(self, entry):
        return tag_uri(entry.message)

    def item_pubdate(self, entry):
        return entry.message.sent_at

    def item_updateddate(self, entry):
        return entry.message.sent_at

    def item_author_name(self, entry):
        return entry.message.warning.department.display_name

    def item_categories(self, entry):
        return [entry.message.warning.get_hazard_display()]

    def item_extra_kwargs(self, entry):
        return {"cap_url": entry.cap_url}


def tag_uri(message: WarningMessage) -> str:
    """The entry's id (RFC 4151): the alert's sender as tagging entity, the day it was sent as
    its <sent> says, and its identifier; sender and identifier together name an alert uniquely
    (CAP 1.2 §3.2.1), and both are read from the signed alert, so the id never changes."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    alert = etree.fromstring(message.xml.encode("utf-8"), parser)
    sender = alert.findtext(f"{{{CAP_NS}}}sender")
    day = alert.findtext(f"{{{CAP_NS}}}sent")[:10]
    return f"tag:{sender},{day}:cap:{quote(message.identifier, safe='-._~!$()*+;=:@')}"
