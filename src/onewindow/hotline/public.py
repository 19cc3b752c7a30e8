"""What the hotline publishes (政务公开): weekly statistics per department and the replies a
citizen allowed to be published.

Volume and timeliness come from the supervision ledger (rows of kind ``ticket``), as every KPI
does; satisfaction and the top issues from the tickets themselves. Nothing here ever reads or
returns the caller's identity: a published reply carries its number, category, department,
title and reply only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import get_language

from onewindow.accounts.models import Department
from onewindow.hotline.models import Category, Kind, Status, Ticket
from onewindow.supervision.models import Matter, State

LEDGER_KIND = "ticket"  # the kind hotline.services registers its tickets under
TOP = 3  # top issues shown per department
SATISFIED = 4  # a score of 4 or 5 out of 5 counts as satisfied
# A week that has ended changes only when a ticket of it is reopened: its figures are kept an
# hour (four aggregates over the ledger and the tickets: ~0.3 s each at a million tickets).
ENDED_WEEK_SECONDS = 3600
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class Week:
    """An ISO 8601 week (Monday to Sunday), local time."""

    year: int
    number: int

    @classmethod
    def parse(cls, value: str) -> Week:
        """``2026-W49`` → Week; ValueError for anything else or a week the year lacks."""
        found = _WEEK.match(value or "")
        if not found:
            raise ValueError(value)
        year, number = int(found[1]), int(found[2])
        date.fromisocalendar(year, number, 1)  # raises ValueError for week 53 of a 52-week year
        return cls(year, number)

    @classmethod
    def of(cls, day: date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.monday, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.monday + timedelta(days=7), time.min))

    def shifted(self, weeks: int) -> Week:
        return Week.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"


def last_complete_week(today: date | None = None) -> Week:
    """The newest week that has ended: the one published by default."""
    return Week.of((today or timezone.localdate()) - timedelta(days=7))


def recent_weeks(count: int = 26, today: date | None = None) -> list[Week]:
    """The weeks a visitor can pick, newest first: this week and the ``count - 1`` before."""
    current = Week.of(today or timezone.localdate())
    return [current.shifted(-n) for n in range(count)]


def _localized(obj, attribute: str) -> str:
    english = (get_language() or "").startswith("en")
    return (english and getattr(obj, f"{attribute}_en", "")) or getattr(obj, attribute)


@dataclass
class DepartmentWeek:
    """One department's week: tickets in, tickets closed and how many on time, satisfaction."""

    code: str
    name: str
    received: int = 0  # tickets whose clock started in the week (ledger)
    closed: int = 0  # tickets closed in the week (ledger)
    on_time: int = 0  # … of them before their due instant
    rated: int = 0  # tickets closed in the week with a satisfaction score
    score_total: int = 0
    satisfied: int = 0  # … of them scored 4 or 5
    top: list[tuple[str, int]] = field(default_factory=list)  # (category, tickets)

    @property
    def on_time_rate(self) -> float | None:
        """Per cent of the tickets closed in the week that were closed on time."""
        return 100 * self.on_time / self.closed if self.closed else None

    @property
    def satisfaction(self) -> float | None:
        """Average score out of 5."""
        return self.score_total / self.rated if self.rated else None

    @property
    def satisfied_rate(self) -> float | None:
        return 100 * self.satisfied / self.rated if self.rated else None


@dataclass
class WeekStatistics:
    week: Week
    departments: list[DepartmentWeek]
    total: DepartmentWeek
    top: list[tuple[str, int]]  # the week's top issues over every department


def weekly_statistics(week: Week) -> WeekStatistics:
    """Every department with tickets in or out during ``week``, busiest first (an ended week
    from the cache)."""
    if week.end > timezone.now():
        return _weekly_statistics(week)
    key = f"hotline.public.week:{week}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = _weekly_statistics(week)
        cache.set(key, found, ENDED_WEEK_SECONDS)
    return found


