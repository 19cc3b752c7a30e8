"""好差评 statistics and rectifications over the API: the schema's shapes, the refusals."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from onewindow.accounts.models import Role
from tests.cases.conftest import _media, citizen, enterprise, staff  # noqa: F401
from tests.cases.rating_fixtures import WJ, rated
from tests.cases.test_single_department_lifecycle import at

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_statistics_and_the_answer_over_the_api(staff, citizen):  # noqa: F811
    rating = rated(staff, citizen, 2, date(2026, 9, 25), problems=["slow"], comment="慢")
    supervisor = api(staff.official("440100-ZWFW", Role.SUPERVISOR))
    overview = supervisor.get("/api/v1/supervision/ratings/").json()
    assert overview["statistics"]["tally"]["poor"] == 1
    assert overview["statistics"]["reasons"][0]["count"] == 1
    assert overview["departments"][0]["code"] == WJ
    department = supervisor.get(f"/api/v1/supervision/ratings/departments/{WJ}/").json()
    assert department["statistics"]["levels"][3] == {
        "score": 2, "label": department["statistics"]["levels"][3]["label"], "count": 1, "share": 1.0
    }  # fmt: skip
    assert api(citizen).get("/api/v1/supervision/ratings/").status_code == 403

    head = api(staff.head(WJ))
    [row] = head.get("/api/v1/rectifications/").json()
    assert row["case"] == rating.case.number
    assert row["due"] == "2026-10-22"
    url = f"/api/v1/rectifications/{row['id']}/answer/"
    refused = head.post(url, {"findings": "核实", "actions": "", "reply": "答复"}, format="json")
    assert refused.status_code == 400
    assert set(refused.json()) == {"actions"}
    other = api(staff.head("440100-SCJG"))
    assert other.post(url, {"findings": "a", "actions": "b", "reply": "c"}).status_code == 404
    with at(date(2026, 9, 28)):
        done = head.post(url, {"findings": "核实", "actions": "整改", "reply": "答复"})
    assert done.status_code == 200
    assert done.json()["reply"] == "答复"
    again = head.post(url, {"findings": "a", "actions": "b", "reply": "c"})
    assert again.status_code == 409


def test_the_schema_documents_the_rating_operations(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operations = {
        operation["operationId"]
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert {
        "supervision_ratings",
        "supervision_ratings_department",
        "rectifications_list",
        "rectifications_answer",
    } <= operations
