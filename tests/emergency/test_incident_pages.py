"""Incidents on the workbench and over the API: a district's duty officer records a flood and
reports it to the city, the city acknowledges; the 12345 dispatcher escalates a ticket from its
page; the report's clock shows as a time with its colour; bad input is a 400 naming the field;
others are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from onewindow.accounts.models import Role
from onewindow.emergency.incident_models import Incident, IncidentReport
from onewindow.hotline import services as hotline
from tests.emergency.test_incidents import FLOOD
from tests.emergency.world import official

DESK = reverse("workbench:emergency-incidents")
NEW = reverse("workbench:emergency-incident-new")


def _step(number: str, action: str) -> str:
    return reverse("workbench:emergency-incident-step", args=[number, action])


def test_record_report_and_acknowledge_on_the_workbench(world, client):
    client.force_login(world.th_officer)
    client.cookies["django_language"] = "en"
    assert NEW in client.get(DESK).content.decode()
    bad = client.post(NEW, {**FLOOD, "latitude": "north"})
    assert bad.status_code == 400
    assert not Incident.objects.exists()
    response = client.post(NEW, FLOOD)
    assert response.status_code == 302
    incident = Incident.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Liede Creek rising" in page
    assert "ei-green" in page
    assert "Due by" in page
    report = IncidentReport.objects.get()
    assert (
        client.post(_step(incident.number, "report"), {"report": report.pk, "note": ""}).status_code
        == 400
    )
    sent = client.post(_step(incident.number, "report"), {"report": report.pk, "note": "初报"})
    assert sent.status_code == 302
    assert "Reported in time" in client.get(sent["Location"]).content.decode()

    client.force_login(world.officer)  # the city's duty officer
    assert incident.number in client.get(DESK).content.decode()
    page = client.get(
        reverse("workbench:emergency-incident", args=[incident.number])
    ).content.decode()
    assert "acknowledge" in page
    client.post(_step(incident.number, "acknowledge"), {"report": report.pk})
    report.refresh_from_db()
    assert report.acknowledged_by == world.officer


def test_a_dispatcher_escalates_a_ticket_from_its_page(world, client):
    dispatcher = official("dispatch", Role.DISPATCHER, "440100-12345")
    ticket = hotline.report(
        channel="phone", kind="help", title="猎德涌漫堤", description="河涌漫上路面，有老人被困。",
        address="天河区猎德大道", latitude="23.119", longitude="113.331",
        caller_phone="13800138000", caller_name="李先生",
    )  # fmt: skip
    client.force_login(dispatcher)
    page = reverse("workbench:hotline-ticket", args=[ticket.number])
    assert "hotline-ticket-incident" not in client.get(page).content.decode()  # the URL name
    form = client.get(page).content.decode()
    escalate = reverse("workbench:hotline-ticket-incident", args=[ticket.number])
    assert escalate in form
    done = client.post(
        escalate, {"department": "440106-YJGL", "event_class": "natural", "grade": "ordinary"}
    )
    assert done.status_code == 302
    incident = Incident.objects.get()
    after = client.get(page).content.decode()
    assert reverse("workbench:emergency-incident", args=[incident.number]) in after
    assert escalate not in after
    client.force_login(world.th_officer)
    shown = client.get(reverse("workbench:emergency-incident", args=[incident.number]))
    assert page in shown.content.decode()  # and back to the ticket


def test_others_are_refused(world, client):
    client.force_login(world.th_officer)
    client.post(NEW, FLOOD)
    incident = Incident.objects.get()
    page = reverse("workbench:emergency-incident", args=[incident.number])
    client.force_login(world.qx_officer)  # the weather bureau's desk is not on the chain
    assert client.get(page).status_code == 404
    assert client.post(_step(incident.number, "close"), {"note": "x"}).status_code == 404
    client.force_login(world.residents["440104"][0])
    assert client.get(DESK).status_code == 403
    client.logout()
    assert client.get(page).status_code == 302


@pytest.fixture
def api(world):
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_the_api_records_reports_and_acknowledges(world, api):
    recorded = api(world.th_officer).post("/api/v1/emergency/incidents/", FLOOD, format="json")
    assert recorded.status_code == 201, recorded.content
    body = recorded.json()
    (report,) = body["reports"]
    assert (report["sender"], report["recipient"]) == ("440106-YJGL", "440100-YJGL")
    sent = api(world.th_officer).post(
        f"/api/v1/emergency/reports/{report['id']}/send/", {"note": "初报"}, format="json"
    )
    assert sent.status_code == 200
    assert sent.json()["late"] is False
    assert (
        api(world.qx_officer)
        .post(f"/api/v1/emergency/reports/{report['id']}/acknowledge/")
        .status_code
        == 404
    )
    acknowledged = api(world.officer).post(f"/api/v1/emergency/reports/{report['id']}/acknowledge/")
    assert acknowledged.json()["acknowledged_at"]
    figures = api(world.officer).post(
        f"/api/v1/emergency/incidents/{body['number']}/figures/",
        {"grade": "larger", "deaths": 1},
        format="json",
    )
    assert figures.status_code == 200
    assert [r["recipient"] for r in figures.json()["reports"]] == ["440100-YJGL", "440000-YJGL"]
    bad = api(world.th_officer).post(
        "/api/v1/emergency/incidents/", {**FLOOD, "grade": "huge"}, format="json"
    )
    assert bad.status_code == 400
    assert "grade" in bad.json()
    assert api(world.residents["440104"][0]).get("/api/v1/emergency/incidents/").json() == []
    assert (
        api(world.qx_officer).get(f"/api/v1/emergency/incidents/{body['number']}/").status_code
        == 404
    )
