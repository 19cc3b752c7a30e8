"""Reads of the ledger, with permissions: the supervision pages, drill-downs, API and counts.

Nothing here reads a module's own tables: a matter row carries its title, link, department,
division and group (a case's service item, a ticket's category) itself. A supervisor sees the
matters of the divisions they watch (their departments' divisions and every one under them);
any other official the matters of their own departments; nobody else anything.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.core.localized import english_active, localized
from onewindow.supervision import kinds
from onewindow.supervision.divisions import prefix
from onewindow.supervision.models import Card, Labels, Matter, State

PAGE_SIZE = 50
MAX_ROWS = 200
LIVE = (State.OPEN, State.PAUSED)


@dataclass(frozen=True, slots=True)
class ListedDepartment:
    """What a list row shows of the department responsible for the matter."""

    code: str
    name: str
    name_en: str

    @property
    def display_name(self) -> str:
        return localized(self, "name")


@dataclass(frozen=True, slots=True)
class Listed(Labels):
    """One row of the red/yellow list: what the workbench pages and the API's
    ``MatterSerializer`` show of a ``Matter``, read as values (no model built per row)."""

    pk: int
    kind: str
    key: str
    stage: str
    title: str
    title_en: str
    link: str
    group: str
    division_code: str
    unit: str
    started_at: datetime
    due_at: datetime
    due_on: date | None
    provisional: bool
    state: str
    card: str
    yellow_at: datetime | None
    red_at: datetime | None
    department: ListedDepartment


_LISTED = [f for f in Listed.__slots__ if f != "department"]
_LISTED_DEPARTMENT = [
    "department_id",
    "department__code",
    "department__name",
    "department__name_en",
]


def _listed(found: QuerySet[Matter]) -> list[Listed]:
    departments: dict[int, ListedDepartment] = {}
    rows = []
    for *values, department_id, code, name, name_en in found.values_list(
        *_LISTED, *_LISTED_DEPARTMENT
    ):
        department = departments.get(department_id)
        if department is None:
            department = departments[department_id] = ListedDepartment(code, name, name_en)
        rows.append(Listed(*values, department))
    return rows


def _assignments(user: User) -> list[tuple[str, int, str]]:
    if not (user.is_authenticated and getattr(user, "is_official", False)):
        return []
    cached = getattr(user, "_supervision_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).values_list(
                "role", "department_id", "department__division__code"
            )
        )
        user._supervision_assignments = cached
    return cached


def is_supervisor(user: User) -> bool:
    return any(role == Role.SUPERVISOR for role, _d, _c in _assignments(user))


def scope(user: User) -> Q:
    """The matters ``user`` may see, as a filter; PermissionDenied for a non-official."""
    found = _assignments(user)
    if not found:
        raise PermissionDenied(_("Only officials can see e-supervision."))
    watched = sorted({prefix(code) for role, _d, code in found if role == Role.SUPERVISOR})
    visible = Q(department_id__in=sorted({department for _r, department, _c in found}))
    for start in watched:
        visible |= Q(division_code__startswith=start)
    return visible


def require_supervisor(user: User) -> None:
    if not is_supervisor(user):
        raise PermissionDenied(_("Only supervisors can see e-supervision across departments."))


def departments_in_view(user: User) -> QuerySet[Department]:
    """The departments whose matters ``user`` may see: their own, and every department of the
    divisions a supervisor watches. Empty for anyone else."""
    found = _assignments(user)
    if not found:
        return Department.objects.none()
    watched = sorted({prefix(code) for role, _d, code in found if role == Role.SUPERVISOR})
    mine = Q(pk__in=sorted({department for _r, department, _c in found}))
    for start in watched:
        mine |= Q(division__code__startswith=start)
    return Department.objects.filter(mine).order_by("code")


def suggest_departments(user: User, typed: str, limit: int = 10) -> list[Department]:
    """The departments in view whose code or name (Chinese or English) holds ``typed``, those
    starting with it first: the department filter's suggestions."""
    typed = typed.strip()
    found = departments_in_view(user)
    if typed:
        found = found.filter(
            Q(code__icontains=typed) | Q(name__icontains=typed) | Q(name_en__icontains=typed)
        )
    rows = list(found[:200])
    head = typed.lower()
    rows.sort(
        key=lambda d: (
            not any(v.lower().startswith(head) for v in (d.code, d.name, d.name_en) if v),
            d.code,
        )
    )
    return rows[:limit]


def department_named(user: User, typed: str) -> Department | None:
    """The department in view that ``typed`` names: its code, Chinese or English name (any
    case), else the only one whose name holds it; None when none or several do."""
    typed = typed.strip()
    if not typed:
        return None
    found = departments_in_view(user)
    exact = list(
        found.filter(Q(code__iexact=typed) | Q(name__iexact=typed) | Q(name_en__iexact=typed))[:2]
    )
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    inside = list(found.filter(Q(name__icontains=typed) | Q(name_en__icontains=typed))[:2])
    return inside[0] if len(inside) == 1 else None


def visible(user: User) -> QuerySet[Matter]:
    return Matter.objects.filter(scope(user))


