"""Annual reports (年报) and the abnormal-operation list (经营异常名录) over the API, through
HTTP with API tokens: a head lists and filters their departments' entries and takes an
unreachable enterprise off with a note; an enterprise files its report (201) and corrects it
(200), bad fields named and nothing kept; another district's head, other enterprises,
officials, citizens and nobody signed in are refused."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from onewindow.market import lists
from onewindow.market.credit_models import AnnualReport, ListEntry, ListReason, Removal
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.market import world as market_world
from tests.market.test_credit_lists import REPORT
from tests.market.test_list_pages import unreachable

pytestmark = pytest.mark.django_db
API = "/api/v1/market"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(date(2027, 2, 1)):
        yield market_world.build()


@pytest.fixture
def listed(world):
    """One enterprise unreachable, and on 1 July 2027 every non-filer listed."""
    entry = unreachable(world)
    with time_machine.travel(date(2027, 7, 1)):
        lists.list_non_filers(2026)
    return entry


@pytest.fixture
def owner(world):
    entity = world.restaurants[0]
    return EnterpriseFactory(uscc=entity.uscc, name=entity.name)


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token = Token.objects.get_or_create(user=user)[0]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_a_head_lists_and_filters_the_entries(world, listed):
    head = api(world.head)
    every = head.get(f"{API}/list-entries/?limit=100").json()
    assert every["count"] == ListEntry.objects.count()
    only = head.get(f"{API}/list-entries/?reason=unreachable&open=true").json()
    assert only["count"] == 1
    row = only["results"][0]
    assert (row["id"], row["uscc"], row["reason"], row["open"]) == (
        listed.pk, listed.entity.uscc, "unreachable", True,
    )  # fmt: skip
    assert row["inspection"] == listed.inspection.reference
    assert row["department"] == market_world.TH
    assert row["basis"] == listed.basis
    assert (row["removed_on"], row["removal"]) == (None, "")
    filed = head.get(f"{API}/list-entries/?reason=no_report").json()
    assert filed["count"] == every["count"] - 1
    assert filed["results"][0]["year"] == 2026
    assert head.get(f"{API}/list-entries/?open=false").json()["count"] == 0
    bad = head.get(f"{API}/list-entries/?reason=nonsense&open=maybe")
    assert bad.status_code == 400
    assert "reason" in bad.json()
    assert "open" in head.get(f"{API}/list-entries/?open=maybe").json()


def test_a_head_takes_an_unreachable_enterprise_off(world, listed):
    path = f"{API}/list-entries/{listed.pk}/reached/"
    head = api(world.head)
    for body in ({}, {"note": ""}, {"note": "   "}, {"note": "长" * 301}):
        bad = head.post(path, body, format="json")
        assert bad.status_code == 400, body
        assert set(bad.json()) == {"note"}
    listed.refresh_from_db()
    assert listed.removed_on is None
    with time_machine.travel(date(2027, 7, 20)):
        done = head.post(path, {"note": "复核时在登记住所联系到经营者"}, format="json")
    assert done.status_code == 200, done.json()
    assert (done.json()["open"], done.json()["removal"], done.json()["removed_on"]) == (
        False, Removal.REACHED, "2027-07-20",
    )  # fmt: skip
    assert head.post(path, {"note": "再次"}, format="json").status_code == 403  # off already
    filer = ListEntry.objects.filter(reason=ListReason.NO_REPORT).first()
    refused = head.post(f"{API}/list-entries/{filer.pk}/reached/", {"note": "x"}, format="json")
    assert refused.status_code == 403  # taken off by filing the report, not by a head


def test_others_are_refused_the_list(world, listed):
    path = f"{API}/list-entries/{listed.pk}/reached/"
    yuexiu = api(world.yx_head)
    assert yuexiu.get(f"{API}/list-entries/").json()["count"] == 0
    assert yuexiu.post(path, {"note": "已联系"}, format="json").status_code == 404
    missing = f"{API}/list-entries/999999/reached/"
    assert yuexiu.post(missing, {"note": "已联系"}, format="json").status_code == 404
    owner = EnterpriseFactory(uscc=listed.entity.uscc, name=listed.entity.name)
    for stranger in (api(owner), api(CitizenFactory()), api()):
        assert stranger.get(f"{API}/list-entries/").status_code in (401, 403)
        assert stranger.post(path, {"note": "已联系"}, format="json").status_code in (401, 403)
    listed.refresh_from_db()
    assert listed.removed_on is None


def test_an_enterprise_files_and_corrects_its_report(world, owner):
    client = api(owner)
    with time_machine.travel(date(2027, 3, 2)):
        assert client.get(f"{API}/annual-reports/").json()["count"] == 0
        filed = client.post(f"{API}/annual-reports/", REPORT, format="json")
        assert filed.status_code == 201, filed.json()
        assert (filed.json()["year"], filed.json()["employees"]) == (2026, 12)
        assert filed.json()["uscc"] == owner.uscc
        assert filed.json()["net_profit"] == "-3.50"
        assert filed.json()["websites"] == REPORT["websites"]
    with time_machine.travel(date(2027, 6, 30)):
        fixed = client.post(
            f"{API}/annual-reports/", {**REPORT, "employees": 15, "year": 2026}, format="json"
        )
        assert fixed.status_code == 200, fixed.json()
        assert (fixed.json()["corrections"], fixed.json()["employees"]) == (1, 15)
        mine = client.get(f"{API}/annual-reports/").json()
    assert [r["year"] for r in mine["results"]] == [2026]
    with time_machine.travel(date(2027, 7, 1)):
        late = client.post(f"{API}/annual-reports/", {**REPORT, "employees": 16}, format="json")
    assert late.status_code == 400
    assert set(late.json()) == {"year"}
    assert AnnualReport.objects.get().employees == 15


def test_bad_fields_are_named_and_nothing_is_filed(world, owner):
    bad = {
        **REPORT, "postal_code": "51062", "phone": "x", "revenue": "abc",
        "shareholders": [{"name": "王", "subscribed": "1", "paid": "2"}],
    }  # fmt: skip
    with time_machine.travel(date(2027, 3, 2)):
        answer = api(owner).post(f"{API}/annual-reports/", bad, format="json")
        assert answer.status_code == 400
        assert set(answer.json()) == {"postal_code", "phone", "revenue", "shareholders"}
        shapes = api(owner).post(
            f"{API}/annual-reports/",
            {**REPORT, "operating_status": "dormant", "employees": "many", "address": None},
            format="json",
        )
        assert shapes.status_code == 400
        assert set(shapes.json()) == {"operating_status", "employees", "address"}
        wrong_year = api(owner).post(f"{API}/annual-reports/", {**REPORT, "year": 2031})
        assert set(wrong_year.json()) == {"year"}
    assert not AnnualReport.objects.exists()


def test_only_the_enterprise_sees_and_files_its_reports(world, owner):
    with time_machine.travel(date(2027, 3, 2)):
        assert api(owner).post(f"{API}/annual-reports/", REPORT, format="json").status_code == 201
        neighbour = world.restaurants[1]
        other = api(EnterpriseFactory(uscc=neighbour.uscc, name=neighbour.name))
        assert other.get(f"{API}/annual-reports/").json()["count"] == 0
        strangers = (EnterpriseFactory(), CitizenFactory(), world.head)  # not on the registry
        for stranger in (*(api(u) for u in strangers), api()):
            assert stranger.get(f"{API}/annual-reports/").status_code in (401, 403)
            filed = stranger.post(f"{API}/annual-reports/", REPORT, format="json")
            assert filed.status_code in (401, 403)
        assert api(world.head).post(f"{API}/annual-reports/", {}, format="json").status_code == 403
    assert AnnualReport.objects.count() == 1


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert set(paths[f"{API}/annual-reports/"]) == {"get", "post"}
    assert set(paths[f"{API}/annual-reports/"]["post"]["responses"]) >= {"200", "201", "400"}
    assert "get" in paths[f"{API}/list-entries/"]
    reached = paths[f"{API}/list-entries/{{id}}/reached/"]["post"]
    assert {"400", "403", "404"} <= set(reached["responses"])
    params = {p["name"] for p in paths[f"{API}/list-entries/"]["get"]["parameters"]}
    assert {"reason", "open", "limit", "offset"} <= params
    params = {p["name"] for p in paths[f"{API}/annual-reports/"]["get"]["parameters"]}
    assert {"limit", "offset"} <= params
    report = schema["components"]["schemas"]["MarketAnnualReportInput"]
    assert {"address", "employees", "total_assets"} <= set(report["required"])
