"""Warnings over the API: a duty officer issues, raises and cancels; the commander approves from
the pending list; anyone reads the warnings in force; the schema documents every operation;
bad input is a 400 naming the field; others are refused."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from onewindow.emergency.models import Warning
from tests.emergency.world import typhoon

WARNINGS = "/api/v1/emergency/warnings/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_issue_raise_approve_and_cancel(world):
    officer = _client(world.officer)
    issued = officer.post(WARNINGS, typhoon(), format="json")
    assert issued.status_code == 201, issued.content
    body = issued.json()
    assert (body["state"], body["msg_type"], body["reached"]) == ("sent", "Alert", 8)
    number = body["warning"]
    assert body["cap_url"].endswith(f"/warnings/cap/{number}.1.xml")

    public = _client().get(WARNINGS).json()
    assert [w["number"] for w in public] == [number]
    assert public[0]["level"] == "blue"
    assert public[0]["divisions"] == ["440104", "440105", "440106"]
    assert public[0]["messages"][0]["identifier"] == f"{number}.1"

    raised = officer.post(
        f"{WARNINGS}{number}/changes/",
        {**typhoon(level="orange"), "change": "raise", "note": "台风加强"},
        format="json",
    )
    assert raised.status_code == 201
    assert raised.json()["state"] == "pending"
    assert (
        _client(world.officer).get("/api/v1/emergency/pending/").json()[0]["id"]
        == raised.json()["id"]
    )

    decision = f"/api/v1/emergency/pending/{raised.json()['id']}/decision/"
    assert officer.post(decision, {"approve": True}, format="json").status_code == 403
    refused = _client(world.commander).post(decision, {"approve": False}, format="json")
    assert refused.status_code == 400
    assert "reasons" in refused.json()
    approved = _client(world.commander).post(decision, {"approve": True}, format="json")
    assert approved.status_code == 200
    assert approved.json()["msg_type"] == "Update"
    assert _client().get(f"{WARNINGS}{number}/").json()["level"] == "orange"

    lifted = officer.post(f"{WARNINGS}{number}/cancel/", {"note": "台风远离"}, format="json")
    assert lifted.status_code == 201
    assert lifted.json()["msg_type"] == "Cancel"
    assert _client().get(WARNINGS).json() == []
    shown = _client().get(f"{WARNINGS}{number}/").json()
    assert (shown["state"], shown["in_force"], len(shown["messages"])) == ("cancelled", False, 3)


def test_bad_input_names_the_field(world):
    officer = _client(world.officer)
    for field, value in [
        ("level", "purple"),
        ("advice_en", ""),
        ("divisions", ["440301"]),
        ("expires_at", (timezone.now() - timedelta(hours=1)).isoformat()),
        ("polygon", [[1, 2, 3]]),
    ]:
        data = typhoon(**{field: value})
        answer = officer.post(WARNINGS, data, format="json")
        assert answer.status_code == 400, (field, answer.content)
        assert field in answer.json(), (field, answer.json())
    assert not Warning.objects.exists()


def test_others_are_refused(world):
    assert _client().post(WARNINGS, typhoon(), format="json").status_code in (401, 403)
    for user in (world.commander, world.residents["440104"][0]):
        assert _client(user).post(WARNINGS, typhoon(), format="json").status_code == 403
    number = _client(world.officer).post(WARNINGS, typhoon(), format="json").json()["warning"]
    other = _client(world.th_officer)  # another department's duty officer
    answer = other.post(f"{WARNINGS}{number}/cancel/", {"note": "x"}, format="json")
    assert answer.status_code == 404
    assert _client(world.residents["440104"][0]).get("/api/v1/emergency/pending/").json() == []
    # a proposed orange warning is not public
    proposed = _client(world.officer).post(WARNINGS, typhoon(level="orange"), format="json")
    assert _client().get(f"{WARNINGS}{proposed.json()['warning']}/").status_code == 404


def test_the_schema_documents_every_operation(world):
    schema = _client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = {
        path for path in schema["paths"] if "/emergency/warnings/" in path or "/pending/" in path
    }
    assert paths == {
        "/api/v1/emergency/warnings/",
        "/api/v1/emergency/warnings/{number}/",
        "/api/v1/emergency/warnings/{number}/changes/",
        "/api/v1/emergency/warnings/{number}/cancel/",
        "/api/v1/emergency/pending/",
        "/api/v1/emergency/pending/{id}/decision/",
    }
    warning = schema["components"]["schemas"]["Warning"]["properties"]["messages"]
    assert warning["type"] == "array"
    incident = schema["components"]["schemas"]["Incident"]["properties"]["reports"]
    assert incident["type"] == "array"
