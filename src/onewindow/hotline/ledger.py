"""A ticket's time limit and its row in the e-supervision ledger (kind "ticket", key = number).

The hotline never computes a date itself: it tells ``supervision.services.track`` the unit and
the limit, and copies the ledger's due instant onto the ticket for its lists.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.core.clock import WorkingCalendar
from onewindow.hotline.models import Category, ExtensionStatus, LimitUnit, Ticket
from onewindow.supervision import clocks, kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Matter, State, Unit

KIND = "ticket"
STAGE = "handling"
BULK_BATCH = 500  # rows per bulk UPDATE of the calendar recompute


def register_kind() -> None:
    """The ledger's names for a 12345 ticket and its stages (``reopen`` numbers them)."""
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "12345 ticket"),
        stages={
            STAGE: pgettext_lazy("stage of a supervised ticket", "Handling"),
            "reopened-1": pgettext_lazy("stage of a supervised ticket", "Reopened once"),
            "reopened-2": pgettext_lazy("stage of a supervised ticket", "Reopened twice"),
        },
    )


def limit_for(category: Category, *, urgent: bool, start: datetime) -> tuple[str, int]:
    """The unit and limit of a ticket of ``category`` taken at ``start``.

    An urgent ticket is answered the same day (国办发〔2020〕53号: 紧急诉求 当日办结): the
    category's urgent hours, cut at the end of the day it was taken (at least one hour).
    """
    if urgent:
        local = timezone.localtime(start)
        midnight = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time.min))
        left = int((midnight - local).total_seconds() // 3600)
        return Unit.HOURS, max(1, min(category.urgent_hours, left))
    unit = Unit.HOURS if category.limit_unit == LimitUnit.HOURS else Unit.WORKING_DAYS
    return unit, category.limit


def _link(number: str) -> str:
    try:
        return reverse("workbench:hotline-ticket", args=[number])
    except NoReverseMatch:
        return ""


def current(ticket: Ticket) -> Matter | None:
    return Matter.objects.filter(kind=KIND, key=ticket.number).first()


def track(
    ticket: Ticket,
    *,
    department: Department,
    started_at: datetime | None = None,
    stage: str | None = None,
    handler=None,
) -> Matter:
    """Register the ticket's clock or bring it up to date; the ticket's ``due_at`` follows.

    Without ``started_at``/``stage`` the current clock goes on (its start, stage and cards kept);
    extensions approved since the clock started add to the limit.
    """
    matter = current(ticket)
    if started_at is None:
        started_at = matter.started_at if matter else ticket.accepted_at
    if stage is None:
        stage = matter.stage if matter else STAGE
    unit, limit = limit_for(ticket.category, urgent=ticket.urgent, start=started_at)
    extended = sum(
        ticket.extensions.filter(
            status=ExtensionStatus.APPROVED, decided_at__gte=started_at
        ).values_list("amount", flat=True)
    )
    matter = supervision.track(
        kind=KIND,
        key=ticket.number,
        title=ticket.title,
        title_en=ticket.category.name_en,
        department=department,
        division_code=ticket.division_code,
        started_at=started_at,
        unit=unit,
        limit=limit,
        extended=extended,
        stage=stage,
        link=_link(ticket.number),
        handler=handler,
    )
    ticket.due_at = matter.due_at
    return matter


def close(ticket: Ticket, at: datetime) -> None:
    supervision.close(kind=KIND, key=ticket.number, at=at)


def recompute_after_calendar_change(sender, actor=None, **kwargs) -> int:
    """An administrator edited the working calendar: every running ticket counted in working
    days gets its due date again from ``core.clock`` (its start, limit, extensions, stage,
    cards, department and handler kept), in the edit's transaction. Tickets in hours do not
    move. Answers how many tickets moved.

    Set-based, as the cases' recompute: the tickets are locked in one statement, the new
    instants computed once per distinct (start day, limit + extended, paused) with
    ``supervision.clocks`` (the same function ``supervision.services.track`` uses), and the
    ledger rows and the tickets that moved written by a few bulk UPDATEs.
    """
    running = Matter.objects.filter(
        kind=KIND, unit=Unit.WORKING_DAYS, state__in=(State.OPEN, State.PAUSED)
    )
    tickets = dict(  # number -> id, locked in id order like every ticket write
        Ticket.objects.filter(number__in=running.values("key"))
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("number", "pk")
    )
    if not tickets:
        return 0
    matters = list(
        running.filter(key__in=list(tickets)).only(
            "key", "started_at", "unit", "limit", "extended", "paused",
            "yellow_from", "due_at", "due_on", "provisional",
        )
    )  # fmt: skip
    calendar = WorkingCalendar()
    computed: dict[tuple, clocks.Instants] = {}
    now = timezone.now()
    moved_matters, moved_tickets = [], []
    for matter in matters:
        group = (
            timezone.localdate(matter.started_at),
            matter.limit + matter.extended,
            matter.paused,
        )
        when = computed.get(group)
        if when is None:
            when = computed[group] = clocks.instants(
                started_at=matter.started_at,
                unit=matter.unit,
                limit=matter.limit,
                extended=matter.extended,
                paused=matter.paused,
                calendar=calendar,
            )
        if (matter.yellow_from, matter.due_at, matter.due_on, matter.provisional) == (
            when.yellow_from,
            when.due_at,
            when.due_on,
            when.provisional,
        ):
            continue
        matter.yellow_from, matter.due_at = when.yellow_from, when.due_at
        matter.due_on, matter.provisional = when.due_on, when.provisional
        matter.updated_at = now
        moved_matters.append(matter)
        moved_tickets.append(Ticket(pk=tickets[matter.key], due_at=when.due_at))
    Matter.objects.bulk_update(
        moved_matters,
        ["yellow_from", "due_at", "due_on", "provisional", "updated_at"],
        batch_size=BULK_BATCH,
    )
    Ticket.objects.bulk_update(moved_tickets, ["due_at"], batch_size=BULK_BATCH)
    return len(moved_tickets)
