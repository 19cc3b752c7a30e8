"""A department's hotline inbox, soonest due first, one page at a time by key.

The inbox is the tickets a department leads plus those it co-handles (协办). Read as one
``lead OR co-handler`` query, PostgreSQL can walk no index in inbox order and sorts every open
ticket of the department for each page; and OFFSET paging reads every row before the page. So
each part is read on its own, in inbox order, from its own index: the lead department's
tickets from the partial index ``hotline_ticket_inbox_open`` (lead department, due, received,
id WHERE dispatched or handling), range by range; the co-handled ones (a few) by id from their
live assignments (``hotline_assignment_co``), sorted. Each part gives at most a page and a row,
and the page is the first of those by (due, received, id).
A page continues by seeking past the key of the last row shown (keyset paging, as the cases
inbox does: ``cases/inbox.py``), so the hundredth page costs what the first one does.

On PostgreSQL the parts are one statement, ``id IN ((part … LIMIT n) UNION ALL (part … LIMIT
n))``, ordered and cut to n; SQLite allows no ORDER BY or LIMIT inside a compound select, and
there the parts are joined with OR (the demo's size, where a sort costs nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from onewindow.hotline import authority
from onewindow.hotline.models import INBOX_STATUSES, Assignment, Status, Ticket
from onewindow.hotline.models import Role as AssignmentRole
from onewindow.hotline.selectors import _BASE, _filtered, _with_ledger

PAGE_SIZE = 50
COUNT_CAP = 999  # a badge says "more than 999", never a count of a year of tickets

LEAD_STATUSES = (  # a ticket in these has had a lead department's assignment accepted or pending
    Status.DISPATCHED,
    Status.HANDLING,
    Status.REPLIED,
    Status.CALLBACK,
    Status.CLOSED,
    Status.MERGED,
)


def _micros(moment: datetime) -> int:
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _moment(micros: int) -> datetime:
    return datetime.fromtimestamp(micros // 1_000_000, UTC).replace(microsecond=micros % 1_000_000)


@dataclass(frozen=True)
class Key:
    """Where a ticket sits in the inbox's order: due (none last), received, id."""

    due: datetime | None
    received: datetime
    id: int

    @classmethod
    def of(cls, ticket: Ticket) -> Key:
        return cls(ticket.due_at, ticket.received_at, ticket.pk)

    def __str__(self) -> str:
        due = "-" if self.due is None else str(_micros(self.due))
        return f"{due}.{_micros(self.received)}.{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Key | None:
        """The key a paging link carried, or None for anything malformed."""
        try:
            due, received, number = (text or "").split(".")
            key = cls(
                None if due == "-" else _moment(int(due)), _moment(int(received)), int(number)
            )
        except (ValueError, OverflowError, OSError):
            return None
        return key if 0 < key.id < 2**63 else None  # an id the database's bigint can hold


@dataclass(frozen=True)
class Page:
    rows: list[Ticket]
    next_key: Key | None  # link "next page" with after=next_key
    previous_key: Key | None  # link "previous page" with before=previous_key


def _parts(user, filters: dict) -> list[tuple[Q, bool]]:
    """The inbox's parts: one per lead department, one for the co-handled tickets; each with
    whether it is read range by range from an index in inbox order (a lead department's) or
    sorted whole (the co-handled tickets: a few, reached by id from their assignments).

    Each status condition is stated once per part, so that the planner counts its rows right
    and the lead part matches the partial index's condition.
    """
    departments = authority.handling_departments(user)
    if not departments:
        raise PermissionDenied(_("The hotline inbox is for officials of a department."))
    status = filters.get("status")
    if status:  # _filtered keeps that status only
        lead_status = Q() if status in LEAD_STATUSES else None
        co_status = Q()
    elif filters.get("all"):
        lead_status, co_status = Q(status__in=LEAD_STATUSES), Q()
    else:
        lead_status = co_status = Q(status__in=INBOX_STATUSES)
    parts = []
    if lead_status is not None:
        parts = [(Q(lead_department_id=dept) & lead_status, True) for dept in sorted(departments)]
    # a co-handler's live assignments (hotline_assignment_co: department, status, ticket)
    co = Assignment.objects.filter(
        department_id__in=departments,
        role=AssignmentRole.CO,
        status__in=authority.LIVE_ASSIGNMENTS,
    ).values("ticket_id")
    parts.append((Q(pk__in=co) & co_status, False))
    return parts


