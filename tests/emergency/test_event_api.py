"""Major events over the API: the events with the structure in force and the next, an event's
venues, schedule and structures; the headquarters' desk compiles a daily report and reads it;
bad input is a 400 naming the field and changes nothing; others are refused; the operations
are in the OpenAPI schema."""

from __future__ import annotations

import time_machine
from rest_framework.test import APIClient

from onewindow.emergency.event_models import DailyReport, EventPermit
from tests.emergency.test_events import AFTER_SWITCH, BEFORE_SWITCH, CODE, games  # noqa: F401

BASE = f"/api/v1/emergency/events/{CODE}/"


def _api(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_the_structure_in_force_and_the_next_over_the_api(games):  # noqa: F811
    api = _api(games.officer)
    with time_machine.travel(BEFORE_SWITCH, tick=False):
        (listed,) = api.get("/api/v1/emergency/events/").json()
    assert listed["structure_in_force"]["code"] == "committee"
    assert listed["next_structure"] == {
        "code": "headquarters",
        "name": "赛事运行指挥部",
        "name_en": "Event Operations Headquarters",
        "in_force_from": "2027-10-01",
        "unified": True,
    }
    with time_machine.travel(AFTER_SWITCH, tick=False):
        detail = api.get(BASE).json()
    assert detail["structure_in_force"]["code"] == "headquarters"
    assert detail["next_structure"] is None
    assert [v["code"] for v in detail["venues"]] == ["gym", "tianhe"]
    assert detail["schedule"][0]["title_en"] == "Athletics finals"
    groups = detail["structures"][1]["groups"]
    assert groups[0] == {"name": "安保组", "name_en": "Security group", "area": "security",
                         "lead": "440100-GA", "members": ["440100-XF"]}  # fmt: skip


def test_the_headquarters_desk_compiles_a_daily_report(games):  # noqa: F811
    api = _api(games.officer)
    with time_machine.travel(AFTER_SWITCH, tick=False):
        bad = api.post(f"{BASE}daily/", {"day": "2027-10-10"}, format="json")
        assert bad.status_code == 400
        assert "day" in bad.json()
        assert not DailyReport.objects.exists()
        made = api.post(f"{BASE}daily/", {"day": "2027-10-09"}, format="json")
        assert made.status_code == 201
        assert made.json()["structure"] == "headquarters"
        read = api.get(f"{BASE}daily/2027-10-09/").json()
        assert read["content"]["figures"]["competitions"] == 1
        assert api.get(f"{BASE}daily/").json()[0]["day"] == "2027-10-09"
        assert api.get(f"{BASE}daily/2027-10-08/").status_code == 404
        assert api.get(f"{BASE}daily/not-a-day/").status_code == 404
        district = _api(games.th_officer).post(f"{BASE}daily/", {"day": "2027-10-09"},
                                                format="json")  # fmt: skip
        assert district.status_code == 403


def test_a_permit_for_a_case_that_does_not_exist_is_a_400_naming_the_case(games):  # noqa: F811
    answer = _api(games.officer).post(
        f"{BASE}permits/", {"case": "NO-SUCH", "kind": "road-occupancy"}, format="json"
    )
    assert answer.status_code == 400
    assert "case" in answer.json()
    bad_kind = _api(games.officer).post(f"{BASE}permits/", {"case": "X", "kind": "x"},
                                        format="json")  # fmt: skip
    assert "kind" in bad_kind.json()
    assert not EventPermit.objects.exists()


def test_others_are_refused(games):  # noqa: F811
    assert _api().get("/api/v1/emergency/events/").status_code in (401, 403)
    citizen = games.residents["440104"][0]
    assert _api(citizen).get(BASE).status_code == 403
    assert (
        _api(citizen).post(f"{BASE}daily/", {"day": "2027-10-09"}, format="json").status_code == 403
    )


def test_the_operations_are_in_the_schema(db):
    schema = _api().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"emergency_events", "emergency_event", "emergency_daily_reports",
            "emergency_daily_report", "emergency_daily_report_compile",
            "emergency_event_permit_flag"} <= operations  # fmt: skip
