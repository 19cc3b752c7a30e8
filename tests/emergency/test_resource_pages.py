"""Resources on the workbench and over the API: the list with a shelter's fill in words and
figures, a resource's page with the keeper's occupancy form (an error is a 400 naming the
field), a dispatch made from the incident's page and moved along by the keeper, a request
for resources answered on the requests page; others are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from onewindow.accounts.models import Role
from onewindow.core.models import AuditEntry
from onewindow.emergency import incidents, resources
from onewindow.emergency.resource_models import Dispatch, Resource, ResourceRequest
from tests.emergency.test_incidents import FLOOD
from tests.emergency.test_resources import CITY_TEAM, SHELTER, TEAM

LIST = reverse("workbench:emergency-resources")
REQUESTS = reverse("workbench:emergency-requests")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_and_a_shelters_page_with_its_occupancy_form(world, client):
    w = world
    shelter = resources.add(w.th_officer, department=w.th_yj, kind="shelter", data=SHELTER)
    resources.record_occupancy(w.th_officer, shelter, occupancy=85)
    rescue = resources.add(w.th_officer, department=w.th_yj, kind="team", data=TEAM)
    client.force_login(w.th_officer)
    client.cookies["django_language"] = "en"
    listed = _page(client, LIST)
    assert "85 / 200 people" in listed
    assert "Tianhe District Rescue Brigade" in listed
    teams = _page(client, f"{LIST}?kind=team&status=bogus")
    assert "Tianhe District Rescue Brigade" in teams
    assert shelter.name not in teams
    page_url = reverse("workbench:emergency-resource", args=[shelter.pk])
    assert "id_occupancy" in _page(client, page_url)
    occupancy = reverse("workbench:emergency-resource-occupancy", args=[shelter.pk])
    bad = client.post(occupancy, {"occupancy": "250"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert 'id="id_occupancy_error"' in body
    assert "it cannot hold 250" in body
    shelter.refresh_from_db()
    assert shelter.occupancy == 85
    assert client.post(occupancy, {"occupancy": "120"}).status_code == 302
    assert "120 / 200 people" in _page(client, page_url)

    client.force_login(w.qx_officer)  # another desk sees it, without the keeper's form
    assert "id_occupancy" not in _page(client, page_url)
    assert client.post(occupancy, {"occupancy": "1"}).status_code == 403
    assert (
        client.get(reverse("workbench:emergency-resource-edit", args=[rescue.pk])).status_code
        == 403
    )
    client.force_login(w.residents["440104"][0])
    assert client.get(LIST).status_code == 403
    client.logout()
    assert client.get(page_url).status_code == 302


def test_a_keeper_adds_a_resource_and_bad_input_names_the_field(world, client):
    client.force_login(world.th_officer)
    new = reverse("workbench:emergency-resource-new")
    assert "?kind=team" in _page(client, new)
    bad = client.post(f"{new}?kind=team", {**TEAM, "phone": "", "status": "available"})
    assert bad.status_code == 400
    assert 'id="id_phone_error"' in bad.content.decode()
    done = client.post(f"{new}?kind=team", {**TEAM, "status": "available"})
    assert done.status_code == 302
    assert "天河区应急救援大队" in _page(client, done["Location"])


def test_dispatch_from_the_incident_page_and_the_keepers_status_buttons(world, client):
    w = world
    rescue = resources.add(w.th_officer, department=w.th_yj, kind="team", data=TEAM)
    incident = incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)
    incident_url = reverse("workbench:emergency-incident", args=[incident.number])
    dispatch_url = reverse("workbench:emergency-dispatch-new", args=[incident.number])
    client.force_login(w.officer)  # the city's duty desk, on the chain
    client.cookies["django_language"] = "en"
    page = _page(client, incident_url)
    assert "Resources dispatched" in page
    assert dispatch_url in page
    assert client.post(dispatch_url, {"resource": "", "note": "x"}).status_code == 400
    sent = client.post(dispatch_url, {"resource": rescue.pk, "note": "转移被困居民"})
    assert sent.status_code == 302
    page = _page(client, incident_url)
    assert "To acknowledge by" in page
    assert "ei-green" in page
    # the team is busy now: no longer offered, and no other resource is ready
    assert client.post(dispatch_url, {"resource": rescue.pk}).status_code == 403
    assert dispatch_url not in _page(client, incident_url)

    client.force_login(w.th_officer)  # the keeper moves it along from the list
    found = Dispatch.objects.get()
    listed = _page(client, LIST)
    assert "Acknowledge the order" in listed
    for move in ("acknowledged", "en_route", "on_site"):
        step = reverse("workbench:emergency-dispatch-step", args=[found.pk, move])
        assert client.post(step, {"next": LIST}).status_code == 302
    found.refresh_from_db()
    assert found.status == "on_site"
    assert "Acknowledged in time" in _page(client, incident_url)
    skip = reverse("workbench:emergency-dispatch-step", args=[found.pk, "en_route"])
    assert client.post(skip).status_code == 302  # refused: a message, nothing changed
    found.refresh_from_db()
    assert found.status == "on_site"
    client.force_login(w.qx_officer)
    done = reverse("workbench:emergency-dispatch-step", args=[found.pk, "done"])
    assert client.post(done).status_code == 404


def test_a_request_is_sent_from_the_incident_and_answered_on_the_requests_page(world, client):
    w = world
    city_team = resources.add(w.officer, department=w.yj, kind="team", data=CITY_TEAM)
    incident = incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)
    request_url = reverse("workbench:emergency-request-new", args=[incident.number])
    client.force_login(w.th_officer)
    assert request_url in _page(
        client, reverse("workbench:emergency-incident", args=[incident.number])
    )
    form = {"sender": w.th_yj.pk, "recipient": w.yj.pk, "kind": "team", "quantity": 1}
    assert client.post(request_url, {**form, "text": ""}).status_code == 400
    assert client.post(request_url, {**form, "text": "需要水域救援队伍"}).status_code == 302
    asked = ResourceRequest.objects.get()

    client.force_login(w.officer)
    client.cookies["django_language"] = "en"
    assert "To answer by" in _page(client, REQUESTS)
    refuse = reverse("workbench:emergency-request-step", args=[asked.pk, "refuse"])
    bad = client.post(refuse, {"reason": ""})
    assert bad.status_code == 400
    assert f'id="id_r{asked.pk}_reason_error"' in bad.content.decode()
    grant = reverse("workbench:emergency-request-step", args=[asked.pk, "grant"])
    assert client.post(grant, {"resource": city_team.pk}).status_code == 302
    asked.refresh_from_db()
    assert asked.state == "granted"
    assert asked.dispatch.resource == city_team
    assert "Guangzhou Fire and Rescue Detachment" in _page(client, REQUESTS)  # answered


@pytest.fixture
def api(world):
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_the_api_lists_dispatches_and_answers(world, api):
    w = world
    shelter = resources.add(w.th_officer, department=w.th_yj, kind="shelter", data=SHELTER)
    rescue = resources.add(w.th_officer, department=w.th_yj, kind="team", data=TEAM)
    city_team = resources.add(w.officer, department=w.yj, kind="team", data=CITY_TEAM)
    incident = incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)
    base = "/api/v1/emergency"

    teams = api(w.qx_officer).get(f"{base}/resources/", {"kind": "team"}).json()
    assert {r["id"] for r in teams} == {rescue.pk, city_team.pk}
    assert api(w.residents["440104"][0]).get(f"{base}/resources/").json() == []
    assert api(w.officer).get(f"{base}/resources/{shelter.pk}/").json()["capacity"] == 200
    over = api(w.th_officer).post(
        f"{base}/resources/{shelter.pk}/occupancy/", {"occupancy": 201}, format="json"
    )
    assert over.status_code == 400
    assert "occupancy" in over.json()

    path = f"{base}/incidents/{incident.number}/dispatches/"
    assert api(w.qx_officer).post(path, {"resource": rescue.pk}, format="json").status_code == 404
    sent = api(w.officer).post(path, {"resource": rescue.pk, "note": "出动"}, format="json")
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert (body["status"], body["department"]) == ("dispatched", "440100-YJGL")
    pk = body["id"]
    assert api(w.officer).post(f"{base}/dispatches/{pk}/acknowledge/").status_code == 403
    assert api(w.th_officer).post(f"{base}/dispatches/{pk}/acknowledge/").json()["acknowledged_at"]
    moved = api(w.th_officer).post(
        f"{base}/dispatches/{pk}/status/", {"status": "en_route"}, format="json"
    )
    assert moved.json()["status"] == "en_route"
    cancel = api(w.officer).post(
        f"{base}/dispatches/{pk}/status/", {"status": "cancelled"}, format="json"
    )
    assert cancel.status_code == 400
    assert "reason" in cancel.json()
    assert [d["id"] for d in api(w.officer).get(path).json()] == [pk]

    asked = api(w.th_officer).post(
        f"{base}/requests/",
        {"incident": incident.number, "recipient": "440100-YJGL", "kind": "team", "quantity": 1,
         "text": "需要救援队伍"},
        format="json",
    )  # fmt: skip
    assert asked.status_code == 201, asked.content
    request_pk = asked.json()["id"]
    assert [r["id"] for r in api(w.officer).get(f"{base}/requests/").json()] == [request_pk]
    granted = api(w.officer).post(
        f"{base}/requests/{request_pk}/grant/", {"resource": city_team.pk}, format="json"
    )
    assert granted.json()["state"] == "granted"
    assert granted.json()["dispatch"]
    refused = api(w.officer).post(
        f"{base}/requests/{request_pk}/refuse/", {"reason": "x"}, format="json"
    )
    assert refused.status_code == 400


def test_a_system_administrator_adds_a_resource_in_the_admin(world, duty_client):
    system = duty_client(Role.SYSTEM_ADMINISTRATOR)
    add = reverse("admin:emergency_resource_add")
    assert system.get(add).status_code == 200
    data = {**TEAM, "kind": "team", "department": world.th_yj.pk, "quantity": 0}
    refused = system.post(add, {**data, "status": "deployed"})  # only a dispatch deploys
    assert refused.status_code == 200
    assert "status" in refused.context["adminform"].form.errors
    assert system.post(add, {**data, "status": "available"}).status_code == 302
    added = Resource.objects.get()
    assert added.division_id.startswith("440106")
    assert AuditEntry.objects.filter(action="emergency.resource_saved_in_admin").exists()
    change = reverse("admin:emergency_resource_change", args=[added.pk])
    assert system.get(change).status_code == 200
    for name in ("dispatch", "resourcerequest"):
        assert system.get(reverse(f"admin:emergency_{name}_changelist")).status_code == 200