def _ranges(key: Key | None, backwards: bool) -> list[tuple[Q, tuple[str, ...]]]:
    """The rows strictly after (or before) ``key`` as ranges each one index can walk, with
    their order: the tickets with a due time, then (due none, last) those without one.

    Each range states its leading column's bound on its own (``due >= d``), so that it is an
    index condition, and the tie-breaks (received, id) inside it.
    """
    due_order = ("-due_at", "-received_at", "-pk") if backwards else ("due_at", "received_at", "pk")
    none_order = due_order[1:]
    gt, gte = ("lt", "lte") if backwards else ("gt", "gte")

    def past(column: str, value, rest: Q) -> Q:
        return Q(**{f"{column}__{gte}": value}) & (Q(**{f"{column}__{gt}": value}) | rest)

    def past_received(k: Key) -> Q:
        return past("received_at", k.received, Q(**{f"pk__{gt}": k.id}))

    dated, undated = Q(due_at__isnull=False), Q(due_at__isnull=True)
    if key is None:
        ranges = [(dated, due_order), (undated, none_order)]
    elif key.due is None:  # the key sits among the undated rows, after every dated one
        ranges = [(undated & past_received(key), none_order)]
        if backwards:
            ranges.append((dated, due_order))
    else:
        gt_received = Q(**{f"received_at__{gt}": key.received})
        tie = gt_received | Q(received_at=key.received, **{f"pk__{gt}": key.id})
        ranges = [(dated & past("due_at", key.due, tie), due_order)]
        if not backwards:
            ranges.append((undated, none_order))
    return ranges


def _keyed(tickets: QuerySet[Ticket], backwards: bool) -> QuerySet[Ticket]:
    if backwards:
        return tickets.order_by(F("due_at").desc(nulls_first=True), "-received_at", "-pk")
    return tickets.order_by(F("due_at").asc(nulls_last=True), "received_at", "pk")


def _candidates(
    parts: list[tuple[Q, bool]], filters: dict, key: Key | None, backwards: bool, size: int
):
    """The page's tickets, unordered: every part's ranges, each one filtered and cut to
    ``size`` (SQLite: the parts and ranges OR-ed, filtered, for the caller to order and cut)."""
    ranges = _ranges(key, backwards)
    beyond = Q()
    for condition, _order in ranges:
        beyond |= condition
    if not connection.features.supports_slicing_ordering_in_compound:  # SQLite: one query
        either = Q()
        for part, _ranged in parts:
            either |= part
        return _filtered(Ticket.objects.filter(either & beyond), filters)
    pieces = []
    for part, ranged in parts:
        tickets = _filtered(Ticket.objects.filter(part), filters)
        if ranged:
            pieces += [tickets.filter(c).order_by(*o).values("pk")[:size] for c, o in ranges]
        else:
            pieces.append(_keyed(tickets.filter(beyond), backwards).values("pk")[:size])
    first, *rest = pieces
    return Ticket.objects.filter(pk__in=first.union(*rest, all=True) if rest else first)


def department_inbox(
    user,
    *,
    after: Key | None = None,
    before: Key | None = None,
    size: int = PAGE_SIZE,
    **filters,
) -> Page:
    """One page of the open tickets dispatched to the user's departments (lead or co-handler),
    soonest due first; ``after`` / ``before`` the key of the row a link continues from.
    ``all`` or a ``status`` reach the lead department's replied and closed ones too."""
    parts = _parts(user, filters)
    backwards = before is not None and after is None
    cursor = before if backwards else after
    tickets = _candidates(parts, filters, cursor, backwards, size + 1).select_related(*_BASE)
    found = list(_keyed(_with_ledger(tickets), backwards)[: size + 1])
    more, found = len(found) > size, found[:size]
    if backwards:
        found.reverse()
    if not found:
        return Page([], None, None)
    first, last = Key.of(found[0]), Key.of(found[-1])
    if backwards:
        return Page(found, next_key=last, previous_key=first if more else None)
    return Page(found, next_key=last if more else None, previous_key=first if cursor else None)


def inbox_count(user, cap: int = COUNT_CAP, **filters) -> int:
    """How many tickets the inbox holds, up to ``cap + 1``: at most ``cap + 1`` ids per part,
    never a count of the department's year of tickets."""
    seen: set[int] = set()
    for part, _ranged in _parts(user, filters):
        ids = _filtered(Ticket.objects.filter(part), filters).order_by().values_list("pk")
        seen.update(pk for (pk,) in ids[: cap + 1])
        if len(seen) > cap:
            break
    return min(len(seen), cap + 1)
