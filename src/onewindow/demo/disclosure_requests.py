"""Demo requests on application (依申请公开): one in every state across the market regulator
(440100-SCJG) and the civil-affairs bureau (440100-MZ), the issue's journey on the 2026
calendar, and a request the civil-affairs bureau answered "not this agency's", naming the
market regulator.

Each request is made through the real services on the day each step happened (the clock is
moved there with ``time_machine``), so its timeline, letters, audit entries and ledger row are
those a real request would have. Each is made once: its text finds it again.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.core.clock import WorkingCalendar
from onewindow.disclosure.models import Consultation, Request
from onewindow.disclosure.services import requests as services
from onewindow.disclosure.vocab import Channel, ReplyType

OFFICER, REVIEWER, HEAD = "gk_officer", "gk_reviewer", "gk_head"
MZ, MZ_REVIEWER = "mz_disclosure", "mz_reviewer"
JOURNEY = "2025年本市食品安全监督抽检不合格企业名单及后续处理情况"


def _at(day: date, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        timezone.make_aware(datetime.combine(day, time(hour, 0))), tick=False
    )


def _ago(days: int, calendar: WorkingCalendar, today: date) -> date:
    day = today
    while days > 0 or not calendar.is_working_day(day):
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return day


def _apply(user, agency, text, day) -> Request:
    with _at(day, 9):
        return services.apply_online(user, agency=agency, description=text)


def _received(user, agency, text, day, officer) -> Request:
    made = _apply(user, agency, text, day)
    with _at(day, 11):
        services.confirm_receipt(officer, made.number)
    return made


def _journey(u) -> None:
    """The issue's request: supplement, third party across National Day, extension, partial."""
    r = _received(u["citizen"], u["scjg"], JOURNEY, date(2026, 9, 14), u[OFFICER])
    with _at(date(2026, 9, 16)):
        services.send_supplement(u[OFFICER], r.number, items=["请明确所需名单的年份和抽检层级"])
    with _at(date(2026, 9, 22)):
        services.answer_supplement(u["citizen"], r.number, answer="2025年全年，市级抽检。")
    with _at(date(2026, 9, 29)):
        services.consult_third_party(
            u[OFFICER], r.number, third_party="广州某食品有限公司",
            question="申请公开的抽检处理情况涉及贵公司，是否同意公开？",
        )  # fmt: skip
    with _at(date(2026, 10, 12)):
        services.record_third_party_answer(
            u[OFFICER], r.number, answer=Consultation.Answer.OBJECTS, note="涉及商业秘密"
        )
    with _at(date(2026, 10, 20)):
        services.request_extension(u[OFFICER], r.number, days=20, reason="涉及多个抽检批次")
    with _at(date(2026, 10, 21)):
        services.decide_extension(u[HEAD], r.number, approve=True)
    with _at(date(2026, 11, 10)):
        services.draft_reply(
            u[OFFICER], r.number, reply_type=ReplyType.PARTIAL,
            reply="现提供2025年市级抽检不合格企业名单及处理结果。",
            withheld="企业的配方与生产工艺",
            legal_basis="《中华人民共和国政府信息公开条例》第十五条",
        )  # fmt: skip
    with _at(date(2026, 11, 11)):
        services.review_reply(u[REVIEWER], r.number, passed=True)
    with _at(date(2026, 11, 12)):
        services.send_reply(u[OFFICER], r.number)


def ensure() -> dict[str, int]:
    """Make the demo requests once; answers how many were made."""
    users = {u.username: u for u in User.objects.filter(
        username__in=["citizen", "enterprise", OFFICER, REVIEWER, HEAD, MZ, MZ_REVIEWER]
    )}  # fmt: skip
    if len(users) < 7:
        return {"requests": 0}
    users["scjg"] = Department.objects.get(code="440100-SCJG")
    users["mz"] = Department.objects.get(code="440100-MZ")
    u = users
    calendar = WorkingCalendar()
    today = timezone.localdate()
    officer, scjg = u[OFFICER], u["scjg"]
    made = 0

    def once(text, build):
        nonlocal made
        if not Request.objects.filter(description__startswith=text[:20]).exists():
            build(text)
            made += 1

    once(JOURNEY, lambda t: _journey(u))
    once("本市2026年第三季度特种设备安全监督检查结果", lambda t: _apply(
        u["enterprise"], scjg, t, today))  # fmt: skip
    once("2026年本市网络交易平台监管约谈记录", lambda t: _received(
        u["citizen"], scjg, t, _ago(3, calendar, today), officer))  # fmt: skip
    once("某小区电梯维保单位的检验报告", lambda t: _supplement(u, t, _ago(4, calendar, today)))
    once("某商场消防及特种设备整改情况", lambda t: _third_party(u, t, _ago(6, calendar, today)))
    once("2026年价格监督检查案件的处理结果", lambda t: _extension(u, t, _ago(15, calendar, today)))
    once("本局2026年行政许可事项办理统计", lambda t: _in_review(u, t, _ago(10, calendar, today)))
    once("2026年上半年本市商标侵权案件统计", lambda t: _withdrawn(u, t, _ago(8, calendar, today)))
    once("某企业食品经营许可证的核发记录", lambda t: _not_ours(u, t, _ago(12, calendar, today)))
    once("本局大楼装修工程的招标文件", lambda t: _entered(u, t, _ago(2, calendar, today)))
    return {"requests": made}


def _supplement(u, text, day):
    r = _received(u["citizen"], u["scjg"], text, day, u[OFFICER])
    with _at(WorkingCalendar().add_working_days(day, 1).date):
        services.send_supplement(u[OFFICER], r.number, items=["请写明小区名称和电梯编号"])


def _third_party(u, text, day):
    r = _received(u["enterprise"], u["scjg"], text, day, u[OFFICER])
    with _at(day, 15):
        services.consult_third_party(
            u[OFFICER], r.number, third_party="广州某商业管理有限公司", question="是否同意公开？"
        )


def _extension(u, text, day):
    r = _received(u["citizen"], u["scjg"], text, day, u[OFFICER])
    with _at(day, 16):
        services.request_extension(u[OFFICER], r.number, days=15, reason="需调取多份案卷")


def _in_review(u, text, day):
    r = _received(u["enterprise"], u["scjg"], text, day, u[OFFICER])
    with _at(day, 16):
        services.draft_reply(
            u[OFFICER], r.number, reply_type=ReplyType.DISCLOSED, reply="现提供统计表。"
        )


def _withdrawn(u, text, day):
    r = _received(u["citizen"], u["scjg"], text, day, u[OFFICER])
    with _at(day, 16):
        services.withdraw(u["citizen"], r.number, reason="已在政府网站找到")


def _not_ours(u, text, day):
    """Art. 36 (五): the civil-affairs bureau names the market regulator."""
    r = _received(u["enterprise"], u["mz"], text, day, u[MZ])
    with _at(day, 15):
        services.draft_reply(
            u[MZ], r.number, reply_type=ReplyType.NOT_OURS,
            reply="经检索，本机关未制作或保存该信息。", right_agency=u["scjg"],
        )  # fmt: skip
        services.review_reply(u[MZ_REVIEWER], r.number, passed=True)
        services.send_reply(u[MZ], r.number)


def _entered(u, text, day):
    with _at(day, 10):
        services.enter_request(
            u[OFFICER], agency=u["scjg"], channel=Channel.LETTER, requester_kind="legal_service",
            requester_name="广东某律师事务所", description=text, signed_for_on=day,
        )  # fmt: skip
