"""The flood of the issue's "done means", end to end through the services and the command board:
a 12345 call is escalated to 天河's duty desk and reported to the city; the city's commander
activates the flood plan at level III for it; the departments acknowledge their tasks; a rescue
team is dispatched and goes on site; a shelter fills up; the board shows each step (its
figures, clocks, shelters, timeline and map) and, once the warning is lifted and the response
ended, says so. Then the board's pages: the live part and the map's JSON, and who is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from onewindow.accounts.models import Department, Role
from onewindow.core.localized import localized
from onewindow.emergency import board, dispatches, incidents, plan_data, plans, resources, services
from onewindow.emergency.plan_models import Plan
from onewindow.hotline import services as hotline
from tests.emergency.test_resources import SHELTER, TEAM
from tests.emergency.world import official, typhoon


@pytest.fixture
def city(world):
    plan_data.load()
    world.plan = Plan.objects.get(code="gz-flood-typhoon")
    world.dispatcher = official("dispatch", Role.DISPATCHER, "440100-12345")
    world.water = official("swu_duty", Role.DUTY_OFFICER, "440100-SWU")
    world.civil = official("mz_duty", Role.DUTY_OFFICER, "440100-MZ")
    return world


def _ticket():
    return hotline.report(
        channel="phone", kind="help", title="猎德涌漫堤，居民楼进水",
        description="河涌水漫上路面，两栋楼首层进水。", address="天河区猎德大道",
        latitude="23.119", longitude="113.331", caller_phone="13800138123",
        caller_name="李先生", idempotency_key="flood-scenario",
    )  # fmt: skip


def test_a_flood_from_12345_to_the_board_and_back(city):
    w = city
    start = timezone.now()
    warning = services.issue(w.officer, department=w.yj, data=typhoon(level="yellow")).warning
    ticket = _ticket()
    creek = incidents.escalate_ticket(
        w.dispatcher, number=ticket.number, department=w.th_yj,
        data={"event_class": "natural", "grade": "ordinary", "affected": 40},
    )  # fmt: skip
    incidents.report_up(w.th_officer, creek.reports.get(), note="已转移40人。")
    incidents.acknowledge(w.officer, creek.reports.get())

    seen = board.board(w.commander)
    assert seen.scope.code == "440100"
    assert seen.figures["warnings"] == 1
    assert seen.figures["incidents"] == 1
    assert seen.figures["affected"] == 40
    assert creek.number in {i.number for i in seen.incidents}
    assert [p["url"] for p in seen.map_data["incidents"]] == [
        reverse("workbench:emergency-incident", args=[creek.number])
    ]
    tianhe = next(d for d in seen.map_data["districts"] if d["code"] == "440106")
    assert tianhe["level"] == "yellow"

    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        response = plans.activate(
            w.commander, w.plan, level=3, reason="启动防汛Ⅲ级响应", incident=creek.number
        )
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        for person, code in ((w.water, "440100-SWU"), (w.civil, "440100-MZ")):
            plans.acknowledge(person, response.assignments.get(department__code=code))
    rescue = resources.add(w.th_officer, department=w.th_yj, kind="team", data=TEAM)
    shelter = resources.add(w.th_officer, department=w.th_yj, kind="shelter", data=SHELTER)
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        sent = dispatches.dispatch(
            w.officer, incident=creek, resource=rescue, data={"note": "转移被困居民"}
        )
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        dispatches.acknowledge(w.th_officer, sent)
        dispatches.advance(w.th_officer, sent, status="en_route")
        dispatches.advance(w.th_officer, sent, status="on_site")
        resources.record_occupancy(w.th_officer, shelter, occupancy="85")

    at = start + timedelta(minutes=70)  # the tasks not acknowledged are overdue by now
    with translation.override("en"):  # the board's words, in one language for the test
        seen = board.board(w.commander, now=at)
        late = {localized(Department.objects.get(code=code), "name")
                for code in ("440100-YJGL", "440100-XF", "440100-GA")}  # fmt: skip
    assert [r.number for r in seen.responses] == [response.number]
    assert seen.figures["stock"].teams_deployed == 1
    assert (seen.figures["stock"].sheltered, seen.figures["stock"].shelter_places) == (85, 200)
    assert [(s.pk, s.occupancy) for s in seen.shelters] == [(shelter.pk, 85)]
    overdue = [c for c in seen.clocks if c.colour == "red"]
    assert {c.who for c in overdue} == late  # the bureau's, the fire brigade's, the police's
    assert seen.figures["overdue"] == 3
    assert seen.clocks[0].colour == "red"  # the most urgent first
    texts = [e.text for e in seen.timeline]
    assert any(t.startswith("Tianhe District Rescue Brigade on site at") for t in texts)
    assert any(t.endswith("level Ⅲ response") for t in texts)
    team_point = next(p for p in seen.map_data["resources"] if p["kind"] == "team")
    assert team_point["status"] == "deployed"

    services.cancel(w.officer, warning, note="台风远离，解除预警。")
    plans.end(w.commander, response, note="险情解除，终止响应。")
    seen = board.board(w.commander)
    assert (seen.figures["warnings"], seen.figures["responses"]) == (0, 0)
    assert not [c for c in seen.clocks if "emergency/responses/" in c.link]


def test_a_district_desk_sees_its_district_and_others_are_refused(city, client):
    w = city
    incidents.record(w.th_officer, department=w.th_yj, data={
        "event_class": "natural", "grade": "ordinary", "title": "天河内涌水浸",
        "description": "路面积水。", "latitude": "23.119", "longitude": "113.331",
    })  # fmt: skip
    assert board.board(w.th_officer).scope.code == "440106"
    client.force_login(w.th_officer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("workbench:emergency-board"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Command board" in html
    assert 'hx-get="/workbench/emergency/board/live/"' in html
    live = client.get(reverse("workbench:emergency-board-live"))
    assert live.status_code == 200
    assert "open incidents" in live.content.decode()
    data = client.get(reverse("workbench:emergency-board-data")).json()
    assert {d["code"] for d in data["districts"]} >= {"440104", "440106"}
    assert len(data["incidents"]) == 1
    for someone in (w.water, w.residents["440104"][0]):  # no emergency desk: nothing
        client.force_login(someone)
        for name in ("emergency-board", "emergency-board-live", "emergency-board-data"):
            assert client.get(reverse(f"workbench:{name}")).status_code in (403, 404)
    assert Department.objects.filter(code="440106-YJGL").exists()
