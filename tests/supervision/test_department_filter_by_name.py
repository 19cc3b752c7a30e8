"""The e-supervision list is filtered by a department's name or code, in Chinese or English,
with suggestions as the supervisor types; a name nobody recognises is a translated error that
names the field, and the list is not filtered by it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from onewindow.accounts.models import Department, Role
from onewindow.supervision import kinds, selectors, services
from onewindow.supervision.models import Unit
from tests.workbench.conftest import signed_in, text

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
KIND = "river_patrol_filter"
SCJG, YUEXIU = "440100-SCJG", "440104-SCJG"
URL = "/workbench/supervision/"
SUGGEST = "/workbench/supervision/department-suggestions/"


@pytest.fixture
def carded(staff):
    kinds.register(KIND, label="River patrol finding", stages={"fix": "Fixing"})
    for key, code in (("HZ-1", SCJG), ("HZ-2", YUEXIU)):
        found = Department.objects.get(code=code)
        services.track(
            kind=KIND, key=key, title=f"河道垃圾 {key}", title_en=f"Litter {key}",
            link=f"/river/{key}/", department=found, division_code=found.division.code,
            started_at=datetime(2026, 11, 2, 10, tzinfo=SHANGHAI), unit=Unit.WORKING_DAYS,
            limit=5, stage="fix",
        )  # fmt: skip
    services.raise_cards(datetime(2026, 11, 10, 10, tzinfo=SHANGHAI))
    yield staff.official("440100-ZWFW", Role.SUPERVISOR)  # watches the city
    kinds.unregister(KIND)


def listed(client, **params):
    with time_machine.travel(datetime(2026, 11, 10, 10, tzinfo=SHANGHAI)):
        return text(client.get(URL, params))


@pytest.mark.parametrize(
    "typed",
    [
        "440104-SCJG",
        "440104-scjg",
        "广州市越秀区市场监督管理局",
        "Yuexiu District Administration for Market Regulation, Guangzhou",
        "yuexiu district administration for market regulation, guangzhou",
        "越秀区市场监督",  # the only name that holds it
    ],
)
def test_a_department_is_found_by_code_or_name_in_either_language(carded, typed):
    page = listed(signed_in(carded), department=typed)
    assert "/river/HZ-2/" in page
    assert "/river/HZ-1/" not in page


def test_an_unknown_or_ambiguous_name_is_an_error_naming_the_field(carded):
    client = signed_in(carded)
    page = listed(client, department="不存在的局")
    assert "部门：" in page
    assert "不存在的局" in page
    assert 'aria-invalid="true"' in page
    assert "/river/HZ-1/" not in page
    assert "/river/HZ-2/" not in page
    assert selectors.department_named(carded, "市场监督管理局") is None  # several hold it
    assert "部门：" in listed(client, department="市场监督管理局")
    client.cookies["django_language"] = "en"
    english = listed(client, department="No such bureau")
    assert "Department: you see no department called “No such bureau”" in english


def test_suggestions_follow_what_is_typed_in_both_languages(carded):
    client = signed_in(carded)
    chinese = text(client.get(SUGGEST, {"department": "越秀区市场"}, HTTP_HX_REQUEST="true"))
    assert '<option value="广州市越秀区市场监督管理局">440104-SCJG' in chinese
    english = text(client.get(SUGGEST, {"department": "market regulation"}))
    assert "440100-SCJG" in english
    assert "440104-SCJG" in english
    page = listed(client)
    assert 'list="department-options"' in page
    assert '<datalist id="department-options">' in page


def test_suggestions_are_the_departments_in_view_only(staff, carded):
    tianhe = staff.official("440106-ZWFW", Role.SUPERVISOR)  # watches Tianhe only
    found = text(signed_in(tianhe).get(SUGGEST, {"department": "市场监督"}))
    assert "440104-SCJG" not in found
    assert "440100-SCJG" not in found
    assert selectors.department_named(tianhe, YUEXIU) is None
    assert signed_in(staff.reviewer(SCJG)).get(SUGGEST).status_code == 403
