"""Demo citizens' proposals (市民建议): one over the threshold answered by 城管 (cg_officer), one
waiting for 住建局's answer with its due date in the ledger (and supports from a burst of new
accounts flagged for the moderator), one awaiting moderation, and a duplicate merged into the
first.

Everything goes through the real services on the day it happened (the clock is moved there
with ``time_machine``), relative to today, so the answer clock, audit entries and ledger rows
are those a real proposal would have. The demo publishes with a threshold of
``DEMO_THRESHOLD`` supports (kept on each proposal), so a handful of demo supporters reach it.
Each proposal is made once: its title finds it again.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import time_machine
from django.test import override_settings
from django.utils import timezone

from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.models import User
from onewindow.core.identifiers import generate_id_number
from onewindow.participation.models import AnswerKind, Proposal
from onewindow.participation.services import proposals as services
from onewindow.participation.services import proposals_moderation as moderation
from onewindow.registry import services as registry_services

DEMO_THRESHOLD = 5
SUPPORTERS = 8  # verified residents registered on different days of 2025
BURST = 3  # and three registered within minutes of each other, the night before they support
_rng = random.Random(20261206)  # noqa: S311 - fixed seed: the same demo data on every run

ANSWERED = "在地铁站出入口划设共享单车停放区"
WAITING = "简化老旧小区加装电梯的审批手续"
PENDING = "在二沙岛滨江路段增设夜跑照明"
DUPLICATE = "地铁口共享单车乱停放问题"
TITLES_EN = {
    ANSWERED: "Mark shared-bike parking bays at metro exits",
    WAITING: "Simplify approval of lifts added to old residential buildings",
    PENDING: "Light the riverside running path on Ersha Island",
    DUPLICATE: "Shared bikes parked everywhere at metro exits",
}


def _at(day: date, hour: int = 10, minute: int = 0) -> time_machine.travel:
    moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return time_machine.travel(moment, tick=False)


def _resident(username: str, name: str, number: int, password: str, joined: datetime) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    id_number = generate_id_number("440106", date(1970 + number, 5, 20), rng=_rng)
    registry_services.save_person(id_number, name, household_address="广州市天河区 演示地址")
    with time_machine.travel(joined, tick=False):
        return identity_services.register_citizen(
            username=username,
            password=password,
            real_name=name,
            id_number=id_number,
            phone=f"1370030{number:04d}",
        )


def _residents(password: str, today: date) -> tuple[list[User], list[User]]:
    regular = [
        _resident(
            f"supporter{n}",
            f"支持者{n}",
            n,
            password,
            timezone.make_aware(datetime(2025, 1, 6, 9)) + timedelta(days=23 * n),
        )
        for n in range(1, SUPPORTERS + 1)
    ]
    night = timezone.make_aware(datetime.combine(today - timedelta(days=6), time(2, 10)))
    burst = [
        _resident(f"burst{n}", f"新账户{n}", 50 + n, password, night + timedelta(minutes=3 * n))
        for n in range(1, BURST + 1)
    ]
    return regular, burst


def _propose(author: User, day: date, title: str, **data) -> Proposal:
    with _at(day, 9):
        return services.propose(
            author, title=title, title_en=TITLES_EN[title], address="198.51.100.20", **data
        )


def _publish(moderator: User, proposal: Proposal, day: date) -> None:
    with _at(day, 11), override_settings(ONEWINDOW_PROPOSAL_THRESHOLD=DEMO_THRESHOLD):
        moderation.publish(moderator, proposal.number)


def _support(users, proposal: Proposal, day: date) -> None:
    for n, user in enumerate(users):
        with _at(day, 12, n):
            services.support(user, proposal.number, address=f"203.0.113.{10 + n}")


def ensure(password: str) -> dict:
    """Make the demo proposals (safe to run again); what was made."""
    if Proposal.objects.filter(title=ANSWERED).exists():
        return {"made": 0}
    today = timezone.localdate()
    u = {name: User.objects.get(username=name) for name in ("citizen", "moderator", "cg_officer")}
    regular, burst = _residents(password, today)
    # 城管: published five weeks ago, a duplicate merged in, over the threshold, answered.
    answered = _propose(
        u["citizen"], today - timedelta(days=36), ANSWERED,
        body="体育西路、岗顶等地铁站出入口共享单车堆放占用盲道，建议划设停放区并安排定时清理。",
        category="city_management", district="440106",
    )  # fmt: skip
    _publish(u["moderator"], answered, today - timedelta(days=35))
    _support(regular[:3], answered, today - timedelta(days=33))
    duplicate = _propose(
        regular[3], today - timedelta(days=32), DUPLICATE,
        body="早晚高峰地铁口单车乱停，行人难以通行。",
        category="city_management", district="440106",
    )  # fmt: skip
    _publish(u["moderator"], duplicate, today - timedelta(days=31))
    _support(regular[4:5], duplicate, today - timedelta(days=30))
    with _at(today - timedelta(days=29), 15):
        moderation.merge(u["moderator"], duplicate.number, into=answered.number)
    with _at(today - timedelta(days=14), 16):
        services.answer(
            u["cg_officer"], answered.number, kind=AnswerKind.PLANNED,
            text="感谢您的建议。我局已会同天河区对主要地铁站出入口进行排查，将分批施划停放区。",
            text_en="Thank you. With Tianhe District we surveyed the main metro exits and will "
            "mark parking bays in stages.",
            action="2027年第一季度前完成天河区12个地铁站出入口停放区施划",
        )  # fmt: skip
    # 住建局: published three weeks ago, over the threshold ten days ago, answer due.
    waiting = _propose(
        regular[0], today - timedelta(days=22), WAITING,
        body="加装电梯需要多个部门盖章，流程长。建议推行一窗受理、并联审批，并公布办理时限。",
        category="housing", district="440104",
    )  # fmt: skip
    _publish(u["moderator"], waiting, today - timedelta(days=21))
    _support(regular[1:6], waiting, today - timedelta(days=10))
    _support(burst, waiting, today - timedelta(days=5))  # flagged: accounts made within minutes
    # awaiting moderation
    pending = _propose(
        regular[5], today - timedelta(days=1), PENDING,
        body="二沙岛滨江步道晚上照明不足，夜跑人多，建议增设低位照明。",
        category="city_management", district="440104",
    )  # fmt: skip
    waiting.refresh_from_db()
    return {
        "made": 4,
        "answered": answered.number,
        "waiting": waiting.number,
        "due_on": waiting.answer_due_on,
        "pending": pending.number,
        "merged": duplicate.number,
        "flagged": waiting.flagged_count,
    }
