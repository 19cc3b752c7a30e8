"""The public credit record of an enterprise, no sign-in, through HTTP: looked up by name or
code; its registration, its published penalty, the inspection result behind it, its annual
report still open in April and, on 1 July, the abnormal-operation list it lands on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onewindow.market import inspections, lists
from onewindow.market.credit_models import ListEntry
from tests.conftest import zh
from tests.market.test_penalties import at
from tests.portal.test_penalty_pages import published_case, text, world  # noqa: F401

SEARCH = reverse("portal:market-credit")


def record_url(entity) -> str:
    return reverse("portal:market-credit-record", args=[entity.uscc])


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def test_a_penalised_enterprise_is_found_and_its_record_read(client, world):  # noqa: F811
    w = world
    case, publication = published_case(w)
    entity = case.entity
    with at("2026-03-31"):
        inspections.publish([case.finding.inspection], actor=w.head)
    with at("2026-04-10"):
        by_name = client.get(SEARCH, {"q": entity.name[:4]})
        by_code = client.get(SEARCH, {"q": entity.uscc.lower()})
        page = client.get(record_url(entity))
    assert by_name.status_code == by_code.status_code == page.status_code == 200
    assert record_url(entity) in by_name.content.decode()
    assert text(by_code).count(entity.uscc) == 1
    body = text(page)
    for words in (
        entity.uscc,
        "1 penalty published",
        "On no credit list",
        "Fine of 6,000.00 yuan",
        "Tableware used without cleaning and disinfection",
        "published until 30 June 2026",
        "Problem found, to be dealt with",
        "2025 Not filed yet open until 30 June 2026",
    ):
        assert words in body, words
    assert reverse("portal:market-penalty", args=[publication.pk]) in page.content.decode()

    with at("2026-07-01"):
        lists.list_non_filers(2025)
        page = client.get(record_url(entity))
    entry = ListEntry.objects.get(entity=entity)
    body = text(page)
    assert "On the abnormal-operation list" in body
    assert "Did not file its annual report in time (report on 2025)" in body
    assert "2025 Not filed" in body
    assert entry.department.name_en in body


def test_bad_lookups_change_nothing_and_say_what_to_give(client, world):  # noqa: F811
    short = client.get(SEARCH, {"q": "天"})
    assert short.status_code == 200
    assert "at least 2 characters" in text(short)
    none = client.get(SEARCH, {"q": "没有这家企业"})
    assert "No enterprise on the registry matches" in text(none)
    assert (
        client.get(reverse("portal:market-credit-record", args=["9144000000000000XX"])).status_code
        == 404
    )


def test_the_record_in_chinese(client, world):  # noqa: F811
    entity = world.restaurants[0]
    client.cookies["django_language"] = "zh-hans"
    with at("2026-04-10"):
        page = client.get(record_url(entity))
    assert page.status_code == 200
    body = text(page)
    for msgid in ("Enterprise credit records", "On no credit list", "Licences in force",
                  "Not filed yet", "No inspection result is published."):  # fmt: skip
        assert zh(msgid) != msgid, msgid
        assert zh(msgid) in body, msgid
