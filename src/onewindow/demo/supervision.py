"""Demo e-supervision: cases whose clocks are near and past due, with their yellow and red
cards, and 好差评 ratings, good and poor, with rectifications open, overdue and answered.

The cards are earned, not written: each case is filed, accepted and reviewed through the real
services on a working day found in the calendar some working days ago (the clock is moved there
with ``time_machine``, so every timestamp, due date and audit entry is the one a real filing
that day would have), and then the e-supervision sweep the scheduler runs (``onewindow
sweep-cases``, ``cases.services.refresh_flags``) stamps the cards as of today. Ratings are
given the same way, spread over the last months so the statistics have a trend.

Each case is made once (its idempotency key finds it again); running the demo again only runs
the sweep again, as the scheduler would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from onewindow.accounts.models import User
from onewindow.cases import ratings, services
from onewindow.cases.models import Case, Rating, Rectification, Status
from onewindow.catalog.models import ServiceItem
from onewindow.core.clock import WorkingCalendar
from onewindow.demo.window import _application
from onewindow.payments.models import FeeNotice


@dataclass(frozen=True)
class Officials:
    clerk: str
    reviewer: str
    head: str


AMR = Officials("amr_clerk", "amr_reviewer", "amr_head")
EXIT = Officials("exit_clerk", "exit_reviewer", "exit_head")


@dataclass(frozen=True)
class Running:
    """An open case accepted ``ago`` working days ago; ``reviewed`` waits for the decision."""

    key: str
    item: str
    applicant: str
    officials: Officials
    ago: int
    reviewed: bool = False


# Promised limits: 440100-SCJG-XK-315 and -GG-314 five working days, 440100-CRJ-XK-225 seven.
# A yellow card comes at 80 % of the promised time used, a red one the day after the due date.
RUNNING = [
    Running("demo-card-red-review", "440100-SCJG-XK-315", "enterprise", AMR, ago=8),
    Running("demo-card-red-decision", "440100-SCJG-GG-314", "citizen", AMR, ago=7, reviewed=True),
    Running("demo-card-yellow-review", "440100-CRJ-XK-225", "citizen", EXIT, ago=6),
    Running("demo-card-yellow-amr", "440100-SCJG-XK-306", "enterprise", AMR, ago=4),
]


@dataclass(frozen=True)
class Rated:
    """A case decided and then rated ``ago`` working days ago."""

    key: str
    item: str
    applicant: str
    officials: Officials
    ago: int
    score: int
    problems: tuple[str, ...] = ()
    comment: str = ""
    answer: tuple[str, str, str] | None = None  # findings, actions, reply


RATED = [
    Rated(
        "demo-rating-1",
        "440100-SCJG-GG-314",
        "citizen",
        AMR,
        105,
        5,
        comment="窗口指引清楚，当天就受理了。",
    ),
    Rated("demo-rating-2", "440100-SCJG-XK-315", "enterprise", AMR, 90, 4),
    Rated(
        "demo-rating-3",
        "440100-CRJ-XK-225",
        "citizen",
        EXIT,
        80,
        5,
        comment="网上办理很方便，不用跑腿。",
    ),
    Rated(
        "demo-rating-4",
        "440100-SCJG-GG-314",
        "citizen",
        AMR,
        60,
        2,
        problems=("materials", "trips"),
        comment="材料清单写得不清楚，补了两次材料才通过。",
        answer=(
            "经回访核实，办事指南中“经营场所使用证明”的要求表述不清，导致申请人两次补正。",
            "已修改办事指南并补充示例；窗口人员已就一次性告知要求开展培训。",
            "感谢您的反馈。我们已核实并修改了办事指南中的材料说明，今后将一次性告知所需材料。给您带来不便，深表歉意。",
        ),
    ),
    Rated("demo-rating-5", "440100-SCJG-GG-314", "citizen", AMR, 45, 3),
    Rated(
        "demo-rating-6",
        "440100-CRJ-XK-225",
        "citizen",
        EXIT,
        30,
        1,
        problems=("slow", "attitude"),
        comment="等了很久没有人答复，电话也打不通。",
    ),
    Rated("demo-rating-7", "440100-SCJG-XK-315", "enterprise", AMR, 20, 5, comment="审批很快。"),
    Rated(
        "demo-rating-8",
        "440100-SCJG-GG-314",
        "citizen",
        AMR,
        3,
        2,
        problems=("website",),
        comment="网页上传材料时多次失败。",
    ),
]


def _working_day_ago(days: int, calendar: WorkingCalendar, today: date) -> date:
    """The working day ``days`` working days before ``today`` (counted as the clock counts)."""
    day = today
    while True:
        day -= timedelta(days=1)
        if calendar.is_working_day(day) and calendar.working_days_between(day, today)[0] >= days:
            return day


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _next_working_day(day: date, calendar: WorkingCalendar) -> date:
    return calendar.add_working_days(day, 1).date


def _file_and_accept(key: str, item_code: str, applicant: User, officials: Officials) -> Case:
    item = ServiceItem.objects.get(code=item_code)
    form, uploads = _application(item)
    for name, value in form.items():  # an employer's or a person's code the form asks for
        if value == "" and "uscc" in name:
            form[name] = User.objects.get(username="enterprise").uscc
        elif value == "" and "id_number" in name:
            form[name] = User.objects.get(username="citizen").id_number
    case = services.submit(
        applicant=applicant, item_code=item_code, form=form, uploads=uploads, idempotency_key=key
    )
    return services.accept(number=case.number, actor=User.objects.get(username=officials.clerk))


def _review(case: Case, officials: Officials) -> None:
    reviewer = User.objects.get(username=officials.reviewer)
    for task in case.tasks.filter(status="open"):
        services.approve(task_id=task.pk, actor=reviewer, opinion="材料齐全，符合条件。")


def _running(spec: Running, calendar: WorkingCalendar, today: date) -> bool:
    if Case.objects.filter(idempotency_key=spec.key).exists():
        return False
    day = _working_day_ago(spec.ago, calendar, today)
    applicant = User.objects.get(username=spec.applicant)
    with time_machine.travel(_at(day, 10)):
        case = _file_and_accept(spec.key, spec.item, applicant, spec.officials)
    if spec.reviewed:
        with time_machine.travel(_at(_next_working_day(day, calendar), 11)):
            _review(case, spec.officials)
    return True


def _rated(spec: Rated, calendar: WorkingCalendar, today: date) -> bool:
    if Case.objects.filter(idempotency_key=spec.key).exists():
        return False
    rated_on = _working_day_ago(spec.ago, calendar, today)
    filed_on = _working_day_ago(spec.ago + 3, calendar, today)
    applicant = User.objects.get(username=spec.applicant)
    with time_machine.travel(_at(filed_on, 9)):
        case = _file_and_accept(spec.key, spec.item, applicant, spec.officials)
    with time_machine.travel(_at(_next_working_day(filed_on, calendar), 10)):
        _review(case, spec.officials)
        case = services.decide(
            number=case.number, actor=User.objects.get(username=spec.officials.head)
        )
        clerk = User.objects.get(username=spec.officials.clerk)
        for notice in FeeNotice.objects.filter(case_number=case.number, status="due"):
            services.record_fee_payment(
                number=case.number,
                actor=clerk,
                reference=notice.reference,
                amount=str(notice.amount),
                receipt_number=f"GZFS2026{200000 + case.pk}",
            )
        # Delivered online the same day, so its delivery clock stops.
        services.deliver(number=case.number, actor=clerk, method="online")
    with time_machine.travel(_at(rated_on, 16)):
        rating = ratings.rate(
            number=case.number,
            applicant=applicant,
            score=spec.score,
            problems=list(spec.problems),
            comment=spec.comment,
        )
    if spec.answer is not None:
        findings, actions, reply = spec.answer
        answered_on = _next_working_day(_next_working_day(rated_on, calendar), calendar)
        with time_machine.travel(_at(answered_on, 15)):
            ratings.answer_rectification(
                rectification_id=rating.rectification.pk,
                actor=User.objects.get(username=spec.officials.head),
                findings=findings,
                actions=actions,
                reply=reply,
            )
    return True


def ensure() -> dict[str, int]:
    """Idempotent: the demo's running and rated cases, then the scheduler's sweep."""
    calendar = WorkingCalendar()
    today = timezone.localdate()
    made = sum(_running(spec, calendar, today) for spec in RUNNING)
    made += sum(_rated(spec, calendar, today) for spec in RATED)
    services.refresh_flags()  # the card step of `onewindow sweep-cases`, which cron runs hourly
    keys = [spec.key for spec in RUNNING]
    flagged = Case.objects.filter(
        idempotency_key__in=keys, status__in=[Status.IN_REVIEW, Status.AWAITING_DECISION]
    )
    return {
        "made": made,
        "red": flagged.filter(red_at__isnull=False).count(),
        "yellow": flagged.filter(yellow_at__isnull=False, red_at__isnull=True).count(),
        "ratings": Rating.objects.filter(case__idempotency_key__startswith="demo-rating-").count(),
        "open": Rectification.objects.filter(answered_at=None).count(),
        "overdue": sum(r.overdue for r in Rectification.objects.filter(answered_at=None)),
        "answered": Rectification.objects.filter(answered_at__isnull=False).count(),
    }
