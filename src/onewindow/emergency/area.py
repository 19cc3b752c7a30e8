"""The area a warning covers: divisions from the tree, or a polygon drawn on the map, and the
people registered in it (registry persons, by their standard address or, without one, their
household registration division).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from shapely import Point
from shapely.geometry import Polygon, shape
from shapely.prepared import prep

from onewindow.accounts.models import Department, User
from onewindow.core.models import Division
from onewindow.registry.models import DivisionBoundary, Person, Place

MAX_VERTICES = 200


def polygon_ring(value, field: str = "polygon") -> list[list[float]]:
    """A drawn area as a closed ring of [latitude, longitude] pairs (CAP's order), checked: at
    least three distinct corners, coordinates in range, not crossing itself."""
    if value in (None, "", []):
        return []
    if not isinstance(value, list) or not all(
        isinstance(point, list | tuple) and len(point) == 2 for point in value
    ):
        raise ValidationError({field: _("Give the area as a list of [latitude, longitude] pairs.")})
    try:
        ring = [[round(float(lat), 6), round(float(lon), 6)] for lat, lon in value]
    except (TypeError, ValueError):
        raise ValidationError(
            {field: _("Every corner needs a numeric latitude and longitude.")}
        ) from None
    if any(not (-90 <= lat <= 90 and -180 <= lon <= 180) for lat, lon in ring):
        raise ValidationError({field: _("A latitude or longitude is out of range.")})
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    if len({tuple(point) for point in ring}) < 3:
        raise ValidationError({field: _("Draw at least three corners.")})
    if len(ring) > MAX_VERTICES:
        raise ValidationError(
            {field: _("Draw the area with at most %(count)s corners.") % {"count": MAX_VERTICES}}
        )
    if not as_shape(ring).is_valid:
        raise ValidationError({field: _("The area's edges cross each other; draw it again.")})
    return ring


def as_shape(ring: list[list[float]]) -> Polygon:
    return Polygon([(lon, lat) for lat, lon in ring])


def districts_of(department: Department) -> QuerySet[Division]:
    """The county-level divisions a department may warn: its own district, or every district
    under its city or province."""
    division = department.division
    if division.level == Division.Level.COUNTY:
        return Division.objects.filter(pk=division.pk)
    return Division.objects.filter(
        path__startswith=division.path, level=Division.Level.COUNTY
    ).order_by("code")


def district_of(division: Division) -> Division | None:
    """The county-level division holding ``division`` (itself if it is one)."""
    if division.level == Division.Level.COUNTY:
        return division
    codes = [code for code in division.path.strip("/").split("/") if code]
    return Division.objects.filter(code__in=codes, level=Division.Level.COUNTY).first()


@dataclass(frozen=True)
class Area:
    divisions: tuple[Division, ...]
    ring: tuple[tuple[float, float], ...] = ()

    def districts(self) -> list[Division]:
        """The districts the area touches, each once, by code."""
        found: dict[str, Division] = {}
        for division in self.divisions:
            if division.level in (Division.Level.PROVINCE, Division.Level.PREFECTURE):
                for district in Division.objects.filter(
                    path__startswith=division.path, level=Division.Level.COUNTY
                ):
                    found[district.code] = district
            else:
                district = district_of(division)
                if district is not None:
                    found[district.code] = district
        if self.ring:
            drawn = as_shape([list(point) for point in self.ring])
            west, south, east, north = drawn.bounds
            for boundary in DivisionBoundary.objects.filter(
                min_longitude__lte=east,
                max_longitude__gte=west,
                min_latitude__lte=north,
                max_latitude__gte=south,
                division__level=Division.Level.COUNTY,
            ).select_related("division"):
                if shape(boundary.geometry).intersects(drawn):
                    found[boundary.division.code] = boundary.division
        return [found[code] for code in sorted(found)]

    def places_drawn(self) -> list[int]:
        """The standard addresses inside the drawn area."""
        if not self.ring:
            return []
        drawn = as_shape([list(point) for point in self.ring])
        west, south, east, north = drawn.bounds
        inside = prep(drawn)
        candidates = Place.objects.filter(
            longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
        ).values_list("pk", "longitude", "latitude")
        return [pk for pk, lon, lat in candidates.iterator() if inside.contains(Point(lon, lat))]

    def residents(self, district: Division) -> QuerySet[Person]:
        """The registered persons of the area who live in ``district``."""
        found = Q(pk__in=[])
        for division in self.divisions:
            if division.path.startswith(district.path):
                path = division.path
            elif district.path.startswith(division.path):
                path = district.path
            else:
                continue
            # the codes under ``path`` as a subquery: the persons are found by their division
            # columns' indexes, without joining the division tree for every person
            under = Division.objects.filter(path__startswith=path).values("code")
            found |= Q(residence__division__in=under) | Q(
                residence__isnull=True, household_division__in=under
            )
        places = self.places_drawn()
        if places:
            found |= Q(residence__in=places, residence__division__path__startswith=district.path)
        return Person.objects.filter(found)

    def users(self, district: Division) -> QuerySet[User]:
        """The citizens with an account among the area's residents in ``district``: whom the
        notification channels reach."""
        return User.objects.filter(
            kind=User.Kind.CITIZEN,
            is_active=True,
            id_number_index__in=self.residents(district).values("id_number_index"),
        ).exclude(id_number_index="")

    def covers(self, person: Person) -> bool:
        """Whether ``person`` lives in the area."""
        home = person.residence.division if person.residence_id else person.household_division
        if any(home.path.startswith(division.path) for division in self.divisions):
            return True
        if self.ring and person.residence_id:
            place = person.residence
            return as_shape([list(p) for p in self.ring]).contains(
                Point(float(place.longitude), float(place.latitude))
            )
        return False
