"""Warnings over the map: a warning as the pages show it (``Card``), the county districts'
boundaries parsed once per process, and what a map of the warnings in force draws with the table
that says the same. The public warning pages and the command board (指挥一张图) share it; it
draws the registry's boundaries as vector layers, so nothing is fetched from elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from shapely.geometry import mapping, shape

from onewindow.core.localized import localized
from onewindow.core.models import Division
from onewindow.emergency import selectors
from onewindow.emergency.area import as_shape
from onewindow.emergency.models import GRADE, RANK, Level, Warning, level_words
from onewindow.registry.models import DivisionBoundary

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
            rows.append({"district": district, "entries": entries, **level_entry(top)})
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


def level_entry(level: str) -> dict:
    return {"level": level, "words": level_words(level), "grade": GRADE[level]}


def legend() -> list[dict]:
    """The four levels, the highest first, as the map's legend shows them."""
    return [level_entry(level) for level in sorted(Level.values, key=lambda level: -RANK[level])]


def _tip(card: Card, whole: bool) -> str:
    if whole:
        return card.level_words
    return gettext("%(level)s (part of the district)") % {"level": card.level_words}
