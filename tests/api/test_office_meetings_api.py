"""Meetings over the API, through HTTP with API tokens: an invitee lists and reads the meeting
with its PIN, answers it (a wrong answer is named, 400, and nothing changes), and downloads the
invitation that ``vobject`` reads back; the convening office sees it without the PIN; another
department's official gets 404 and a citizen 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
import vobject
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from onewindow.office import meetings
from onewindow.office.meeting_models import Response
from tests.factories import CitizenFactory
from tests.office.outgoing_world import build

pytestmark = pytest.mark.django_db
API = "/api/v1/office/meetings"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db):
    w = build()
    start = timezone.now() + timedelta(days=1)
    w.meeting = meetings.schedule(
        w.scjg,
        {
            "title": "食品安全工作专题会议",
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "video": True,
            "chair": w.signer.pk,
            "attendees": [w.zj_head.pk],
            "agenda": [{"title": "研究抽检计划", "presenter": "抽检处", "minutes": 30}],
        },
        actor=w.clerk,
    )
    return w


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token = Token.objects.get_or_create(user=user)[0]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_an_invitee_reads_answers_and_downloads_the_invitation(world):
    meeting = world.meeting
    listed = api(world.zj_head).get(f"{API}/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [meeting.pk]
    detail = api(world.zj_head).get(f"{API}/{meeting.pk}/").json()
    assert detail["pin"] == meeting.pin
    assert detail["agenda"][0]["title"] == "研究抽检计划"
    answers = {row["user"]: row["response"] for row in detail["attendees"]}
    assert answers[world.zj_head.pk] == "NEEDS-ACTION"

    bad = api(world.zj_head).post(
        f"{API}/{meeting.pk}/reply/", {"response": "MAYBE"}, format="json"
    )
    assert bad.status_code == 400
    assert "response" in bad.json()
    bad = api(world.zj_head).post(
        f"{API}/{meeting.pk}/reply/", {"response": "DELEGATED"}, format="json"
    )
    assert bad.status_code == 400
    assert "delegate" in bad.json()
    assert meeting.attendees.get(user=world.zj_head).response == Response.PENDING

    done = api(world.zj_head).post(
        f"{API}/{meeting.pk}/reply/",
        {"response": "DELEGATED", "delegate": "李副局长"},
        format="json",
    )
    assert done.status_code == 200
    answers = {row["user"]: row for row in done.json()["attendees"]}
    assert answers[world.zj_head.pk]["response"] == "DELEGATED"
    assert answers[world.zj_head.pk]["delegate"] == "李副局长"

    ics = api(world.zj_head).get(f"{API}/{meeting.pk}/invitation.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    event = vobject.readOne(ics.content.decode()).vevent
    partstat = {a.params["CN"][0]: a.params["PARTSTAT"][0] for a in event.attendee_list}
    assert partstat[world.zj_head.display_name] == "DELEGATED"


def test_the_office_sees_it_without_the_pin_and_others_see_nothing(world):
    meeting = world.meeting
    organiser = api(world.clerk).get(f"{API}/{meeting.pk}/")
    assert organiser.status_code == 200
    assert organiser.json()["pin"] == ""  # the clerk convened it but is not invited
    refused = api(world.clerk).post(
        f"{API}/{meeting.pk}/reply/", {"response": "ACCEPTED"}, format="json"
    )
    assert refused.status_code == 403
    for path in (f"{API}/{meeting.pk}/", f"{API}/{meeting.pk}/invitation.ics"):
        assert api(world.yx_clerk).get(path).status_code == 404
    assert api(world.yx_clerk).get(f"{API}/").json()["results"] == []
    assert api(CitizenFactory()).get(f"{API}/").status_code == 403
    assert api().get(f"{API}/").status_code in (401, 403)
