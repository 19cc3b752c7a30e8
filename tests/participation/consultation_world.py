"""The consultations' world: 住建局's participation officer, 城管's (another department), the
platform's moderator, verified citizens and an enterprise, an unverified citizen; and a
20-article draft (广州市物业管理条例（征求意见稿）)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from onewindow.accounts import departments_data
from onewindow.accounts.identity.models import RealNameVerification
from onewindow.accounts.models import Department, Role
from onewindow.participation.services import consultations as services
from tests.conftest import restore_migration_data
from tests.factories import CitizenFactory, EnterpriseFactory, OfficialFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
ZJ, CG, ZWFW = "440100-ZJ", "440100-CG", "440100-ZWFW"
OPENS = date(2026, 3, 2)  # a Monday
CLOSES = date(2026, 4, 1)  # 30 days after (民法典 Art. 201: the opening day not counted)

CHAPTERS = ["总则", "业主及业主大会", "物业服务", "物业的使用和维护", "法律责任"]


def draft_text(articles: int = 20) -> str:
    """A pasted draft: a title line, five chapters, ``articles`` articles."""
    lines = ["广州市物业管理条例（征求意见稿）"]
    per = max(1, articles // len(CHAPTERS))
    numerals = "一二三四五六七八九十"
    for n in range(1, articles + 1):
        if (n - 1) % per == 0 and (n - 1) // per < len(CHAPTERS):
            c = (n - 1) // per
            lines.append(f"第{numerals[c]}章　{CHAPTERS[c]}")
        lines.append(f"第{n}条　本条规定物业管理的第{n}项事项，业主和物业服务人应当遵守。")
    return "\n".join(lines)


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def verify(user):
    RealNameVerification.objects.create(user=user, provider="test", verified_at=timezone.now())
    return user


class World:
    pass


def _official(username, role, code):
    return OfficialFactory(
        username=username, role=role, department=Department.objects.get(code=code)
    )


def build() -> World:
    restore_migration_data()
    departments_data.load()
    w = World()
    w.zj = Department.objects.get(code=ZJ)
    w.cg = Department.objects.get(code=CG)
    w.officer = _official("zj_officer", Role.PARTICIPATION_OFFICER, ZJ)
    w.cg_officer = _official("cg_officer", Role.PARTICIPATION_OFFICER, CG)
    w.moderator = _official("moderator", Role.PARTICIPATION_MODERATOR, ZWFW)
    w.no_role = _official("zj_reviewer", Role.REVIEWER, ZJ)
    w.citizen = verify(CitizenFactory(real_name="张晓明"))
    w.other_citizen = verify(CitizenFactory(real_name="李四"))
    w.unverified = CitizenFactory(real_name="王五")
    w.enterprise = verify(EnterpriseFactory(name="广州市天河示范科技有限公司"))
    return w


def draft(w, articles: int = 20):
    return services.create_draft(
        w.zj,
        {
            "kind": "regulation",
            "title": "广州市物业管理条例（征求意见稿）",
            "title_en": "Guangzhou Property Management Regulations (draft for comments)",
            "note": "为规范物业管理活动，起草本条例。",
            "text": draft_text(articles),
        },
        actor=w.officer,
    )


def opened(w, articles: int = 20):
    """The draft, published on OPENS for comments until CLOSES."""
    with at(OPENS):
        consultation = draft(w, articles)
        return services.publish(consultation, actor=w.officer, opens_on=OPENS, closes_on=CLOSES)
