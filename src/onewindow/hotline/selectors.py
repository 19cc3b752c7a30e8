"""Reads of tickets, each applying the caller's permissions.

A citizen sees their own tickets; a department's officials the tickets dispatched to their
department; the 12345 centre's operators and dispatchers every ticket; a supervisor the tickets
of their division. Anything else is reported as not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.services import PHONE_INDEX
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import mask_phone, normalize_phone
from onewindow.hotline import authority
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.messages import timeline_text
from onewindow.hotline.models import (
    OPEN_STATUSES,
    QUEUE_STATUSES,
    Assignment,
    Category,
    Kind,
    Status,
    Ticket,
    TicketEvent,
)
from onewindow.hotline.models import Role as AssignmentRole
from onewindow.supervision.models import Matter

_BASE = ("category", "lead_department")


def visible_tickets(user) -> QuerySet[Ticket]:
    """The tickets ``user`` may see; ``authority.hats`` answers the same for one ticket."""
    base = Ticket.objects.select_related(*_BASE)
    if user is None or not user.is_authenticated:
        return base.none()
    if not user.is_official:
        return base.filter(caller=user)
    if authority.is_centre(user):
        return base
    visible = authority.supervisor_filter(user)
    departments = authority.handling_departments(user)
    if departments:
        visible |= Q(
            pk__in=Assignment.objects.filter(
                department_id__in=departments, status__in=authority.LIVE_ASSIGNMENTS
            ).values("ticket_id")
        )
    return base.filter(visible)


def ticket_for(user, number: str) -> Ticket:
    """The ticket ``number`` if ``user`` may see it, with its dispatches; else not found."""
    ticket = visible_tickets(user).filter(number=number).prefetch_related("assignments").first()
    if ticket is None:
        raise TicketNotFound(number)
    return ticket


def co_opinions(user, ticket: Ticket) -> list[Assignment]:
    """The co-handling departments' opinions (协办意见) on ``ticket``, for the officials who see
    it (the lead department, the co-handlers, the centre, the supervisors); none to a citizen."""
    if user is None or not user.is_authenticated or not user.is_official:
        return []
    return list(
        Assignment.objects.filter(
            ticket=ticket, role=AssignmentRole.CO, status__in=authority.LIVE_ASSIGNMENTS
        )
        .exclude(opinion="")
        .select_related("department", "handler")
        .order_by("dispatched_at", "pk")
    )


def visible_list(user, **filters) -> QuerySet[Ticket]:
    """``visible_tickets`` filtered as the queues are, newest first (the API's plain list)."""
    return _filtered(visible_tickets(user), filters).order_by("-received_at", "-pk")


def citizen_tickets(user) -> QuerySet[Ticket]:
    """A citizen's own tickets, newest first."""
    if user is None or not user.is_authenticated:
        return Ticket.objects.none()
    return Ticket.objects.filter(caller=user).select_related(*_BASE).order_by("-received_at")


def _filtered(tickets: QuerySet[Ticket], filters: dict) -> QuerySet[Ticket]:
    status = filters.get("status")
    if status:
        tickets = tickets.filter(status=status)
    if filters.get("category"):
        tickets = tickets.filter(category__code=filters["category"])
    if filters.get("kind"):
        tickets = tickets.filter(kind=filters["kind"])
    if filters.get("department"):
        tickets = tickets.filter(lead_department__code=filters["department"])
    if filters.get("urgent"):
        tickets = tickets.filter(urgent=True)
    if filters.get("escalated"):
        tickets = tickets.filter(escalated=True)
    if filters.get("overdue"):
        tickets = tickets.filter(due_at__lte=filters.get("now") or timezone.now()).filter(
            status__in=(Status.ACCEPTED, Status.DISPATCHED, Status.HANDLING)
        )
    query = (filters.get("q") or "").strip()
    if query:
        tickets = tickets.filter(
            Q(number__startswith=query) | Q(title__icontains=query) | Q(address__icontains=query)
        )
    return tickets


def dispatcher_queue(user, **filters) -> QuerySet[Ticket]:
    """What the 12345 centre has to act on: to take, to dispatch (incl. returned), dispatched but
    not accepted, replies to check, callbacks; urgent and escalated first, then by due time."""
    if not authority.is_centre(user):
        raise PermissionDenied(_("The dispatch queue is for the 12345 hotline's staff."))
    tickets = Ticket.objects.select_related(*_BASE)
    if not filters.get("status"):
        tickets = tickets.filter(
            Q(status__in=QUEUE_STATUSES) | Q(escalated=True, status__in=OPEN_STATUSES)
        )
    return _with_ledger(_filtered(tickets, filters)).order_by(
        "-escalated", "-urgent", F("due_at").asc(nulls_first=True), "received_at", "pk"
    )


# The department inbox, read by key over its partial indexes: ``hotline/inbox.py``.


def caller_history(user, phone: str) -> QuerySet[Ticket]:
    """A caller's earlier tickets by phone number, newest first (the operator's console)."""
    if not authority.is_centre(user):
        raise PermissionDenied(_("Only the 12345 hotline's staff look up callers."))
    key = blind_index(PHONE_INDEX, normalize_phone(phone))
    if not key:
        return Ticket.objects.none()
    return (
        Ticket.objects.filter(caller_phone_index=key)
        .select_related(*_BASE)
        .order_by("-received_at", "-pk")
    )


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("department")


def _step_text(ticket: Ticket, action: str) -> str:
    text = timeline_text(action)
    if action == "not_accepted" and ticket.not_accepted_code:
        return f"{text} {ticket.get_not_accepted_code_display()}"
    if action == "reported":
        return f"{text} {ticket.get_channel_display()}"
    return text


def timeline(user, ticket: Ticket) -> list[dict]:
    """The ticket's steps; a citizen sees the public ones, without the officials' names."""
    events = TicketEvent.objects.filter(ticket=ticket).select_related("actor", "department")
    official = user is not None and user.is_authenticated and user.is_official
    if not official:
        events = events.filter(public=True)
    return [
        {
            "at": event.at,
            "action": event.action,
            "text": _step_text(ticket, event.action),
            "note": event.note,
            "department": event.department,
            # officials' names, to officials; a citizen who acted is never named (privacy)
            "actor": (event.actor.real_name or event.actor.username)
            if official and event.actor and event.actor.is_official
            else "",
            "public": event.public,
        }
        for event in events
    ]


@dataclass(frozen=True)
class CallerView:
    """What one viewer sees of the caller: the name or nothing, the phone whole or masked."""

    name: str
    phone: str
    hidden: bool  # the identity is confidential for this viewer
    may_reveal: bool  # the viewer may call reveal_caller (with a purpose, logged)


def caller_view(user, ticket: Ticket) -> CallerView:
    from onewindow.hotline.services import identity_visible_to_departments

    worn = authority.hats(user, ticket)
    if authority.CITIZEN in worn:
        return CallerView(ticket.caller_name, ticket.caller_phone, False, False)
    centre = bool(worn & (authority.CENTRE | {authority.SUPERVISOR}))
    allowed = centre or identity_visible_to_departments(ticket)
    masked = mask_phone(ticket.caller_phone)
    if ticket.kind == Kind.REPORT and not centre:
        return CallerView(_("Confidential (report)"), "", True, False)
    if not allowed:
        return CallerView(_("Confidential"), masked, True, False)
    return CallerView(_("Shown on request"), masked, False, True)


def ledger_row(ticket: Ticket) -> Matter | None:
    return Matter.objects.filter(kind="ticket", key=ticket.number).first()


def _with_ledger(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Each ticket with the instant its ledger row turns yellow (the ledger's rule, not ours)."""
    rows = Matter.objects.filter(kind="ticket", key=OuterRef("number"))
    return tickets.annotate(ledger_yellow_from=Subquery(rows.values("yellow_from")[:1]))


def deadline_colour(ticket: Ticket, now: datetime | None = None) -> str:
    """ "red" once past due, "yellow" from the ledger's yellow instant, else ""; only while the
    department's clock runs."""
    if ticket.due_at is None or ticket.status not in (
        Status.ACCEPTED,
        Status.DISPATCHED,
        Status.HANDLING,
    ):
        return ""
    now = now or timezone.now()
    if now >= ticket.due_at:
        return "red"
    if not hasattr(ticket, "ledger_yellow_from"):
        row = ledger_row(ticket)
        ticket.ledger_yellow_from = row.yellow_from if row else None
    if ticket.ledger_yellow_from and now >= ticket.ledger_yellow_from:
        return "yellow"
    return ""
