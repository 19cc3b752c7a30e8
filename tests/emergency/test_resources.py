"""Resources and dispatch through their services: the city's duty desk dispatches a district's
rescue team to a flood; the district acknowledges within the hour (the clock in the ledger) and
reports it en route, on site, done; a busy team cannot go twice; supplies leave the stock; a
shelter never holds more than its places; a request for resources is granted by dispatching or
refused with a reason, its 2-hour clock closed; others change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from onewindow.core.models import AuditEntry
from onewindow.emergency import dispatches, incidents, resource_selectors, resources
from onewindow.emergency.resource_models import Dispatch, RequestState, ResourceRequest
from onewindow.notifications.models import Notification
from onewindow.supervision.models import Matter, State
from tests.emergency.test_incidents import FLOOD

TEAM = {
    "name": "天河区应急救援大队",
    "name_en": "Tianhe District Rescue Brigade",
    "address": "天河区黄埔大道西",
    "latitude": "23.125",
    "longitude": "113.330",
    "contact_name": "陈队长",
    "phone": "020-38000000",
    "capacity": "40",
    "speciality": "水域救援",
    "speciality_en": "Water rescue",
}
SHELTER = {**TEAM, "name": "天河体育中心应急避难场所", "capacity": "200", "status": "open"}
TENTS = {**TEAM, "name": "天河区救灾物资储备库帐篷", "quantity": "200", "unit": "顶",
         "unit_en": "tents", "capacity": ""}  # fmt: skip
CITY_TEAM = {**TEAM, "name": "广州市消防救援支队", "name_en": "Guangzhou Fire and Rescue Detachment",
             "latitude": "23.129", "longitude": "113.264"}  # fmt: skip


def team(w, data=TEAM):
    return resources.add(w.th_officer, department=w.th_yj, kind="team", data=data)


def flood(w):
    return incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)


def test_a_dispatch_is_acknowledged_within_the_hour_and_reported_to_done(world):
    w = world
    start = timezone.now()
    rescue, incident = team(w), flood(w)
    with time_machine.travel(start, tick=False):
        sent = dispatches.dispatch(
            w.officer, incident=incident, resource=rescue, data={"note": "转移被困居民"}
        )
        (job,) = resource_selectors.incident_dispatches(w.officer, incident)
        assert (job.colour, job.due_at) == ("green", start + timedelta(hours=1))
        assert job.moves == ["cancelled"]  # the city dispatched it; only the keeper moves it
    assert sent.department == w.yj  # the city's desk, on the chain, above the district
    matter = Matter.objects.get(kind=dispatches.DISPATCH_KIND)
    assert (matter.unit, matter.limit, matter.state) == ("hours", 1, State.OPEN)
    assert matter.department_id == w.th_yj.pk
    later = resource_selectors.incident_dispatches(
        w.officer, incident, now=start + timedelta(hours=2)
    )
    assert later[0].colour == "red"
    assert Notification.objects.filter(
        recipient=w.th_officer, kind="emergency.resource_dispatched"
    ).exists()
    rescue.refresh_from_db()
    assert rescue.status == "deployed"

    with pytest.raises(PermissionDenied):  # the dispatching desk does not report for the team
        dispatches.acknowledge(w.officer, sent)
    assert [j.dispatch for j in resource_selectors.to_acknowledge(w.th_officer)] == [sent]
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        dispatches.acknowledge(w.th_officer, sent)
    matter.refresh_from_db()
    assert (matter.state, matter.late) == (State.CLOSED, False)
    with pytest.raises(ValidationError) as error:  # no skipping ahead
        dispatches.advance(w.th_officer, sent, status="done")
    assert "status" in error.value.message_dict
    for status in ("en_route", "on_site", "done"):
        dispatches.advance(w.th_officer, sent, status=status)
    sent.refresh_from_db()
    assert sent.status == "done"
    assert None not in (sent.en_route_at, sent.on_site_at, sent.done_at)
    rescue.refresh_from_db()
    assert rescue.status == "available"  # free again
    assert resource_selectors.incident_dispatches(w.officer, incident)[0].colour == "done"


def test_a_team_already_dispatched_cannot_go_again_until_cancelled(world):
    w = world
    rescue, incident = team(w), flood(w)
    first = dispatches.dispatch(w.th_officer, incident=incident, resource=rescue, data={})
    with pytest.raises(ValidationError) as error:
        dispatches.dispatch(w.officer, incident=incident, resource=rescue, data={})
    assert "resource" in error.value.message_dict
    assert Dispatch.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        dispatches.cancel(w.th_officer, first, reason="")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        dispatches.cancel(w.qx_officer, first, reason="not ours")
    dispatches.cancel(w.th_officer, first, reason="已由消防接手")
    assert Matter.objects.get(kind=dispatches.DISPATCH_KIND).state == State.CLOSED
    rescue.refresh_from_db()
    assert rescue.status == "available"
    dispatches.dispatch(w.officer, incident=incident, resource=rescue, data={})


def test_supplies_leave_the_stock_and_come_back_if_cancelled(world):
    w = world
    tents = resources.add(w.th_officer, department=w.th_yj, kind="supply", data=TENTS)
    incident = flood(w)
    with pytest.raises(ValidationError) as error:
        dispatches.dispatch(w.officer, incident=incident, resource=tents, data={"quantity": 500})
    assert "quantity" in error.value.message_dict
    sent = dispatches.dispatch(w.officer, incident=incident, resource=tents, data={"quantity": 50})
    tents.refresh_from_db()
    assert (sent.quantity, tents.quantity) == (50, 150)
    dispatches.dispatch(w.officer, incident=incident, resource=tents, data={"quantity": 20})
    dispatches.cancel(w.officer, sent, reason="改送帐篷至海珠")
    tents.refresh_from_db()
    assert tents.quantity == 180


def test_a_shelter_never_holds_more_than_its_places(world):
    w = world
    shelter = resources.add(w.th_officer, department=w.th_yj, kind="shelter", data=SHELTER)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        resources.record_occupancy(w.th_officer, shelter, occupancy="250")
    assert "occupancy" in error.value.message_dict
    shelter.refresh_from_db()
    assert shelter.occupancy == 0
    assert AuditEntry.objects.count() == before
    resources.record_occupancy(w.th_officer, shelter, occupancy="85")
    shelter.refresh_from_db()
    assert (shelter.occupancy, shelter.fill) == (85, 42)
    assert AuditEntry.objects.filter(action="emergency.shelter_occupancy").exists()
    with pytest.raises(ValidationError) as error:  # fewer places than people in it
        resources.change(w.th_officer, shelter, data={**SHELTER, "capacity": "50"})
    assert "capacity" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        resources.record_occupancy(w.officer, shelter, occupancy="10")  # not the keeper
    board = resource_selectors.figures()
    assert (board.shelters_open, board.shelter_places, board.sheltered) == (1, 200, 85)
    assert resource_selectors.figures("440104").shelter_places == 0  # 越秀 has none


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("phone", ""), ("latitude", "north"), ("capacity", "-1"), ("status", "gone")],
)
def test_bad_resource_input_names_the_field(world, field, value):
    with pytest.raises(ValidationError) as error:
        team(world, {**TEAM, field: value})
    assert field in error.value.message_dict


def test_others_are_refused(world):
    w = world
    rescue, incident = team(w), flood(w)
    city_team = resources.add(w.officer, department=w.yj, kind="team", data=CITY_TEAM)
    citizen = w.residents["440104"][0]
    for outsider in (w.qx_officer, citizen, AnonymousUser()):  # not on the incident's chain
        with pytest.raises(PermissionDenied):
            dispatches.dispatch(outsider, incident=incident, resource=rescue, data={})
    with pytest.raises(PermissionDenied):  # a district does not command the city's team
        dispatches.dispatch(w.th_officer, incident=incident, resource=city_team, data={})
    for outsider in (citizen, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            resources.add(outsider, department=w.th_yj, kind="team", data=TEAM)
        with pytest.raises(PermissionDenied):
            resource_selectors.resources_for(outsider)
        with pytest.raises(Http404):
            resource_selectors.resource_for(outsider, rescue.pk)
    with pytest.raises(PermissionDenied):
        resources.change(w.officer, rescue, data=TEAM)  # the city does not keep it
    assert not Dispatch.objects.exists()
    assert set(resource_selectors.resources_for(w.qx_officer, kind="team")) == {rescue, city_team}


def test_a_granted_request_dispatches_and_closes_its_clock(world):
    w = world
    incident = flood(w)
    city_team = resources.add(w.officer, department=w.yj, kind="team", data=CITY_TEAM)
    tents = resources.add(w.officer, department=w.yj, kind="supply", data=TENTS)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        asked = dispatches.request(
            w.th_officer, incident=incident, sender=w.th_yj, recipient=w.yj,
            data={"kind": "team", "quantity": 1, "text": "需要专业水域救援队伍一支。"},
        )  # fmt: skip
    matter = Matter.objects.get(kind=dispatches.REQUEST_KIND)
    assert (matter.unit, matter.limit, matter.department_id) == ("hours", 2, w.yj.pk)
    assert asked.answer_by == start + timedelta(hours=2)
    assert Notification.objects.filter(
        recipient=w.officer, kind="emergency.resources_requested"
    ).exists()
    (ask,) = resource_selectors.requests_to_answer(w.officer)
    assert (ask.may_answer, ask.colour) == (True, "green")
    with pytest.raises(PermissionDenied):
        dispatches.grant(w.qx_officer, asked, resource=city_team, data={})
    with pytest.raises(ValidationError) as error:  # tents were not asked for
        dispatches.grant(w.officer, asked, resource=tents, data={})
    assert "resource" in error.value.message_dict
    dispatches.grant(w.officer, asked, resource=city_team, data={"note": "30分钟内到达"})
    asked.refresh_from_db()
    assert asked.state == RequestState.GRANTED
    assert (asked.dispatch.resource, asked.dispatch.department) == (city_team, w.yj)
    matter.refresh_from_db()
    assert matter.state == State.CLOSED
    assert Matter.objects.get(kind=dispatches.DISPATCH_KIND).state == State.OPEN
    assert Notification.objects.filter(
        recipient=w.th_officer, kind="emergency.request_granted"
    ).exists()
    with pytest.raises(ValidationError):
        dispatches.refuse(w.officer, asked, reason="already granted")


def test_refusing_a_request_needs_a_reason(world):
    w = world
    incident = flood(w)
    asked = dispatches.request(
        w.th_officer, incident=incident, sender=w.th_yj, recipient=w.yj,
        data={"kind": "supply", "quantity": 100, "text": "需要帐篷100顶。"},
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        dispatches.refuse(w.officer, asked, reason=" ")
    assert "reason" in error.value.message_dict
    assert ResourceRequest.objects.get().state == RequestState.OPEN
    dispatches.refuse(w.officer, asked, reason="市级储备帐篷已全部调往海珠区。")
    asked.refresh_from_db()
    assert asked.state == RequestState.REFUSED
    assert Matter.objects.get(kind=dispatches.REQUEST_KIND).state == State.CLOSED
    with pytest.raises(PermissionDenied):  # the weather bureau is not on the chain
        dispatches.request(
            w.qx_officer, incident=incident, sender=w.qx, recipient=w.yj,
            data={"kind": "team", "quantity": 1, "text": "x"},
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        dispatches.request(
            w.th_officer, incident=incident, sender=w.th_yj, recipient=w.yj,
            data={"kind": "team", "quantity": 0, "text": "x"},
        )  # fmt: skip
    assert "quantity" in error.value.message_dict
