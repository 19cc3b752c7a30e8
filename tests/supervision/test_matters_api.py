"""GET /api/v1/supervision/matters/: the ledger's carded matters for supervisors, filtered by
card, kind and department, paged by key, in the OpenAPI schema."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from onewindow.accounts.models import Role
from onewindow.supervision import services
from tests.supervision.test_cards_and_a_new_kind import (
    KIND,
    SCJG,
    YUEXIU,
    moment,
    patrol,
    patrol_kind,  # noqa: F401
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/supervision/matters/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_supervisors_list_filter_and_page(staff, citizen, patrol_kind):  # noqa: F811
    patrol("HZ-A", SCJG, date(2026, 11, 2))
    patrol("HZ-B", YUEXIU, date(2026, 11, 3))
    patrol("HZ-C", SCJG, date(2026, 11, 16))
    services.raise_cards(moment(date(2026, 11, 20)))  # A and B red, C yellow
    supervisor = api(staff.official("440100-ZWFW", Role.SUPERVISOR))

    body = supervisor.get(URL).json()
    assert [row["key"] for row in body["results"]] == ["HZ-A", "HZ-B", "HZ-C"]
    first = body["results"][0]
    assert first["kind"] == KIND
    assert first["kind_label"] == "River patrol finding"
    assert (first["card"], first["due_on"], first["department"]) == ("red", "2026-11-09", SCJG)
    assert first["unit"] == "working_days"
    assert body["next"] is None

    assert [r["key"] for r in supervisor.get(URL, {"card": "yellow"}).json()["results"]] == ["HZ-C"]
    by_department = supervisor.get(URL, {"department": YUEXIU}).json()["results"]
    assert [r["key"] for r in by_department] == ["HZ-B"]
    assert supervisor.get(URL, {"kind": "ticket"}).json()["results"] == []
    assert supervisor.get(URL, {"card": "green"}).status_code == 400
    assert supervisor.get(URL, {"after": "forged"}).status_code == 400

    district = api(staff.official("440104-ZWFW", Role.SUPERVISOR))
    assert [r["key"] for r in district.get(URL).json()["results"]] == ["HZ-B"]
    assert api(staff.head(SCJG)).get(URL).status_code == 403
    assert api(citizen).get(URL).status_code == 403
    assert api().get(URL).status_code in (401, 403)


def test_the_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/supervision/matters/"]["get"]
    assert operation["operationId"] == "supervision_matters"
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"card", "kind", "department", "after"} <= names
