"""The public credit record over the API, no token: found by name or code, read as the hall's
page shows it; a short query is a 400 naming ``q``, an unknown code a 404."""

from __future__ import annotations

from rest_framework.test import APIClient

from onewindow.market import inspections
from tests.market.test_penalties import at
from tests.portal.test_penalty_pages import published_case, world  # noqa: F401

API = "/api/v1/market/credit/"


def test_anyone_finds_an_enterprise_and_reads_its_credit_record(world):  # noqa: F811
    w = world
    case, publication = published_case(w)
    entity = case.entity
    with at("2026-03-31"):
        inspections.publish([case.finding.inspection], actor=w.head)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    with at("2026-04-10"):
        found = client.get(API, {"q": entity.uscc})
        record = client.get(f"{API}{entity.uscc}/")
    assert found.status_code == record.status_code == 200
    assert found.json() == [{"uscc": entity.uscc, "name": entity.name, "status": "active"}]
    body = record.json()
    assert (body["uscc"], body["abnormal"], body["seriously_dishonest"]) == (
        entity.uscc,
        False,
        False,
    )
    assert [p["id"] for p in body["penalties"]] == [publication.pk]
    assert body["penalties"][0]["fine"] == "6000.00"
    assert body["reports"] == [
        {"year": 2025, "filed_on": None, "late": False, "open_until": "2026-06-30"}
    ]
    results = {(i["department"], i["result"]) for i in body["inspections"]}
    assert ("440106-SCJG", "follow_up") in results


def test_bad_lookups_are_named(world):  # noqa: F811
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    short = client.get(API, {"q": "天"})
    assert short.status_code == 400
    assert "q" in short.json()
    assert client.get(f"{API}9144000000000000XX/").status_code == 404


def test_a_nul_character_is_no_server_error(world):  # noqa: F811
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get(API, {"q": "天河\x00餐饮"}).status_code == 200
    assert client.get(f"{API}91440106\x00/").status_code == 404
