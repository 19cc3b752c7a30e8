"""The disclosure API for the offices: draft, review with masks, approve, repeal; the schema
lists it; stale versions are 409; others are refused."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from onewindow.core.identifiers import generate_id_number
from onewindow.disclosure.models import Document

pytestmark = pytest.mark.django_db

API = "/api/v1/disclosure/documents/"


def _api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_journey_through_the_api(world):
    officer, reviewer, head = _api(world.officer), _api(world.reviewer), _api(world.head)
    id_number = generate_id_number("440104", date(1979, 5, 6))
    draft = {
        "category": "rules", "form": "normative", "title": "关于规范食品经营的通知",
        "body": f"申请人李雷，{id_number}，手机13912345678。", "formed_on": "2026-11-02",
    }  # fmt: skip
    bad = officer.post(API, {**draft, "title": ""}, format="json")
    assert bad.status_code == 400
    assert "title" in bad.json()
    created = officer.post(API, draft, format="json")
    assert created.status_code == 201, created.json()
    doc = created.json()
    assert {f["kind"] for f in doc["findings"]} == {"id_number", "name", "mobile"}
    assert id_number not in str(doc["findings"])
    assert doc["clock"]["due_on"] == "2026-11-30"
    url = f"{API}{doc['id']}/"

    doc = officer.post(url + "submit/", {"version": doc["version"]}, format="json").json()
    assert doc["status"] == "review"
    assert (
        officer.post(url + "review/", {"version": doc["version"], "passed": True}).status_code
        == 403
    )
    stale = doc["version"]
    doc = reviewer.post(url + "review/", {"version": stale, "passed": True}, format="json").json()
    assert doc["status"] == "approval"
    assert id_number not in doc["body"]
    conflict = _api(world.reviewer2).post(url + "review/", {"version": stale, "passed": True})
    assert conflict.status_code == 409
    assert conflict.json()["current_version"] == doc["version"]

    doc = head.post(url + "approve/", {"version": doc["version"]}, format="json").json()
    assert doc["index_number"].startswith("440100-SCJG/")
    doc = head.post(
        url + "repeal/", {"version": doc["version"], "ended_on": str(date.today())}, format="json"
    ).json()
    assert doc["validity"] == "repealed"
    assert [s["action"] for s in doc["history"]][-1] == "repealed"
    listing = officer.get(API).json()
    assert listing["count"] == 1


def test_others_are_refused(world):
    doc = _api(world.officer).post(
        API, {"category": "other", "title": "t", "body": "b", "formed_on": "2026-11-02"},
        format="json",
    ).json()  # fmt: skip
    assert _api(world.mz_officer).get(f"{API}{doc['id']}/").status_code == 404
    assert _api(world.mz_officer).get(API).json()["count"] == 0
    assert _api(world.citizen).get(API).status_code == 403
    assert _api(world.no_role).get(f"{API}{doc['id']}/").status_code == 403
    assert _api(None).get(API).status_code in (401, 403)
    assert Document.objects.count() == 1


def test_the_schema_lists_the_operations(world):
    schema = _api(None).get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for operation in ("disclosure_documents_list", "disclosure_documents_review"):
        assert operation in schema
