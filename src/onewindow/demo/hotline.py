"""Demo 12345 hotline: the categories, and about forty tickets in every state of the loop.

Each ticket is made through the real services on a working day some working days ago (the
clock is moved there with ``time_machine``), so its timeline, audit entries, notifications and
ledger row are those a real ticket would have. One street-light ticket is past due (a red card
in the ledger once the sweep runs) and one illegal-construction ticket is near it (yellow).
Each ticket is made once (its idempotency key finds it again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from onewindow.accounts.models import User
from onewindow.core.clock import WorkingCalendar
from onewindow.hotline import catalogue, services
from onewindow.hotline.models import ArticleSource, Category, KnowledgeArticle, Ticket

OPERATOR, DISPATCHER, CG = "hotline", "dispatch", "cg_handler"
HANDLERS = {"440100-CG": CG, "440100-SCJG": "amr_reviewer", "440100-GA": "police_reviewer"}
ARTICLE = "answer-social-security-card"


@dataclass(frozen=True)
class Demo:
    key: str
    category: str
    kind: str
    title: str
    description: str
    address: str = ""
    steps: tuple[str, ...] = ()
    ago: int = 0  # working days ago it came in
    citizen: bool = False  # the demo citizen's own (web) ticket, else a phone call
    urgent: bool = False


LIGHT = ("street-light", "help", "路灯不亮", "{}门前路灯连续几晚不亮，行人夜间出行不便。")
RUBBISH = ("rubbish", "complaint", "垃圾清运不及时", "{}垃圾桶已满两天无人清运，气味很大。")
VENDORS = ("street-vendors", "complaint", "占道经营", "{}人行道被摊贩占用，行人只能走机动车道。")
BUILD = ("illegal-construction", "report", "楼顶违法加建", "{}楼顶有人加建铁皮房，请核查。")
NOISE = ("construction-noise", "complaint", "夜间施工噪音", "{}工地晚上十一点后仍在施工。")
REFUND = ("consumer-dispute", "complaint", "商家拒绝退款", "在{}的健身房办卡后闭店，拒绝退款。")
FOOD = ("food-safety", "report", "餐馆卫生问题", "{}一家餐馆后厨卫生很差。")
NEIGH = ("social-noise", "complaint", "邻居深夜噪音", "{}楼上住户每天深夜大声播放音乐。")

PLACES = [  # standard addresses of the registry (registry/data/places.csv), so they geocode
    "荔湾区中山七路42号",
    "天河区体育西路77号",
    "越秀区北京路208号",
    "海珠区江南大道中96号",
    "天河区石牌西路126号",
    "越秀区中山五路217号",
    "天河区员村二横路32号",
    "越秀区梅东路110号",
]


def _demo(n, kind_row, steps, ago, **kwargs) -> Demo:
    category, kind, title, text = kind_row
    place = PLACES[n % len(PLACES)]
    return Demo(
        key=f"demo-hotline-{n:02d}",
        category=category,
        kind=kind,
        title=title,
        description=text.format(place),
        address=place,
        steps=steps,
        ago=ago,
        **kwargs,
    )


TAKE, CG_ON = "take", "dispatch:440100-CG"
HANDLED = (TAKE, CG_ON, "accept")
ANSWERED = (*HANDLED, "reply", "check")
SCENARIOS = [
    # received, waiting to be taken
    _demo(1, LIGHT, (), 0, citizen=True),
    _demo(2, RUBBISH, (), 0),
    _demo(3, VENDORS, (), 0),
    _demo(4, NOISE, (), 0, urgent=True),
    _demo(5, NEIGH, (), 0),
    # not accepted
    _demo(6, ("street-light", "help", "家中起火", "{}家里厨房着火了。"), ("not:fire",), 1),
    _demo(
        7,
        ("government-service", "complaint", "要求重新处理信访事项", "{}信访事项。"),
        ("not:petition",),
        2,
    ),
    _demo(
        8,
        ("government-service", "help", "咨询私人债务纠纷", "{}朋友欠钱不还。"),
        ("not:out_of_scope",),
        1,
    ),
    # accepted, to dispatch (one returned once, one twice and escalated)
    _demo(9, RUBBISH, (TAKE,), 0),
    _demo(10, VENDORS, (TAKE,), 1),
    _demo(11, FOOD, (TAKE, "dispatch:440100-CG", "return"), 1),
    _demo(12, REFUND, (TAKE, "dispatch:440100-CG", "return", "dispatch:440100-GA", "return"), 2),
    _demo(13, NEIGH, (TAKE,), 0),
    # dispatched, the department has not accepted
    _demo(14, LIGHT, (TAKE, CG_ON), 0),
    _demo(15, RUBBISH, (TAKE, CG_ON), 1),
    _demo(16, VENDORS, (TAKE, "dispatch:440100-CG+440100-SCJG"), 1),
    _demo(17, FOOD, (TAKE, "dispatch:440100-SCJG"), 0),
    _demo(18, NEIGH, (TAKE, "dispatch:440100-GA"), 1),
    _demo(19, REFUND, (TAKE, "dispatch:440100-SCJG"), 0, citizen=True),
    # being handled: one overdue (red), one near its limit (yellow), one asking for more time
    _demo(20, LIGHT, HANDLED, 6, citizen=True),
    _demo(21, BUILD, HANDLED, 8),
    _demo(22, RUBBISH, (*HANDLED, "extension"), 1),
    _demo(23, VENDORS, HANDLED, 1),
    _demo(24, FOOD, (TAKE, "dispatch:440100-SCJG", "accept"), 2),
    _demo(25, NEIGH, (TAKE, "dispatch:440100-GA", "accept"), 0),
    _demo(26, LIGHT, (*HANDLED, "extension", "extension_ok"), 3),
    _demo(27, REFUND, (TAKE, "dispatch:440100-SCJG", "accept"), 1),
    # replied, the hotline checks
    _demo(28, LIGHT, (*HANDLED, "reply"), 1),
    _demo(29, RUBBISH, (*HANDLED, "reply"), 0),
    _demo(30, VENDORS, (*HANDLED, "reply", "send_back"), 2),
    # reply sent to the citizen, awaiting the callback (one rated 2 by the citizen)
    _demo(31, LIGHT, ANSWERED, 2, citizen=True),
    _demo(32, RUBBISH, ANSWERED, 3),
    _demo(33, LIGHT, (*ANSWERED, "rate:2"), 3, citizen=True),
    _demo(34, VENDORS, ANSWERED, 1),
    # closed, with their satisfaction; one reopened once before it closed
    _demo(35, LIGHT, (*ANSWERED, "callback:5"), 9, citizen=True),
    _demo(36, RUBBISH, (*ANSWERED, "callback:4"), 7),
    _demo(37, VENDORS, (*ANSWERED, "callback:3"), 6),
    _demo(
        38,
        LIGHT,
        (*ANSWERED, "callback:2", "reopen", "reply", "check", "callback:4"),
        10,
        citizen=True,
    ),
    _demo(39, NOISE, (TAKE, CG_ON, "accept", "reply", "check", "callback:5"), 5),
    # a question answered on the spot from the knowledge base
    _demo(
        40,
        ("government-service", "consultation", "社保卡怎么补办", "社保卡丢了，如何补办？"),
        ("answer",),
        1,
    ),
]


def _at(day: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 30))) + timedelta(minutes=minutes)


def _working_day_ago(days: int, calendar: WorkingCalendar, today: date) -> date:
    day = today
    while days > 0 or not calendar.is_working_day(day):
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return day


def _article() -> None:
    KnowledgeArticle.objects.get_or_create(
        code=ARTICLE,
        defaults={
            "title": "社会保障卡挂失与补办",
            "title_en": "Reporting a lost social security card and getting a new one",
            "body": "可通过“粤省事”或社保经办窗口挂失并申请补办，补卡一般10个工作日内完成。",
            "body_en": "Report the loss in the Yueshengshi app or at a social insurance window "
            "and apply for a new card; it is usually ready within 10 working days.",
            "keywords": "社保卡 补办 挂失",
            "source": ArticleSource.ANSWER,
            "category": Category.objects.filter(code="social-insurance").first(),
        },
    )


def _step(ticket: Ticket, step: str, users: dict[str, User]) -> None:
    number = ticket.number
    name, _, arg = step.partition(":")
    operator, dispatcher = users[OPERATOR], users[DISPATCHER]
    if name == "take":
        services.take(number=number, actor=operator, category=ticket.category.code)
    elif name == "not":
        services.not_accept(number=number, actor=operator, reason=arg)
    elif name == "answer":
        services.answer_on_the_spot(number=number, actor=operator, article_code=ARTICLE)
    elif name == "dispatch":
        lead, *co = arg.split("+")
        services.dispatch(number=number, actor=dispatcher, department=lead, co_departments=co)
    elif name in ("accept", "return", "reply", "extension"):
        ticket.refresh_from_db()
        handler = users[HANDLERS[ticket.lead_department.code]]
        if name == "accept":
            services.accept_dispatch(number=number, actor=handler)
        elif name == "return":
            services.return_dispatch(number=number, actor=handler, reason="不属于本部门职责范围。")
        elif name == "reply":
            services.reply(number=number, actor=handler, reply="已到现场核查并处理完毕。")
        else:
            services.request_extension(
                number=number, actor=handler, amount=2, reason="需协调施工单位，申请延期。"
            )
    elif name == "extension_ok":
        extension = ticket.extensions.get(status="pending")
        services.decide_extension(extension_id=extension.pk, actor=dispatcher, approve=True)
    elif name == "check":
        services.check_reply(number=number, actor=dispatcher, approve=True)
    elif name == "send_back":
        services.check_reply(
            number=number, actor=dispatcher, approve=False, note="请写明处理时间和结果。"
        )
    elif name == "callback":
        services.callback(number=number, actor=operator, score=int(arg))
    elif name == "rate":
        services.rate(number=number, citizen=ticket.caller, score=int(arg), comment="还没修好。")
    elif name == "reopen":
        services.reopen(number=number, actor=operator, reason="市民反映问题仍未解决。")
    else:
        raise ValueError(step)


def _make(spec: Demo, n: int, users, calendar: WorkingCalendar, today: date) -> bool:
    if Ticket.objects.filter(idempotency_key=spec.key).exists():
        return False
    day = _working_day_ago(spec.ago, calendar, today)
    category = Category.objects.get(code=spec.category)
    caller = users["citizen"] if spec.citizen else None
    # a ticket of today made before 9:30 (a demo loaded at night) came in a moment ago instead
    earliest_step = timezone.now() - timedelta(minutes=len(spec.steps) + 2)
    with time_machine.travel(min(_at(day, n), earliest_step), tick=False):
        ticket = services.report(
            channel="web" if spec.citizen else "phone",
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            caller=caller,
            caller_name="" if caller else "陈先生",
            caller_phone="" if caller else f"1390000{n:04d}",
            address=spec.address,
            category=category,
            urgent=spec.urgent,
            operator=None if caller else users[OPERATOR],
            idempotency_key=spec.key,
        )
    offset = 0  # working days after the day it came in
    for index, step in enumerate(spec.steps, start=1):
        if step.startswith(("reply", "callback", "rate", "reopen")):
            offset += 1  # the department answers, the citizen is called back, a day later
        on = calendar.add_working_days(day, offset).date if offset else day
        when = _at(min(on, today), n + 20 * index)
        latest = timezone.now() - timedelta(minutes=len(spec.steps) - index + 1)
        with time_machine.travel(min(when, latest), tick=False):
            _step(ticket, step, users)
    return True


def ensure() -> dict[str, int]:
    """Load the categories and make the demo tickets; returns how many were made."""
    catalogue.load()
    _article()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["citizen", OPERATOR, DISPATCHER, CG, *HANDLERS.values()]
        )
    }
    calendar = WorkingCalendar()
    today = timezone.localdate()
    made = sum(_make(spec, n, users, calendar, today) for n, spec in enumerate(SCENARIOS, 1))
    return {
        "made": made,
        "tickets": Ticket.objects.filter(idempotency_key__startswith="demo-hotline-").count(),
    }