def carded(user: User, *, kind: str = "", card: str = "", department: str = "", group: str = ""):
    """The live matters with a card that ``user`` may see, filtered."""
    found = visible(user).filter(state__in=LIVE).exclude(card=Card.NONE)
    if kind:
        found = found.filter(kind=kind)
    if card in (Card.RED, Card.YELLOW):
        found = found.filter(card=card)
    if department:
        found = found.filter(department__code=department)
    if group:
        found = found.filter(group=group)
    return found


@dataclass(frozen=True)
class Page:
    rows: list[Listed]
    next_key: str | None
    first: bool


def encode_key(matter: Matter | Listed) -> str:
    raw = f"{matter.due_at.isoformat()}|{matter.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_key(key: str) -> tuple[datetime, int]:
    """(due_at, id) of a page key; ValueError for a key this module did not make."""
    try:
        raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)).decode()
        moment, pk = raw.split("|")
        due_at = parse_datetime(moment)
        if due_at is None:
            raise ValueError(key)
        return due_at, int(pk)
    except (UnicodeDecodeError, ValueError, TypeError) as exc:
        raise ValueError(key) from exc


def flagged(
    user: User,
    *,
    kind: str = "",
    card: str = "",
    department: str = "",
    group: str = "",
    after: str = "",
    size: int = PAGE_SIZE,
) -> Page:
    """One page of the red/yellow list, earliest due first (keyset on ``due_at``, id).
    ValueError for a bad ``after`` key."""
    found = carded(user, kind=kind, card=card, department=department, group=group)
    if after:
        due_at, pk = decode_key(after)
        found = found.filter(Q(due_at__gt=due_at) | Q(due_at=due_at, pk__gt=pk))
    rows = _listed(found.order_by("due_at", "pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, encode_key(rows[-1]) if more else None, not after)


@dataclass(frozen=True)
class CardCount:
    department: Department
    red: int
    yellow: int


def _counted() -> dict:
    return {
        "red": Count("pk", filter=Q(card=Card.RED)),
        "yellow": Count("pk", filter=Q(card=Card.YELLOW)),
    }


def card_counts(user: User, *, kind: str = "") -> list[CardCount]:
    """Red and yellow cards per department, most red first: one GROUP BY."""
    found = carded(user, kind=kind)
    rows = found.values_list("department_id").annotate(**_counted()).order_by()
    departments = Department.objects.in_bulk([row[0] for row in rows])
    counts = [CardCount(departments[pk], red, yellow) for pk, red, yellow in rows]
    return sorted(counts, key=lambda c: (-c.red, -c.yellow, c.department.code))


def card_totals(user: User, *, kind: str = "") -> dict[str, int]:
    found = carded(user, kind=kind)
    return found.aggregate(**_counted())


@dataclass(frozen=True)
class GroupCount:
    kind: str
    group: str
    name: str
    red: int
    yellow: int

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)


def group_counts(user: User, *, department: str = "", kind: str = "") -> list[GroupCount]:
    """Red and yellow cards per group (a case's service, a ticket's category), one GROUP BY."""
    found = carded(user, kind=kind, department=department)
    rows = (
        found.values_list("kind", "group", "group_name", "group_name_en")
        .annotate(**_counted())
        .order_by()
    )
    english = english_active()
    counts = [
        GroupCount(k, g, (name_en if english and name_en else name) or g, red, yellow)
        for k, g, name, name_en, red, yellow in rows
    ]
    return sorted(counts, key=lambda c: (-c.red, -c.yellow, c.kind, c.group))


def department_matters(user: User, code: str, *, group: str = "", kind: str = ""):
    """A supervisor's drill-down into one department: (department, rows, counts per group).
    ``Department.DoesNotExist`` for an unknown code."""
    require_supervisor(user)
    department = Department.objects.get(code=code)
    rows = flagged(user, department=code, group=group, kind=kind, size=MAX_ROWS).rows
    rows.sort(key=lambda m: (m.card != Card.RED, m.due_at, m.pk))
    return department, rows, group_counts(user, department=code, kind=kind)


def group_matters(user: User, kind: str, group: str) -> list[Listed]:
    """Every carded matter of one group (a service item, a category) across departments."""
    require_supervisor(user)
    rows = flagged(user, kind=kind, group=group, size=MAX_ROWS).rows
    rows.sort(key=lambda m: (m.card != Card.RED, m.due_at, m.pk))
    return rows


def group_name(kind: str, group: str) -> str | None:
    """The name the ledger records for a group, or None if no matter has it."""
    row = Matter.objects.filter(kind=kind, group=group).values("group_name", "group_name_en")
    row = row.first()
    if row is None:
        return None
    return (row["group_name_en"] if english_active() else "") or row["group_name"]


def kinds_present() -> list[tuple[str, str]]:
    """(code, label) of every registered kind, for filters."""
    return kinds.choices()


def red_by_division(*, kind: str, prefix: str) -> dict[str, int]:
    """Live matters of ``kind`` with a red card per division code under ``prefix``, for
    roll-ups whose caller has checked the scope (one GROUP BY)."""
    rows = (
        Matter.objects.filter(
            kind=kind, division_code__startswith=prefix, state__in=LIVE, card=Card.RED
        )
        .values_list("division_code")
        .annotate(red=Count("pk"))
        .order_by()
    )
    return dict(rows)
