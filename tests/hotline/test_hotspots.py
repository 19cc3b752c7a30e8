"""The hot-spot map's data: open tickets per district and category, a district's streets,
places and tickets, and who sees what (the page and its JSON)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from onewindow.accounts.models import Role
from onewindow.hotline import hotspots
from onewindow.hotline.models import (
    Assignment,
    AssignmentStatus,
    Category,
    Status,
    Ticket,
)
from onewindow.hotline.models import Role as Share
from onewindow.registry import geo
from tests.factories import CitizenFactory, DepartmentFactory, OfficialFactory

_numbers = iter(range(1, 10_000))


@pytest.fixture
def world(db, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    geo.load_boundaries()
    geo.load_places()
    roads, water = DepartmentFactory(), DepartmentFactory()
    lights = Category.objects.create(
        code="street-light", name="路灯不亮或损坏", name_en="Street light out", group="城市管理",
        department=roads, limit=3,
    )  # fmt: skip
    flood = Category.objects.create(
        code="flooding", name="道路积水与排水", name_en="Flooded road", group="水务",
        department=water, limit=24,
    )  # fmt: skip

    def ticket(category, department, place_code="", division="440103", status=Status.HANDLING):
        return Ticket.objects.create(
            number=f"H{next(_numbers):05d}", division_code=division, channel="web",
            kind="complaint", category=category, title=f"{category.name}问题",
            description="描述", place_code=place_code, status=status,
            lead_department=department, received_at=timezone.now(),
        )  # fmt: skip

    tickets = [
        ticket(lights, roads, "440103-000001"),
        ticket(lights, roads, "440103-000001"),
        ticket(flood, water, "440103-000002"),
        ticket(lights, roads, "", "440104003"),
        ticket(flood, water, "", "440999"),  # outside the boundaries
        ticket(lights, roads, "440103-000001", status=Status.CLOSED),
    ]
    return {"roads": roads, "water": water, "tickets": tickets, "lights": lights}


def test_a_dispatcher_sees_every_open_ticket_by_district_and_category(world):
    dispatcher = OfficialFactory(role=Role.DISPATCHER)
    data = hotspots.overview(dispatcher)
    by_code = {d["code"]: d for d in data["districts"]}
    assert len(by_code) == 11
    assert by_code["440103"]["total"] == 3
    assert by_code["440104"]["total"] == 1
    assert data["total"] == 5
    assert data["elsewhere"] == 1
    cats = {c["code"]: c["count"] for c in by_code["440103"]["categories"]}
    assert cats == {"street-light": 2, "flooding": 1}
    assert by_code["440103"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    legend = {entry["code"]: entry for entry in data["legend"]}
    assert legend["street-light"]["colour"] == hotspots.PALETTE[0]
    assert legend["street-light"]["total"] == 3
    only = hotspots.overview(dispatcher, category="flooding")
    assert only["total"] == 2


def test_the_drill_down_lists_streets_places_and_tickets(world):
    data = hotspots.district(OfficialFactory(role=Role.SUPERVISOR), "440103")
    assert data["total"] == 3
    streets = {s["name"]: s for s in data["streets"]}
    assert streets["中山七路"]["total"] == 2
    assert streets["中山七路"]["places"] == 1
    assert streets["中山八路"]["total"] == 1
    points = {p["label"]: p for p in data["points"]}
    assert points["中山七路42号"]["count"] == 2
    assert len(data["tickets"]) == 3
    assert {t["status"] for t in data["tickets"]} == {Status.HANDLING}
    township = hotspots.district(OfficialFactory(role=Role.SUPERVISOR), "440104")
    assert township["tickets"][0]["street"] != ""


def test_a_department_sees_its_own_tickets_and_co_handled_ones(world):
    roads = OfficialFactory(role=Role.REVIEWER, department=world["roads"])
    data = hotspots.overview(roads)
    assert data["total"] == 3
    flood = world["tickets"][2]
    Assignment.objects.create(
        ticket=flood, department=world["roads"], role=Share.CO, status=AssignmentStatus.ACCEPTED,
        dispatched_by=OfficialFactory(role=Role.DISPATCHER), dispatched_at=timezone.now(),
    )  # fmt: skip
    assert hotspots.overview(roads)["total"] == 4
    assert hotspots.district(roads, "440103")["total"] == 3


def test_citizens_and_operators_are_refused(world):
    for user in (CitizenFactory(), OfficialFactory(role=Role.HOTLINE_OPERATOR), OfficialFactory()):
        with pytest.raises(PermissionDenied):
            hotspots.overview(user)


def test_the_page_and_its_json(world, client):
    client.force_login(OfficialFactory(role=Role.DISPATCHER))
    page = client.get("/workbench/hotline/map/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="hotline-map"' in body
    assert "vendor/leaflet-1.9.4/leaflet.js" in body
    assert "<script>" not in body
    data = client.get("/workbench/hotline/map/data.json").json()
    assert data["overview"]["total"] == 5
    detail = client.get("/workbench/hotline/map/?district=440103")
    assert "中山七路" in detail.content.decode()
    data = client.get("/workbench/hotline/map/data.json?district=440103&category=street-light")
    assert data.json()["district"]["total"] == 2
    assert client.get("/workbench/hotline/map/?district=999999").status_code == 404


def test_the_page_refuses_who_may_not_see_it(world, client):
    assert client.get("/workbench/hotline/map/data.json").status_code == 302
    client.force_login(CitizenFactory())
    assert client.get("/workbench/hotline/map/").status_code == 403
    client.force_login(OfficialFactory(role=Role.HOTLINE_OPERATOR))
    assert client.get("/workbench/hotline/map/data.json").status_code == 403
    water = OfficialFactory(role=Role.HEAD, department=world["water"])
    client.force_login(water)
    data = client.get("/workbench/hotline/map/data.json?district=440103").json()
    assert [t["number"] for t in data["district"]["tickets"]] == [world["tickets"][2].number]
