"""A disclosure request's reply clock and its row in the e-supervision ledger (kind
"disclosure-request", key = the request number).

政府信息公开条例 Art. 33: reply within 20 working days of receipt (Art. 31 fixes the day of
receipt), one extension of at most 20 working days. Art. 30: a supplement notice stops the
clock and the supplemented request restarts it (a new clock, received again). Art. 32: the
time a third party is consulted is not counted; so is the time a fee notice waits for payment
(国办函〔2020〕109号). The request never computes its date itself: it tells
``supervision.services.track`` the limit, extension and paused working days, and copies the
ledger's due date onto ``Request.due_on`` for its lists.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from onewindow.core.clock import WorkingCalendar, WorkingDays
from onewindow.disclosure.models import Request, RequestDetail
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Matter, State, Unit

KIND = "disclosure-request"
STAGE = "reply"
REPLY_LIMIT = WorkingDays(20)  # 政府信息公开条例 Art. 33 para. 2
MAX_EXTENSION = WorkingDays(20)  # Art. 33 para. 2: one extension, at most 20 working days


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Disclosure request"),
        stages={STAGE: pgettext_lazy("stage of a supervised disclosure request", "Reply")},
    )


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _link(number: str) -> str:
    try:
        return reverse("workbench:disclosure-request", args=[number])
    except NoReverseMatch:
        return ""


def track(request, detail, *, paused: bool | None = None) -> None:
    """Register the request's reply clock or bring it up to date; ``due_on`` follows."""
    when = supervision.track(
        kind=KIND,
        key=request.number,
        title=request.description[:60],
        title_en="",
        department=request.agency_id,
        division_code=request.agency.division_id,
        started_at=start_of(request.received_on),
        unit=Unit.WORKING_DAYS,
        limit=REPLY_LIMIT.days,
        extended=request.extended_days,
        paused=detail.paused_days,
        clock_paused=detail.clock_paused if paused is None else paused,
        stage=STAGE,
        link=_link(request.number),
    )
    request.due_on = when.due_on


def close(request, at: datetime | None = None) -> None:
    supervision.close(kind=KIND, key=request.number, at=at)


def paused_working_days(started_on: date, resumed_on: date, calendar: WorkingCalendar) -> int:
    """Working days from the first paused day up to (not including) the day the clock resumes
    (the same count as a case's pause, ``cases.clocks.paused_working_days``)."""
    if resumed_on <= started_on:
        return 0
    count, _provisional = calendar.working_days_between(
        started_on - timedelta(days=1), resumed_on - timedelta(days=1)
    )
    return count


def recompute_after_calendar_change(sender, actor=None, **kwargs) -> int:
    """An administrator edited the working calendar: every request whose reply clock runs gets
    its due date again from ``core.clock`` (its receipt, extension and paused days kept), in
    the edit's transaction. Answers how many requests moved."""
    running = Matter.objects.filter(kind=KIND, state__in=(State.OPEN, State.PAUSED))
    requests = (
        Request.objects.filter(number__in=running.values("key"))
        .select_for_update(of=("self",))
        .select_related("agency")
        .order_by("pk")
    )
    moved = 0
    for request in requests:
        detail, _created = RequestDetail.objects.get_or_create(request=request)
        before = request.due_on
        track(request, detail)
        if request.due_on != before:
            Request.objects.filter(pk=request.pk).update(due_on=request.due_on)
            moved += 1
    return moved
