"""Demo meetings of 市场监管局 (made once, however often demo runs):

- tomorrow at 09:30 in its first meeting room and on video, chaired by scjg_leader: the 局务
  会议 with three agenda items (one discussing the sent 抽检 通知); zj_head will attend,
  cg_head sends his deputy, scjg_drafter has not answered; the attendees are seated;
- last week's 食品安全工作专题会议, ended, with two decisions for 住建局 and 城管局 and its
  minutes (纪要) drafted by scjg_drafter, reviewed, signed off and issued: each decision is an
  instruction (督办) of the acting department in the supervision ledger.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.office import meetings
from onewindow.office import services as office
from onewindow.office.meeting_models import Meeting, MeetingRoom, Response
from onewindow.office.models import OutgoingDocument

ROOMS = [
    (
        "第一会议室",
        "Meeting room 1",
        "市场监管局大楼三楼",
        "3rd floor, Market Regulation building",
        4,
        6,
    ),
    (
        "第二会议室",
        "Meeting room 2",
        "市场监管局大楼五楼",
        "5th floor, Market Regulation building",
        3,
        4,
    ),
]
WEEKLY = "2027年第1次局务会议"
SPECIAL = "食品安全工作专题会议"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def ensure() -> int:
    """The two meetings; returns how many were newly made."""
    scjg = Department.objects.get(code="440100-SCJG")
    rooms = []
    for name, name_en, address, address_en, rows, columns in ROOMS:
        room, _ = MeetingRoom.objects.get_or_create(
            department=scjg,
            name=name,
            defaults={"name_en": name_en, "address": address, "address_en": address_en,
                      "rows": rows, "columns": columns},
        )  # fmt: skip
        rooms.append(room)
    clerk, leader, drafter = _user("scjg_clerk"), _user("scjg_leader"), _user("scjg_drafter")
    zj_head, cg_head = _user("zj_head"), _user("cg_head")
    made = 0
    if not Meeting.objects.filter(department=scjg, title=WEEKLY).exists():
        made += 1
        tomorrow = timezone.localdate() + timedelta(days=1)
        sent = OutgoingDocument.objects.filter(department=scjg).exclude(number="").first()
        meeting = meetings.schedule(
            scjg,
            {
                "title": WEEKLY,
                "title_en": "First director's meeting of 2027",
                "starts_at": _at(tomorrow, 9, 30),
                "ends_at": _at(tomorrow, 11, 30),
                "room": rooms[0].pk,
                "video": True,
                "chair": leader.pk,
                "attendees": [zj_head.pk, cg_head.pk, drafter.pk, _user("scjg_office").pk],
                "agenda": [
                    {"title": "研究2027年度食品安全监督抽检工作", "presenter": "食品安全抽检监测处",
                     "minutes": 40, "document": sent.pk if sent else None},
                    {"title": "听取住宅小区电梯安全管理情况汇报", "presenter": "特种设备安全监察处",
                     "minutes": 30},
                    {"title": "讨论营商环境评价整改方案", "presenter": "办公室", "minutes": 30},
                ],
            },
            actor=clerk,
        )  # fmt: skip
        meetings.respond(meeting, actor=zj_head, response=Response.ACCEPTED, note="准时参加")
        meetings.respond(
            meeting, actor=cg_head, response=Response.DELEGATED, delegate="陈副局长", note="出差"
        )
        meetings.arrange_seats(meeting, actor=clerk)
    if not Meeting.objects.filter(department=scjg, title=SPECIAL).exists():
        made += 1
        day = timezone.localdate() - timedelta(days=7)
        convened = _at(day - timedelta(days=3), 9)
        meeting = meetings.schedule(
            scjg,
            {
                "title": SPECIAL,
                "title_en": "Special meeting on food safety",
                "starts_at": _at(day, 14, 30),
                "ends_at": _at(day, 16),
                "room": rooms[1].pk,
                "chair": leader.pk,
                "attendees": [zj_head.pk, cg_head.pk, drafter.pk],
                "agenda": [{"title": "部署元旦春节期间食品安全工作", "minutes": 60}],
            },
            actor=clerk,
            now=convened,
        )
        meetings.respond(meeting, actor=zj_head, response=Response.ACCEPTED)
        meetings.respond(meeting, actor=cg_head, response=Response.ACCEPTED)
        meetings.respond(meeting, actor=drafter, response=Response.ACCEPTED)
        meetings.set_decisions(
            meeting,
            [
                {"text": "住建局牵头开展节日期间燃气安全联合检查", "department": "440100-ZJ",
                 "limit": 10},
                {"text": "城管局清理农贸市场周边占道经营", "department": "440100-CG", "limit": 15},
            ],
            actor=clerk,
        )  # fmt: skip
        meetings.end(meeting, actor=clerk)
        minutes = meetings.draft_minutes(meeting, actor=drafter)
        office.submit(minutes, actor=drafter)
        office.review(minutes, actor=_user("scjg_office"), agreed=True)
        office.sign_off(minutes, actor=leader, agreed=True)
        office.issue(minutes, actor=clerk)
    return made