def _weekly_statistics(week: Week) -> WeekStatistics:
    start, end = week.start, week.end
    rows: dict[int, DepartmentWeek] = {}
    names = {d.pk: d for d in Department.objects.only("pk", "code", "name", "name_en").order_by()}

    def row(department_id: int) -> DepartmentWeek:
        if department_id not in rows:
            department = names[department_id]
            rows[department_id] = DepartmentWeek(department.code, _localized(department, "name"))
        return rows[department_id]

    tickets = Matter.objects.filter(kind=LEDGER_KIND)
    for entry in (
        tickets.filter(started_at__gte=start, started_at__lt=end)
        .values("department")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(entry["department"]).received = entry["n"]
    for entry in (
        tickets.filter(state=State.CLOSED, closed_at__gte=start, closed_at__lt=end)
        .values("department")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(late=False)))
        .order_by()
    ):
        target = row(entry["department"])
        target.closed, target.on_time = entry["n"], entry["on_time"]

    scored = Ticket.objects.filter(
        closed_at__gte=start, closed_at__lt=end, score__isnull=False, lead_department__isnull=False
    )
    for entry in (
        scored.values("lead_department")
        .annotate(
            n=Count("pk"),
            average=Avg("score"),
            satisfied=Count("pk", filter=Q(score__gte=SATISFIED)),
        )
        .order_by()
    ):
        target = row(entry["lead_department"])
        target.rated, target.satisfied = entry["n"], entry["satisfied"]
        target.score_total = round(entry["average"] * entry["n"])

    categories = {c.pk: _localized(c, "name") for c in Category.objects.order_by()}
    per_department: dict[int, list[tuple[str, int]]] = defaultdict(list)
    overall: dict[str, int] = defaultdict(int)
    for entry in (
        Ticket.objects.filter(
            received_at__gte=start,
            received_at__lt=end,
            category__isnull=False,
            lead_department__isnull=False,
        )
        .values("lead_department", "category")
        .annotate(n=Count("pk"))
        .order_by("-n", "category")
    ):
        name = categories[entry["category"]]
        per_department[entry["lead_department"]].append((name, entry["n"]))
        overall[name] += entry["n"]
    for department_id, counts in per_department.items():
        row(department_id).top = counts[:TOP]

    departments = sorted(rows.values(), key=lambda r: (-r.received, -r.closed, r.code))
    total = DepartmentWeek("", "")
    for r in departments:
        for attribute in ("received", "closed", "on_time", "rated", "score_total", "satisfied"):
            setattr(total, attribute, getattr(total, attribute) + getattr(r, attribute))
    top = sorted(overall.items(), key=lambda item: (-item[1], item[0]))[:5]
    return WeekStatistics(week=week, departments=departments, total=total, top=top)


def chart_data(statistics: WeekStatistics) -> dict:
    """The figures the page's chart draws (the table beside it shows the same)."""
    rows = statistics.departments
    return {
        "departments": [r.name for r in rows],
        "received": [r.received for r in rows],
        "closed": [r.closed for r in rows],
        "on_time_rate": [
            None if r.on_time_rate is None else round(r.on_time_rate, 1) for r in rows
        ],
    }


# -- published replies ---------------------------------------------------------------------

# A report of wrongdoing (举报) keeps its reporter confidential, so it is never published even
# when the box was ticked.
_PUBLISHABLE = Q(public_allowed=True, status=Status.CLOSED) & ~Q(reply="") & ~Q(kind=Kind.REPORT)
# the only columns a published reply reads: never the caller, the phone or the address
_PUBLIC_FIELDS = (
    "number", "kind", "title", "reply", "reply_en", "replied_at", "closed_at",
    "category__name", "category__name_en", "lead_department__name",
    "lead_department__name_en",
)  # fmt: skip


@dataclass(frozen=True)
class PublishedReply:
    number: str
    kind: str
    title: str
    reply: str
    category: str
    department: str
    replied_at: datetime | None
    closed_at: datetime | None

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def published_at(self) -> datetime | None:
        return self.closed_at or self.replied_at


def _public(values: dict) -> PublishedReply:
    english = (get_language() or "").startswith("en")

    def pick(name: str) -> str:
        return (english and values.get(f"{name}_en")) or values.get(name) or ""

    return PublishedReply(
        number=values["number"],
        kind=values["kind"],
        title=values["title"],
        reply=pick("reply"),
        category=pick("category__name"),
        department=pick("lead_department__name"),
        replied_at=values["replied_at"],
        closed_at=values["closed_at"],
    )


class _Replies:
    """A lazily sliced list of published replies, newest first (for Paginator and the feed)."""

    def __init__(self, queryset):
        self._queryset = queryset

    def count(self) -> int:
        return self._queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_public(values) for values in self._queryset[index]]
        return _public(self._queryset[index])

    def __iter__(self):
        return (_public(values) for values in self._queryset)


def published_replies() -> _Replies:
    """Replies a citizen allowed to be published, of closed tickets, newest first."""
    queryset = (
        Ticket.objects.filter(_PUBLISHABLE).order_by("-closed_at", "-pk").values(*_PUBLIC_FIELDS)
    )
    return _Replies(queryset)


def published_reply(number: str) -> PublishedReply | None:
    values = Ticket.objects.filter(_PUBLISHABLE, number=number).values(*_PUBLIC_FIELDS).first()
    return _public(values) if values else None
