"""Incidents through their services: recorded at a district's duty desk, reported up the tree
within 2 hours per level (生产安全事故报告和调查处理条例 Art. 10-11) with each clock in the ledger,
acknowledged (接报) at the level above; a larger grade goes on to the province; a 12345 ticket
escalated links both ways; bad input and other people change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from onewindow.accounts.models import Department, Role
from onewindow.core.models import AuditEntry
from onewindow.emergency import incident_selectors, incidents
from onewindow.emergency.incident_models import Incident, IncidentState, Source
from onewindow.hotline import services as hotline
from onewindow.hotline.models import TicketEvent
from onewindow.notifications.models import Notification
from onewindow.supervision.models import Matter, State
from tests.conftest import zh
from tests.emergency.world import official

FLOOD = {
    "event_class": "natural",
    "grade": "ordinary",
    "title": "猎德涌水位上涨，沿岸低洼地带进水",
    "title_en": "Liede Creek rising, low ground along it flooded",
    "description": "暴雨致猎德涌水位快速上涨，沿岸两栋居民楼首层进水，约40名居民需转移。",
    "address": "天河区猎德大道",
    "latitude": "23.119",
    "longitude": "113.331",
    "affected": "40",
}


@pytest.fixture
def desks(world):
    world.city = Department.objects.get(code="440100-YJGL")
    world.province = Department.objects.get(code="440000-YJGL")
    world.province_duty = official("gd_yj_duty", Role.DUTY_OFFICER, "440000-YJGL")
    return world


def test_a_district_reports_up_within_two_hours_and_the_city_acknowledges(desks):
    w = desks
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        incident = incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)
    assert incident.division_id.startswith("440106")
    assert incident.number.startswith("440106-YJGL-SJ-")
    (step,) = incident_selectors.steps(incident, now=start)
    report = step.report
    assert (report.sender, report.recipient) == (w.th_yj, w.city)
    assert report.due_at == start + timedelta(hours=2)
    assert step.colour == "green"
    matter = Matter.objects.get(kind=incidents.KIND)
    assert (matter.unit, matter.limit, matter.state) == ("hours", 2, State.OPEN)
    assert matter.department_id == w.th_yj.pk
    assert incident_selectors.steps(incident, now=start + timedelta(hours=3))[0].colour == "red"

    with pytest.raises(PermissionDenied):  # the city cannot send the district's report
        incidents.report_up(w.officer, report, note="x")
    with pytest.raises(ValidationError) as error:
        incidents.report_up(w.th_officer, report, note="")
    assert "note" in error.value.message_dict
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        incidents.report_up(w.th_officer, report, note="已组织转移40名居民，暂无人员伤亡。")
    report.refresh_from_db()
    assert report.late is False
    matter.refresh_from_db()
    assert (matter.state, matter.late) == (State.CLOSED, False)
    # the city's duty desk is told, and acknowledges; an ordinary incident stops at the city
    assert Notification.objects.filter(
        recipient=w.officer, kind="emergency.incident_reported"
    ).exists()
    with pytest.raises(PermissionDenied):
        incidents.acknowledge(w.th_officer, report)
    incidents.acknowledge(w.officer, report)
    assert len(incident_selectors.steps(incident)) == 1
    with pytest.raises(ValidationError):
        incidents.acknowledge(w.commander, report)


def test_a_larger_grade_goes_on_to_the_province(desks):
    w = desks
    incident = incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)
    first = incident_selectors.steps(incident)[0].report
    incidents.report_up(w.th_officer, first, note="初报")
    incidents.acknowledge(w.officer, first)
    incidents.update(w.officer, incident, data={"grade": "larger", "deaths": "3", "injured": "12"})
    incident.refresh_from_db()
    assert (incident.grade, incident.deaths) == ("larger", 3)
    second = incident_selectors.steps(incident)[1].report
    assert (second.sender, second.recipient) == (w.city, w.province)
    first.refresh_from_db()
    assert second.started_at >= first.acknowledged_at
    incidents.report_up(w.officer, second, note="续报：死亡3人")
    incidents.acknowledge(w.province_duty, second)
    assert len(incident_selectors.steps(incident)) == 2  # the province passes it on outside
    # the province's desk now sees the incident; an uninvolved desk does not
    assert incident in incident_selectors.incidents_for(w.province_duty)
    with pytest.raises(Http404):
        incident_selectors.incident_for(w.qx_officer, incident.number)


def test_a_late_report_stays_late_in_the_ledger(desks):
    w = desks
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        incident = incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)
    report = incident_selectors.steps(incident)[0].report
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        incidents.report_up(w.th_officer, report, note="迟报")
        assert incident_selectors.steps(incident)[0].colour == "late"
    assert Matter.objects.get(kind=incidents.KIND).late is True


def test_a_12345_ticket_escalated_links_both_ways(desks):
    w = desks
    dispatcher = official("dispatch", Role.DISPATCHER, "440100-12345")
    ticket = hotline.report(
        channel="phone", kind="help", title="猎德涌漫堤",
        description="猎德大道旁河涌漫上路面，有老人被困。", address="天河区猎德大道",
        latitude="23.119", longitude="113.331", caller_phone="13800138000", caller_name="李先生",
    )  # fmt: skip
    incident = incidents.escalate_ticket(
        dispatcher, number=ticket.number, department=w.th_yj, data={"event_class": "natural",
                                                                     "grade": "ordinary"},
    )  # fmt: skip
    assert (incident.source, incident.ticket_number) == (Source.HOTLINE, ticket.number)
    assert incident.title == "猎德涌漫堤"
    assert TicketEvent.objects.filter(
        ticket=ticket, action="incident", note=incident.number
    ).exists()
    assert incident_selectors.for_ticket(ticket.number) == incident
    assert Notification.objects.filter(
        recipient=w.th_officer, kind="emergency.incident_received"
    ).exists()
    assert incident in incident_selectors.incidents_for(dispatcher)
    with pytest.raises(ValidationError):
        incidents.escalate_ticket(dispatcher, number=ticket.number, department=w.th_yj, data={
            "event_class": "natural", "grade": "ordinary"})  # fmt: skip
    with pytest.raises(PermissionDenied):
        incidents.escalate_ticket(w.th_officer, number=ticket.number, department=w.th_yj, data={})


@pytest.mark.usefixtures("desks")
def test_a_ticket_without_a_place_is_escalated_with_the_place_the_dispatcher_gives(client):
    dispatcher = official("dispatch", Role.DISPATCHER, "440100-12345")
    ticket = hotline.report(
        channel="phone", kind="help", title="小区地下车库进水", description="车库进水，有车辆被淹。",
        address="天河区某小区", caller_phone="13800138001", caller_name="周女士",
    )  # fmt: skip
    step = reverse("workbench:hotline-ticket-incident", args=[ticket.number])
    client.force_login(dispatcher)
    page = client.get(reverse("workbench:hotline-ticket", args=[ticket.number])).content.decode()
    assert zh("Latitude of the incident") in page  # asked for: the call had no coordinates
    answer = client.post(step, {"department": "440106-YJGL", "event_class": "natural",
                                "grade": "ordinary"}, follow=True)  # fmt: skip
    assert ticket.number in answer.content.decode()  # the message names the ticket
    assert not Incident.objects.exists()
    client.post(step, {"department": "440106-YJGL", "event_class": "natural",
                       "grade": "ordinary", "latitude": "23.121", "longitude": "113.330"})  # fmt: skip
    incident = Incident.objects.get()
    assert (str(incident.latitude), incident.ticket_number) == ("23.121000", ticket.number)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("event_class", "alien"),
        ("grade", "huge"),
        ("title", ""),
        ("description", ""),
        ("latitude", "north"),
        ("longitude", "200"),
        ("deaths", "-1"),
        ("losses", "lots"),
        ("occurred_at", "2999-01-01T00:00:00+08:00"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(desks, field, value):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        incidents.record(desks.th_officer, department=desks.th_yj, data={**FLOOD, field: value})
    assert field in error.value.message_dict
    assert not Incident.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_place_outside_the_map_is_refused(desks):
    with pytest.raises(ValidationError) as error:
        incidents.record(
            desks.th_officer,
            department=desks.th_yj,
            data={**FLOOD, "latitude": "39.9", "longitude": "116.4"},
        )
    assert "latitude" in error.value.message_dict


def test_closing_needs_the_reports_sent(desks):
    w = desks
    incident = incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)
    with pytest.raises(ValidationError):
        incidents.close(w.th_officer, incident, note="已处置完毕")
    incidents.report_up(w.th_officer, incident_selectors.steps(incident)[0].report, note="初报")
    with pytest.raises(PermissionDenied):
        incidents.close(w.officer, incident, note="not ours to close")
    incidents.close(w.th_officer, incident, note="积水已退，居民已返家。")
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED
    with pytest.raises(ValidationError):
        incidents.update(w.th_officer, incident, data={"grade": "ordinary"})
