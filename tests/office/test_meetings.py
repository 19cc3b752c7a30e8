"""Meetings through the services: convening with agenda, invitees and a room (never double
booked), the invitation as iCalendar read back by ``vobject`` (a parser the project did not
write) with its UID kept and SEQUENCE raised by a change and a cancellation, the answers
(参会回执), the seating plan in order of precedence, and the minutes (纪要) whose decisions
become instructions in the supervision ledger when they are issued."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
import vobject
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from onewindow.accounts.models import Role
from onewindow.notifications.models import Notification
from onewindow.office import meeting_ics, meetings
from onewindow.office import meeting_selectors as selectors
from onewindow.office import services as office
from onewindow.office.meeting_models import Meeting, MeetingRoom, Response
from onewindow.office.models import DocumentKind
from onewindow.supervision.models import Matter
from tests.office.outgoing_world import CG, SCJG, ZJ, official

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)  # a Monday
START = datetime(2027, 1, 6, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def room(world):
    return MeetingRoom.objects.create(
        department=world.scjg, name="第一会议室", name_en="Meeting room 1", rows=2, columns=5
    )


def _data(world, room, **over):
    return {
        "title": "2027年第1次局务会议",
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
        "room": room.pk,
        "video": True,
        "chair": world.signer.pk,
        "attendees": [world.zj_head.pk, world.cg_head.pk, world.drafter.pk],
        "agenda": [
            {"title": "研究食品安全抽检工作", "presenter": "食品抽检处", "minutes": 30},
            {"title": "听取营商环境评价整改情况", "minutes": 20},
        ],
        **over,
    }


@pytest.fixture
def meeting(world, room):
    with time_machine.travel(NOW):
        return meetings.schedule(world.scjg, _data(world, room), actor=world.clerk)


def _ics(meeting):
    meeting.refresh_from_db()
    return vobject.readOne(meeting_ics.invitation(meeting).decode())


def test_convening_invites_everyone_and_the_ics_reads_back(world, meeting):
    invited = set(meeting.attendees.values_list("user_id", flat=True))
    assert invited == {world.signer.pk, world.zj_head.pk, world.cg_head.pk, world.drafter.pk}
    assert meeting.attendees.get(user=world.signer).response == Response.ACCEPTED  # the chair
    assert len(meeting.pin) == 6
    assert meeting.pin.isdigit()
    told = set(
        Notification.objects.filter(kind=meetings.INVITED).values_list("recipient_id", flat=True)
    )
    assert told == invited
    calendar = _ics(meeting)
    assert calendar.method.value == "REQUEST"
    event = calendar.vevent
    assert event.uid.value == f"meeting-{meeting.uid}@onewindow"
    assert event.sequence.value == "0"
    assert event.dtstart.value == START
    assert event.dtstart.value.tzinfo is not None
    assert event.dtend.value - event.dtstart.value == timedelta(hours=2)
    assert event.summary.value == "2027年第1次局务会议"
    assert "第一会议室" in event.location.value
    assert "1. 研究食品安全抽检工作 (食品抽检处)" in event.description.value
    assert meeting.pin in event.description.value
    partstat = {a.params["CN"][0]: a.params["PARTSTAT"][0] for a in event.attendee_list}
    assert partstat[world.signer.display_name] == "ACCEPTED"
    assert partstat[world.zj_head.display_name] == "NEEDS-ACTION"
    assert calendar.vtimezone.tzid.value == "Asia/Shanghai"


def test_answers_change_and_cancellation_keep_the_uid_and_raise_the_sequence(world, meeting, room):
    meetings.respond(meeting, actor=world.zj_head, response=Response.ACCEPTED)
    meetings.respond(meeting, actor=world.cg_head, response=Response.DELEGATED, delegate="李副局长")
    with pytest.raises(ValidationError) as error:
        meetings.respond(meeting, actor=world.drafter, response=Response.DELEGATED)
    assert "delegate" in error.value.message_dict
    with pytest.raises(PermissionDenied):  # not invited
        meetings.respond(meeting, actor=world.yx_clerk, response=Response.ACCEPTED)
    uid = _ics(meeting).vevent.uid.value
    partstat = {
        a.params["CN"][0]: a.params["PARTSTAT"][0] for a in _ics(meeting).vevent.attendee_list
    }
    assert partstat[world.cg_head.display_name] == "DELEGATED"

    with time_machine.travel(NOW):
        later = START + timedelta(days=1)
        meetings.change(
            meeting,
            _data(world, room, starts_at=later, ends_at=later + timedelta(hours=1)),
            actor=world.clerk,
        )
    event = _ics(meeting).vevent
    assert event.uid.value == uid
    assert event.sequence.value == "1"
    assert event.dtstart.value == later
    # a new time asks everyone to answer again (RFC 5546 §2.1.5), but the chair convened it
    answers = dict(meeting.attendees.values_list("user_id", "response"))
    assert answers[world.zj_head.pk] == Response.PENDING
    assert answers[world.signer.pk] == Response.ACCEPTED
    assert Notification.objects.filter(kind=meetings.CHANGED, recipient=world.zj_head).exists()

    with pytest.raises(ValidationError) as error:
        meetings.cancel(meeting, actor=world.clerk, reason=" ")
    assert "reason" in error.value.message_dict
    meetings.cancel(meeting, actor=world.clerk, reason="与市政府常务会议时间冲突")
    calendar = _ics(meeting)
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.status.value == "CANCELLED"
    assert calendar.vevent.uid.value == uid
    assert calendar.vevent.sequence.value == "2"
    assert Notification.objects.filter(kind=meetings.CANCELLED, recipient=world.cg_head).exists()


def test_bad_input_names_the_field_and_stores_nothing(world, room, meeting):
    cases = {
        "title": {"title": ""},
        "ends_at": {"ends_at": START - timedelta(minutes=1)},
        "agenda": {"agenda": [{"title": " "}]},
        "attendees": {"attendees": [999_999]},
        "room": {"room": room.pk},  # booked by ``meeting`` at that time
    }
    before = Meeting.objects.count()
    for field, over in cases.items():
        with time_machine.travel(NOW), pytest.raises(ValidationError) as error:
            meetings.schedule(world.scjg, {**_data(world, room), **over}, actor=world.clerk)
        assert field in error.value.message_dict, (field, error.value.message_dict)
    with time_machine.travel(START + timedelta(days=1)), pytest.raises(ValidationError) as error:
        meetings.schedule(world.scjg, {**_data(world, room), "room": None}, actor=world.clerk)
    assert "starts_at" in error.value.message_dict
    assert Meeting.objects.count() == before
    # the room is free again once the meeting is cancelled
    meetings.cancel(meeting, actor=world.clerk, reason="改期")
    with time_machine.travel(NOW):
        assert meetings.schedule(world.scjg, _data(world, room), actor=world.clerk).room == room


def test_only_invitees_and_the_convening_office_see_a_meeting(world, meeting):
    for user in (world.clerk, world.signer, world.zj_head):
        assert selectors.meeting_for(user, meeting.pk) == meeting
    for user in (world.yx_clerk, world.zj_drafter):
        with pytest.raises(Http404):
            selectors.meeting_for(user, meeting.pk)
    with pytest.raises(PermissionDenied):
        meetings.cancel(meeting, actor=world.zj_head, reason="不是我的会议")
    with pytest.raises(PermissionDenied):
        meetings.schedule(world.zj, {}, actor=world.clerk)  # another department's meeting


def test_seats_go_by_precedence_and_a_move_swaps(world, meeting):
    assert meetings.seat_order(5) == [3, 4, 2, 5, 1]
    meetings.respond(meeting, actor=world.zj_head, response=Response.ACCEPTED)
    meetings.respond(meeting, actor=world.cg_head, response=Response.ACCEPTED)
    meetings.respond(meeting, actor=world.drafter, response=Response.DECLINED)
    assert meetings.arrange_seats(meeting, actor=world.clerk) == 3
    seats = dict(meeting.attendees.exclude(seat_row=None).values_list("user_id", "seat_row"))
    chair = meeting.attendees.get(user=world.signer)
    assert chair.seat == "A3"  # the middle of the front row
    assert world.drafter.pk not in seats  # declined
    zj = meeting.attendees.get(user=world.zj_head)
    meetings.place(meeting, actor=world.clerk, attendee_id=zj.pk, seat="A3")
    chair.refresh_from_db()
    zj.refresh_from_db()
    assert zj.seat == "A3"
    assert chair.seat not in ("", "A3")
    with pytest.raises(ValidationError) as error:
        meetings.place(meeting, actor=world.clerk, attendee_id=zj.pk, seat="C9")
    assert "seat" in error.value.message_dict
    grid = selectors.seating(meeting)
    assert [letter for letter, _ in grid] == ["A", "B"]
    assert grid[0][1][2].user_id == world.zj_head.pk


def test_issued_minutes_turn_decisions_into_tracked_instructions(
    world, meeting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meetings.respond(meeting, actor=world.zj_head, response=Response.ACCEPTED)
    meetings.respond(meeting, actor=world.cg_head, response=Response.DECLINED, note="出差")
    with pytest.raises(ValidationError) as error:
        meetings.set_decisions(
            meeting, [{"text": "开展抽检", "department": "nope"}], actor=world.clerk
        )
    assert "decisions" in error.value.message_dict
    meetings.set_decisions(
        meeting,
        [
            {"text": "住建局牵头开展燃气安全联合检查", "department": ZJ, "limit": 5},
            {"text": "城管局清理占道经营", "department": CG, "limit": 10},
        ],
        actor=world.clerk,
    )
    meetings.end(meeting, actor=world.clerk)
    clerk_drafts = official("scjg_clerk_drafter", Role.DOCUMENT_DRAFTER, SCJG)
    minutes = meetings.draft_minutes(meeting, actor=clerk_drafts)
    assert minutes.kind == DocumentKind.MINUTES
    assert minutes.title == "2027年第1次局务会议纪要"
    assert (
        "一、住建局牵头开展燃气安全联合检查。由广州市住房和城乡建设局负责，5个工作日内办结。"
        in (minutes.body)
    )
    assert "请假：" in minutes.body
    assert world.cg_head.display_name in minutes.body
    with pytest.raises(PermissionDenied):
        meetings.draft_minutes(meeting, actor=clerk_drafts)  # once

    office.submit(minutes, actor=clerk_drafts)
    office.review(minutes, actor=world.reviewer, agreed=True)
    with time_machine.travel(date(2027, 1, 11)):
        office.sign_off(minutes, actor=world.signer, agreed=True)
        office.issue(minutes, actor=world.clerk)
    decisions = list(meeting.decisions.select_related("instruction", "department"))
    assert all(d.instruction is not None for d in decisions)
    first = decisions[0].instruction
    assert first.department.code == ZJ
    assert first.limit == 5
    assert first.assigned_by == world.signer  # the chair gave it
    assert first.due_on == date(2027, 1, 18)  # 5 working days from Monday 11 January
    matter = Matter.objects.get(kind="office-instruction", key=str(first.pk))
    assert matter.department.code == ZJ
