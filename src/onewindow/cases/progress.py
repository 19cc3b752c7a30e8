"""Progress at a glance (办件进度): a case as an ordered list of steps, what the applicant must do
now, and the public lookup by case number plus the code printed on the acceptance notice.

``steps`` is the one home of the step list: the case page, the API, "my cases", the citizen's
own page and the public lookup all read it. The public view (``detail=False``) carries no
personal data and no opinion text: the item, the steps with their dates and departments, and
the due date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onewindow.accounts.identity import throttle
from onewindow.accounts.models import User
from onewindow.cases import clocks, output_window
from onewindow.cases.errors import CaseNotFound
from onewindow.cases.models import (
    OPEN_STATUSES,
    Case,
    ClockPause,
    DeliveryMethod,
    Outcome,
    PauseReason,
    ReviewTask,
    Status,
    TaskStage,
    TaskStatus,
)
from onewindow.cases.waiting import FINISHED_STATUSES, Action, actions, due_of
from onewindow.certificates import codes
from onewindow.core.clock import WorkingCalendar

logger = logging.getLogger(__name__)

LOOKUP_PER_ADDRESS = "progress_try_address"
LOOKUP_PER_NUMBER = "progress_try_number"

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"
# Review stages shown before the decision; benefits (高层次人才 etc.) come after it.
_REVIEW_STAGES = (TaskStage.REVIEW, TaskStage.INSPECTION, TaskStage.NOTICE)


@dataclass(frozen=True)
class Step:
    """One line of the step list. ``state``: done, current or upcoming; ``tone``: "ok", "stop"
    (refused, denied, withdrawn) or "wait" (waiting for the applicant). The running stage's
    due date is on ``Progress``; a step has its own only where it differs (a benefit's)."""

    key: str
    title: str
    state: str
    on: date | None = None
    department: str = ""
    result: str = ""
    tone: str = ""
    opinion: str = ""  # the department's opinion as the applicant reads it; never public
    conditions: str = ""
    note: str = ""
    due: date | None = None
    provisional: bool = False


@dataclass(frozen=True)
class Progress:
    number: str
    item: str
    status: str
    status_label: str
    steps: list[Step]
    due: date | None
    due_label: str
    provisional: bool
    card: str
    finished: bool
    actions: list[Action] = field(default_factory=list)

    @property
    def current(self) -> Step | None:
        return next((s for s in self.steps if s.state == CURRENT), None)


def _card(case: Case) -> str:
    return "red" if case.red_at else "yellow" if case.yellow_at else ""


def _local(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def steps(case: Case, viewer: User | None = None, *, detail: bool | None = None) -> Progress:
    """The case's steps in order. With ``detail`` (default: ``viewer`` is the applicant or an
    official who sees the case) each review carries its opinion, and the applicant's actions
    are listed; without, only what the public lookup shows."""
    if detail is None:
        detail = viewer is not None and viewer.is_authenticated
    tasks = list(
        ReviewTask.objects.filter(case=case)
        .exclude(status__in=[TaskStatus.REOPENED, TaskStatus.CANCELLED])
        .select_related("department", "benefit_item")
        .order_by("opened_at", "pk")
    )
    corrections = list(case.corrections.order_by("issued_at", "pk"))
    pauses = list(case.pauses.order_by("started_on", "pk"))
    provisional = clocks.provisional_dates(case, WorkingCalendar())
    lead = case.lead_department.display_name
    rows: list[Step] = [
        Step(
            "submitted",
            _("Application submitted"),
            DONE,
            on=_local(case.submitted_at),
            tone="ok",
        )
    ]
    for notice in corrections:
        answered = notice.answered_at is not None
        rows.append(
            Step(
                "correction",
                _("Correction requested"),
                DONE if answered else CURRENT,
                on=_local(notice.issued_at),
                department=lead,
                result=_("Corrected materials sent")
                if answered
                else _("Waiting for your corrected materials"),
                tone="ok" if answered else "wait",
            )
        )
    due, due_label, due_provisional = due_of(case, provisional)
    if case.status == Status.REFUSED:
        rows.append(
            Step(
                "refused",
                _("Not accepted"),
                DONE,
                on=_local(case.closed_at),
                department=lead,
                tone="stop",
            )
        )
    elif case.accepted_on:
        rows.append(
            Step(
                "accepted",
                pgettext("progress step", "Accepted"),
                DONE,
                on=case.accepted_on,
                department=lead,
                result=_("By operation of law") if case.accepted_by_law else "",
                tone="ok",
            )
        )
    elif case.status == Status.SUBMITTED:
        rows.append(
            Step(
                "intake",
                _("Intake check"),
                CURRENT,
                department=lead,
            )
        )
    elif case.status != Status.WITHDRAWN:
        rows.append(Step("intake", _("Acceptance"), UPCOMING, department=lead))

    reviews = [t for t in tasks if t.stage in _REVIEW_STAGES]
    benefits = [t for t in tasks if t.stage == TaskStage.BENEFIT]
    rows.extend(_task_step(case, task, detail, pauses) for task in reviews)
    undecided = case.status in OPEN_STATUSES and case.status != Status.AWAITING_DECISION
    if not reviews and undecided and not case.decided_on:
        rows.append(Step("reviews", _("Review by the departments"), UPCOMING, department=lead))

    if case.decided_on:
        rows.append(
            Step(
                "decision",
                pgettext("progress step", "Decision"),
                DONE,
                on=case.decided_on,
                department=lead,
                result=(
                    (
                        pgettext("progress step", "Granted")
                        if case.outcome == Outcome.GRANTED
                        else pgettext("progress step", "Denied")
                    )
                    if detail
                    else _("Decision made")
                ),
                tone="stop" if detail and case.outcome == Outcome.DENIED else "ok",
            )
        )
    elif case.status in OPEN_STATUSES:
        current = case.status == Status.AWAITING_DECISION
        rows.append(
            Step(
                "decision",
                pgettext("progress step", "Decision"),
                CURRENT if current else UPCOMING,
                department=lead,
            )
        )
    rows.extend(_task_step(case, task, detail, pauses) for task in benefits)

    if case.delivered_at:
        method = DeliveryMethod(case.delivery_method).label if case.delivery_method else ""
        rows.append(
            Step(
                "delivery",
                _("Result delivered"),
                DONE,
                on=_local(case.delivered_at),
                result=str(method) if detail else "",
                tone="ok",
            )
        )
    elif case.status == Status.AWAITING_DELIVERY:
        rows.append(
            Step(
                "delivery",
                _("Delivery or collection"),
                CURRENT,
                department=output_window.delivering_departments(case)[-1].display_name,
            )
        )
    elif case.status in OPEN_STATUSES and case.outcome != Outcome.DENIED:
        rows.append(Step("delivery", _("Delivery or collection"), UPCOMING))

    if case.status == Status.WITHDRAWN:
        rows.append(
            Step(
                "withdrawn",
                pgettext("progress step", "Withdrawn"),
                DONE,
                on=_local(case.closed_at),
                tone="stop",
            )
        )
    elif case.status == Status.CONCLUDED:
        rows.append(
            Step(
                "concluded",
                pgettext("progress step", "Concluded"),
                DONE,
                on=_local(case.closed_at),
                tone="ok",
            )
        )

    return Progress(
        number=case.number,
        item=case.item.display_name,
        status=case.status,
        status_label=str(case.get_status_display()),
        steps=rows,
        due=due,
        due_label=due_label,
        provisional=due_provisional,
        card=_card(case),
        finished=case.status in FINISHED_STATUSES,
        actions=actions(case) if detail else [],
    )


def _task_step(case: Case, task: ReviewTask, detail: bool, pauses: list[ClockPause]) -> Step:
    """One department's part (并联办理): its stage, state, date and, in detail, its opinion."""
    stage = TaskStage(task.stage).label
    title = str(stage)
    if task.benefit_item_id:
        title = f"{stage} · {task.benefit_item.display_name}"
    if task.is_open:
        waiting = task.status == TaskStatus.WAITING or any(
            p.task_id == task.pk and p.ended_on is None and p.kind == PauseReason.SUPPLEMENT
            for p in pauses
        )
        return Step(
            "review",
            title,
            CURRENT,
            department=task.department.display_name,
            result=_("Waiting for your supplement") if waiting else _("In progress"),
            tone="wait" if waiting else "",
            # A benefit has its own limit; a review runs to the case's promised date (shown once).
            due=task.due_on if task.benefit_item_id else None,
        )
    denied = task.status == TaskStatus.DENIED
    result = TaskStatus(task.status).label if detail else pgettext("progress step", "Finished")
    return Step(
        "review",
        title,
        DONE,
        on=_local(task.completed_at),
        department=task.department.display_name,
        result=str(result),
        tone="stop" if detail and denied else "ok",
        opinion=task.opinion if detail else "",
        conditions=task.conditions if detail else "",
    )


# --- the public lookup -----------------------------------------------------------------------


class ProgressNotFound(CaseNotFound):
    """No case with that number and code: the same answer for a wrong number and a wrong code."""

    def __init__(self):
        self.number = ""
        Exception.__init__(
            self,
            _(
                "No application matches this case number and verification code. Check both "
                "against your acceptance notice."
            ),
        )


def code_of(case: Case) -> str:
    """The code as printed: K7P2Q-XM9RT."""
    return codes.grouped(case.progress_code) if case.progress_code else ""


def lookup(number: str, code: str, client: str) -> Progress:
    """办件进度查询 without signing in: the public step list of case ``number`` if ``code``
    matches. Failed attempts are counted per client address and per case number
    (``throttle.RateLimited`` past the limit); nothing personal is recorded."""
    number = (number or "").strip()[:32]
    pairs = ((LOOKUP_PER_ADDRESS, client), (LOOKUP_PER_NUMBER, number))
    throttle.refuse_if_over(*pairs)
    case = (
        Case.objects.select_related("item", "lead_department", "instance__service_centre")
        .filter(number=number)
        .first()
        if number
        else None
    )
    if not codes.matches(code, case.progress_code if case else None):
        logger.info("progress lookup: no match")
        throttle.check(*pairs)
        raise ProgressNotFound()
    logger.info("progress lookup: found %s", case.number)
    return steps(case, None, detail=False)
