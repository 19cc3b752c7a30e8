"""The province's roll-up: per city and district, decided on time and open overdue, for
supervisors only (a province supervisor sees every city, a city supervisor their own)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from onewindow.accounts.models import Role
from onewindow.cases import rollup, services
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.factories import CitizenFactory

MARRIAGE = "440100-MZ-QR-107"  # instant, at each district's civil affairs bureau
ASSISTANCE = "440100-MZ-GG-505"  # 临时救助, at each street and town

pytestmark = pytest.mark.django_db


def apply(code, place):
    item = ServiceItem.objects.get(code=code)
    form = valid_form(item)
    if "bank_account" in form:
        form["bank_account"] = "6222021234567890123"
    return services.submit(
        applicant=CitizenFactory(),
        item_code=code,
        form=form,
        uploads=valid_uploads(item),
        place=place,
    )


@pytest.fixture
def cases_in_two_districts(staff):
    """Tianhe: a marriage decided on the day and a street case gone overdue; Zengcheng: a
    marriage decided on the day."""
    with at(date(2026, 11, 2)):
        for district in ("440106", "440118"):
            case = apply(MARRIAGE, district)
            clerk = staff.clerk(f"{district}-MZ")
            services.accept(number=case.number, actor=clerk)
            services.decide(number=case.number, actor=clerk)
            services.deliver(number=case.number, actor=clerk, method="online")
        late = apply(ASSISTANCE, "440106013")
        services.accept(number=late.number, actor=staff.clerk("440106013-JD"))
    with at(date(2026, 12, 1)):  # long past its 10 working days
        services.refresh_flags()
    return late


def by_code(tallies):
    return {t.division.code: t for t in tallies}


def test_a_province_supervisor_sees_every_city_and_guangzhous_districts(
    staff, cases_in_two_districts
):
    supervisor = staff.official("440000-GOV", Role.SUPERVISOR)
    result = rollup.rollup(supervisor)
    cities = by_code(result.cities)
    assert len(cities) == 21
    assert cities["440300"].received == 0
    assert cities["440300"].on_time_rate is None
    guangzhou = cities["440100"]
    assert (guangzhou.received, guangzhou.finished, guangzhou.on_time) == (3, 2, 2)
    assert (guangzhou.open, guangzhou.overdue) == (1, 1)
    assert guangzhou.on_time_rate == 1.0
    districts = by_code(guangzhou.districts)
    assert len(districts) == 11
    tianhe, zengcheng = districts["440106"], districts["440118"]
    assert (tianhe.received, tianhe.finished, tianhe.overdue) == (2, 1, 1)
    assert (zengcheng.received, zengcheng.finished, zengcheng.overdue) == (1, 1, 0)
    assert districts["440103"].received == 0
    assert result.total.received == 3


def test_a_city_supervisor_sees_only_their_city(staff, cases_in_two_districts):
    supervisor = staff.official("440100-GOV", Role.SUPERVISOR)
    result = rollup.rollup(supervisor)
    assert [c.division.code for c in result.cities] == ["440100"]
    assert result.scope.code == "440100"


def test_officials_without_the_supervisor_role_and_citizens_are_refused(staff):
    with pytest.raises(PermissionDenied):
        rollup.rollup(staff.clerk("440106-MZ"))
    with pytest.raises(PermissionDenied):
        rollup.rollup(CitizenFactory())


def test_the_page_and_the_api_show_the_same_numbers(
    client, staff, settings, cases_in_two_districts
):
    settings.ONEWINDOW_REQUIRE_OTP = False
    client.force_login(staff.official("440000-GOV", Role.SUPERVISOR))
    page = client.get("/workbench/supervision/rollup/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("天河区", "增城区", "深圳市"):
        assert name in html
    body = client.get("/api/v1/supervision/rollup/").json()
    assert body["scope"] == "440000"
    (guangzhou,) = [c for c in body["cities"] if c["code"] == "440100"]
    assert guangzhou["received"] == 3
    assert guangzhou["on_time_rate"] == 1.0
    (tianhe,) = [d for d in guangzhou["districts"] if d["code"] == "440106"]
    assert tianhe["overdue"] == 1


def test_the_page_and_the_api_refuse_others(client, staff, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    assert client.get("/api/v1/supervision/rollup/").status_code in (401, 403)
    client.force_login(staff.clerk("440106-MZ"))
    assert client.get("/workbench/supervision/rollup/").status_code == 403
    denied = client.get("/api/v1/supervision/rollup/")
    assert denied.status_code == 403
    assert "detail" in denied.json() or "errors" in denied.json()
