"""The workbench pages of meetings: the office convenes one through the form (agenda lines with
a document's number, invitees by department), an invitee answers, the .ics download reads back
with ``vobject``, the seating plan and the decisions; a bad form names its field and stores
nothing; another department gets 404 and the anonymous the login page. The video room page
says when no conferencing server is configured."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
import vobject
from django.urls import reverse

from onewindow.office.meeting_models import Meeting, MeetingRoom, Response
from tests.conftest import zh
from tests.office.outgoing_world import ZJ

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)


def _form(world, room, **over):
    return {
        "title": "食品安全工作专题会议",
        "starts_at": "2027-01-06T09:30",
        "ends_at": "2027-01-06T11:00",
        "room": str(room.pk),
        "video": "on",
        "chair": str(world.signer.pk),
        "attendees": [str(world.zj_head.pk), str(world.cg_head.pk)],
        "agenda": "研究抽检计划 | 食品抽检处 | 30\n听取整改情况｜｜20",
        **over,
    }


@pytest.fixture
def room(world):
    return MeetingRoom.objects.create(department=world.scjg, name="第二会议室", rows=3, columns=4)


def test_the_office_convenes_and_an_invitee_answers(world, room, client, settings):
    settings.ONEWINDOW_JANUS_URL = ""
    client.force_login(world.clerk)
    with time_machine.travel(NOW, tick=False):
        form = client.get(reverse("workbench:office-meeting-new")).content.decode()
        assert world.zj_head.display_name in form
        bad = client.post(reverse("workbench:office-meeting-new"), _form(world, room, agenda=" "))
        assert bad.status_code == 400
        assert 'id="id_agenda-error"' in bad.content.decode()
        bad = client.post(
            reverse("workbench:office-meeting-new"),
            _form(world, room, agenda="议题 | | | 无此文号"),
        )
        assert bad.status_code == 400
        assert "无此文号" in bad.content.decode()
        assert not Meeting.objects.exists()
        made = client.post(reverse("workbench:office-meeting-new"), _form(world, room))
    meeting = Meeting.objects.get()
    assert made.url == reverse("workbench:office-meeting", args=[meeting.pk])
    assert [a.title for a in meeting.agenda.all()] == ["研究抽检计划", "听取整改情况"]
    assert meeting.agenda.last().minutes_planned == 20

    client.force_login(world.zj_head)
    page = client.get(made.url).content.decode()
    assert "食品安全工作专题会议" in page
    assert meeting.pin in page
    assert zh("No answer yet") in page
    step = reverse("workbench:office-meeting-step", args=[meeting.pk, "respond"])
    assert client.post(step, {"response": "DELEGATED"}).status_code == 400
    client.post(step, {"response": "ACCEPTED", "note": "准时参加"})
    assert meeting.attendees.get(user=world.zj_head).response == Response.ACCEPTED
    listing = client.get(reverse("workbench:office-meetings")).content.decode()
    assert "食品安全工作专题会议" in listing
    assert zh("Will attend") in listing

    ics = client.get(reverse("workbench:office-meeting-ics", args=[meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    event = vobject.readOne(ics.content.decode()).vevent
    assert event.url.value.endswith(made.url)
    video = client.get(reverse("workbench:office-meeting-video", args=[meeting.pk]))
    assert zh("Video meetings are not available: the conferencing server is not configured.") in (
        video.content.decode()
    )
    settings.ONEWINDOW_JANUS_URL = "http://127.0.0.1:9/janus"  # configured, but nothing answers
    video = client.get(reverse("workbench:office-meeting-video", args=[meeting.pk]), follow=True)
    assert video.redirect_chain[-1][0] == made.url
    assert zh("The conferencing server could not be reached.") in video.content.decode()
    settings.ONEWINDOW_JANUS_URL = ""

    client.force_login(world.clerk)
    client.post(reverse("workbench:office-meeting-step", args=[meeting.pk, "seats"]))
    page = client.get(made.url).content.decode()
    assert "<td>A2</td>" in page or "<td>A3</td>" in page
    decisions = reverse("workbench:office-meeting-step", args=[meeting.pk, "decisions"])
    assert client.post(decisions, {"decisions": "开展抽检 | 无此部门"}).status_code == 400
    client.post(decisions, {"decisions": f"住建局开展燃气检查 | {ZJ} | 5"})
    assert meeting.decisions.get().limit == 5


def test_other_departments_and_the_anonymous_see_nothing(world, room, client):
    client.force_login(world.clerk)
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("workbench:office-meeting-new"), _form(world, room))
    meeting = Meeting.objects.get()
    client.force_login(world.yx_clerk)
    for name in ("office-meeting", "office-meeting-ics", "office-meeting-video"):
        assert client.get(reverse(f"workbench:{name}", args=[meeting.pk])).status_code == 404
    cancel = reverse("workbench:office-meeting-step", args=[meeting.pk, "cancel"])
    assert client.post(cancel, {"reason": "x"}).status_code == 404
    client.force_login(world.zj_drafter)  # convenes no meetings
    assert client.get(reverse("workbench:office-meeting-new")).status_code == 403
    client.force_login(world.zj_head)  # invited, but not of the convening office
    assert client.post(cancel, {"reason": "x"}).status_code == 403
    client.logout()
    page = client.get(reverse("workbench:office-meeting", args=[meeting.pk]))
    assert page.status_code == 302
    assert "login" in page.url
    assert Meeting.objects.get().status == "scheduled"
    assert meeting.starts_at - timedelta(minutes=1) < meeting.ends_at
