"""The duty roster (值班): the commander arranges tonight's shift; a report that comes in at night
reaches the officer on duty and nobody else; the duty day runs 08:30 to 08:30; the outgoing
shift hands over with notes and the next one takes over; bad input and others change nothing.
Then the roster page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.models import AuditEntry
from onewindow.emergency import duty, incidents
from onewindow.emergency.duty_models import DutyShift, Handover
from onewindow.notifications.models import Notification
from tests.emergency.test_incidents import FLOOD


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)))
def test_a_duty_day_starts_at_half_past_eight(moment):
    at = timezone.make_aware(moment)
    day = duty.duty_day(at)
    start, end = duty.day_bounds(day)
    assert start <= at < end
    assert end - start == timedelta(days=1)


def test_a_night_report_reaches_the_officer_on_duty_and_nobody_else(world):
    w = world
    today = duty.duty_day()
    duty.set_shift(w.commander, w.yj, day=today, post="officer", user=w.officer2)
    duty.set_shift(w.commander, w.yj, day=today, post="leader", user=w.commander)
    assert [s.user for s in duty.on_duty(w.yj)] == [w.commander, w.officer2]
    incident = incidents.record(w.th_officer, department=w.th_yj, data=FLOOD)
    incidents.report_up(w.th_officer, incident.reports.get(), note="夜间初报")
    told = set(
        Notification.objects.filter(kind="emergency.incident_reported").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"yj_duty2", "yj_commander"}  # yj_duty is not on duty tonight
    # a department without a roster for now: all its duty officers and commanders
    assert set(duty.reachable(w.th_yj)) == {w.th_officer.pk}


def test_before_half_past_eight_it_is_still_last_nights_duty(world):
    w = world
    today = duty.duty_day()
    tomorrow = today + timedelta(days=1)
    duty.set_shift(w.commander, w.yj, day=today, post="officer", user=w.officer)
    duty.set_shift(w.commander, w.yj, day=tomorrow, post="officer", user=w.officer2)
    night = _at(tomorrow, 3)
    morning = _at(tomorrow, 8, 31)
    assert [s.user for s in duty.on_duty(w.yj, night)] == [w.officer]
    assert [s.user for s in duty.on_duty(w.yj, morning)] == [w.officer2]


def test_hand_over_with_notes_and_the_next_shift_takes_over(world):
    w = world
    today = duty.duty_day()
    duty.set_shift(w.commander, w.yj, day=today, post="officer", user=w.officer)
    duty.set_shift(w.commander, w.yj, day=today + timedelta(days=1), post="officer",
                   user=w.officer2)  # fmt: skip
    with pytest.raises(PermissionDenied):
        duty.hand_over(w.officer2, w.yj, notes="不在班")
    handover = duty.hand_over(w.officer, w.yj, notes="猎德涌水位仍高，需每小时回访。")
    with pytest.raises(ValidationError):
        duty.hand_over(w.officer, w.yj, notes="再次")
    with pytest.raises(PermissionDenied):
        duty.take_over(w.commander, handover)  # not on the next day's roster
    with time_machine.travel(_at(today + timedelta(days=1), 8, 35)):
        duty.take_over(w.officer2, handover)
    handover.refresh_from_db()
    assert handover.taken_by == w.officer2
    assert AuditEntry.objects.filter(action="emergency.duty_taken_over").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"day": "yesterday"}, "day"),
        ({"day": date(2000, 1, 1)}, "day"),
        ({"post": "janitor"}, "post"),
        ({"user": "resident"}, "user"),  # no role at the bureau
        ({"post": "leader"}, "user"),  # a duty officer cannot lead the duty
    ],
)
def test_bad_shifts_name_the_field_and_change_nothing(world, change, field):
    w = world
    data = {"day": duty.duty_day(), "post": "officer", "user": w.officer, **change}
    if data["user"] == "resident":
        data["user"] = w.residents["440104"][0]
    with pytest.raises(ValidationError) as error:
        duty.set_shift(w.commander, w.yj, **data)
    assert field in error.value.message_dict
    assert not DutyShift.objects.exists()


def test_only_the_commander_or_head_arranges_the_roster(world):
    w = world
    for someone in (w.officer, w.th_officer, w.qx_officer):
        with pytest.raises(PermissionDenied):
            duty.set_shift(someone, w.yj, day=duty.duty_day(), post="officer", user=w.officer)
    assert not DutyShift.objects.exists()


def test_the_roster_page(world, client):
    w = world
    page_url = reverse("workbench:emergency-duty")
    client.force_login(w.commander)
    client.cookies["django_language"] = "en"
    page = client.get(page_url).content.decode()
    assert "Nobody is on the roster for today" in page
    step = reverse("workbench:emergency-duty-step", args=[w.yj.code, "shift"])
    bad = client.post(step, {"day": "", "post": "officer", "user": w.officer.pk})
    assert bad.status_code == 400
    assert not DutyShift.objects.exists()
    done = client.post(step, {"day": duty.duty_day().isoformat(), "post": "officer",
                              "user": w.officer.pk})  # fmt: skip
    assert done.status_code == 302
    assert "yj_duty" in client.get(page_url).content.decode()

    client.force_login(w.officer)
    page = client.get(page_url).content.decode()
    assert "Hand the day over" in page
    assert "Arrange a shift" not in page
    assert client.post(step, {"day": duty.duty_day().isoformat(), "post": "officer",
                              "user": w.officer2.pk}).status_code == 403  # fmt: skip
    client.post(reverse("workbench:emergency-duty-step", args=[w.yj.code, "handover"]),
                {"notes": "无异常。"})  # fmt: skip
    assert Handover.objects.get().handed_by == w.officer

    client.force_login(w.residents["440104"][0])
    assert client.get(page_url).status_code in (302, 403, 404)
    client.force_login(w.th_officer)  # another district's desk: its own roster, not the city's
    assert client.get(page_url + "?department=440100-YJGL").status_code == 404


def test_the_api_arranges_a_shift_and_says_who_is_on_duty(world):
    from rest_framework.test import APIClient

    w = world
    api = APIClient()
    api.force_authenticate(w.commander)
    day = duty.duty_day().isoformat()
    bad = api.post("/api/v1/emergency/duty/shifts/", {"department": "440100-YJGL", "day": day,
                   "post": "officer", "user": "nobody"}, format="json")  # fmt: skip
    assert bad.status_code == 400
    assert "user" in bad.json()
    made = api.post("/api/v1/emergency/duty/shifts/", {"department": "440100-YJGL", "day": day,
                    "post": "officer", "user": "yj_duty"}, format="json")  # fmt: skip
    assert made.status_code == 201
    (desk,) = api.get("/api/v1/emergency/duty/").json()
    assert [s["user"] for s in desk["on_duty"]] == ["yj_duty"]
    api.force_authenticate(w.th_officer)
    refused = api.post("/api/v1/emergency/duty/shifts/", {"department": "440100-YJGL",
                       "day": day, "post": "officer", "user": "yj_duty2"}, format="json")  # fmt: skip
    assert refused.status_code == 403
    api.force_authenticate(w.officer)
    handed = api.post("/api/v1/emergency/duty/handovers/",
                      {"department": "440100-YJGL", "notes": "无异常"}, format="json")  # fmt: skip
    assert handed.status_code == 201
