"""好差评 statistics per department and per item, as the national 好差评 system counts them.

国办发〔2019〕51号 grades every rating on five levels, 非常满意, 满意, 基本满意, 不满意 and
非常不满意; the two lowest are poor ratings (差评). The satisfaction rate (满意率) is the share
of ratings at 基本满意 or above (levels 3–5) among all ratings; the rectification rate
(差评整改率) is the share of poor ratings the department has rectified and answered, and the
on-time rate of rectification the share answered by their deadline
(``ratings.RECTIFICATION_LIMIT``).

Supervisors see every department and item; an official sees the departments where they hold a
role; nobody else sees any (PermissionDenied).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.cases.authority import ALL_OFFICIAL_ROLES, departments_with_role, is_supervisor
from onewindow.cases.models import Rating, RatingProblem, Rectification
from onewindow.catalog.models import ServiceItem

SATISFIED_FROM = Rating.Score.FAIR  # 基本满意 and above count as satisfied (满意率)
POOR_UP_TO = Rating.Score.POOR  # 不满意 and 非常不满意 are poor ratings (差评)
COMMENTS_SHOWN = 20


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def percent(rate: float | None) -> str:
    """A rate as the pages show it: "97.5 %", or a dash when there is nothing to divide."""
    return "—" if rate is None else f"{rate * 100:.1f} %"


@dataclass
class Level:
    score: int
    label: str
    count: int
    share: float | None

    @property
    def share_percent(self) -> str:
        return percent(self.share)


@dataclass
class Month:
    month: date  # the first day of the month
    total: int
    satisfied: int
    poor: int

    @property
    def satisfaction_rate(self) -> float | None:
        return _rate(self.satisfied, self.total)

    @property
    def satisfaction_percent(self) -> str:
        return percent(self.satisfaction_rate)


@dataclass
class Tally:
    """The counts of one department or item (a row of the overview tables)."""

    total: int = 0
    satisfied: int = 0
    poor: int = 0
    answered: int = 0  # poor ratings rectified and answered
    answered_on_time: int = 0
    overdue: int = 0  # open rectifications past their deadline
    open: int = 0  # open rectifications

    @property
    def satisfaction_rate(self) -> float | None:
        return _rate(self.satisfied, self.total)

    @property
    def rectification_rate(self) -> float | None:
        return _rate(self.answered, self.poor)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.answered_on_time, self.answered)

    @property
    def satisfaction_percent(self) -> str:
        return percent(self.satisfaction_rate)

    @property
    def rectification_percent(self) -> str:
        return percent(self.rectification_rate)

    @property
    def on_time_percent(self) -> str:
        return percent(self.on_time_rate)


@dataclass
class Statistics:
    tally: Tally
    levels: list[Level]
    reasons: list[tuple[str, int]]  # label, count, most frequent first
    months: list[Month]
    comments: list[Rating]
    rectifications: list[Rectification] = field(default_factory=list)


@dataclass
class Row:
    subject: Department | ServiceItem
    tally: Tally


def _scope(user: User) -> set[int] | None:
    """The departments whose ratings ``user`` may see: None for all (a supervisor)."""
    if not (user.is_authenticated and user.is_official):
        raise PermissionDenied(_("Only officials can see the ratings of services."))
    if is_supervisor(user):
        return None
    return departments_with_role(user, ALL_OFFICIAL_ROLES)


def _ratings(user: User) -> QuerySet[Rating]:
    scope = _scope(user)
    rows = Rating.objects.all()
    return rows if scope is None else rows.filter(department_id__in=scope)


def _rating_counts():
    return {
        "total": Count("pk"),
        "satisfied": Count("pk", filter=Q(score__gte=SATISFIED_FROM)),
        "poor": Count("pk", filter=Q(score__lte=POOR_UP_TO)),
    }


def _rectification_counts(today: date):
    return {
        "answered": Count("pk", filter=Q(answered_at__isnull=False)),
        "open": Count("pk", filter=Q(answered_at=None)),
        "overdue": Count("pk", filter=Q(answered_at=None, due__lt=today)),
    }


def _on_time(rectifications: QuerySet[Rectification], by: str | None) -> Counter:
    """Answered rectifications answered by their deadline (local date), per ``by``."""
    fields = ["answered_at", "due"] + ([by] if by else [])
    found: Counter = Counter()
    for row in rectifications.filter(answered_at__isnull=False).values_list(*fields):
        if timezone.localdate(row[0]) <= row[1]:
            found[row[2] if by else None] += 1
    return found


def _tally(ratings: QuerySet[Rating]) -> Tally:
    rectifications = Rectification.objects.filter(rating__in=ratings)
    tally = Tally(
        **ratings.aggregate(**_rating_counts()),
        **rectifications.aggregate(**_rectification_counts(timezone.localdate())),
    )
    tally.answered_on_time = _on_time(rectifications, None)[None]
    return tally


def _tallies(ratings: QuerySet[Rating], by: str) -> dict[int, Tally]:
    """One Tally per value of ``by`` (department_id or case__item_id): two GROUP BY queries."""
    found: dict[int, Tally] = {}
    for row in ratings.values(by).annotate(**_rating_counts()).order_by():
        key = row.pop(by)
        found[key] = Tally(**row)
    rectifications = Rectification.objects.filter(rating__in=ratings)
    counts = _rectification_counts(timezone.localdate())
    for row in rectifications.values(f"rating__{by}").annotate(**counts).order_by():
        tally = found.setdefault(row.pop(f"rating__{by}"), Tally())
        for name, value in row.items():
            setattr(tally, name, value)
    for key, n in _on_time(rectifications, f"rating__{by}").items():
        found[key].answered_on_time = n
    return found


def statistics(ratings: QuerySet[Rating]) -> Statistics:
    """Distribution, reasons, monthly trend, latest comments and rectifications of ``ratings``."""
    tally = _tally(ratings)
    counts = dict(ratings.values_list("score").annotate(n=Count("pk")).order_by())
    levels = [
        Level(score, str(label), counts.get(score, 0), _rate(counts.get(score, 0), tally.total))
        for score, label in reversed(Rating.Score.choices)
    ]
    reasons: Counter[str] = Counter()
    for problems in ratings.filter(score__lte=POOR_UP_TO).values_list("problems", flat=True):
        reasons.update(p for p in problems or [] if p in RatingProblem.values)
    months = [
        Month(
            month=timezone.localtime(row["month"]).date()
            if hasattr(row["month"], "hour")
            else row["month"],
            total=row["total"],
            satisfied=row["satisfied"],
            poor=row["poor"],
        )
        for row in ratings.annotate(month=TruncMonth("rated_at"))
        .values("month")
        .annotate(**_rating_counts())
        .order_by("month")
    ]
    comments = list(
        ratings.exclude(comment="")
        .select_related("case__item", "department")
        .order_by("-rated_at", "-pk")[:COMMENTS_SHOWN]
    )
    rectifications = sorted(
        Rectification.objects.filter(rating__in=ratings).select_related(
            "rating__case__item", "department", "assignee"
        ),
        key=lambda r: (r.answered, r.due, r.pk),
    )
    return Statistics(
        tally=tally,
        levels=levels,
        reasons=[(str(RatingProblem(p).label), n) for p, n in reasons.most_common()],
        months=months,
        comments=comments,
        rectifications=rectifications,
    )


def overview(user: User) -> tuple[Statistics, list[Row]]:
    """All the ratings ``user`` may see, and one row per department, most poor ratings first."""
    ratings = _ratings(user)
    tallies = _tallies(ratings, "department_id")
    departments = Department.objects.in_bulk(list(tallies))
    rows = [Row(departments[pk], tally) for pk, tally in tallies.items()]
    rows.sort(key=lambda r: (-r.tally.overdue, -r.tally.poor, r.subject.code))
    return statistics(ratings), rows


def for_department(user: User, code: str) -> tuple[Department, Statistics, list[Row]]:
    """One department's ratings and one row per item; PermissionDenied outside the scope,
    ``Department.DoesNotExist`` for an unknown code."""
    department = Department.objects.get(code=code)
    scope = _scope(user)
    if scope is not None and department.pk not in scope:
        raise PermissionDenied(_("You may see the ratings of your own departments only."))
    ratings = Rating.objects.filter(department=department)
    tallies = _tallies(ratings, "case__item_id")
    items = ServiceItem.objects.in_bulk(list(tallies))
    rows = [Row(items[pk], tally) for pk, tally in tallies.items()]
    rows.sort(key=lambda r: (-r.tally.poor, r.subject.code))
    return department, statistics(ratings), rows


def for_item(user: User, code: str) -> tuple[ServiceItem, Statistics, list[Row]]:
    """One item's ratings (within the user's scope) and one row per department handling it;
    ``ServiceItem.DoesNotExist`` for an unknown code."""
    item = ServiceItem.objects.get(code=code)
    ratings = _ratings(user).filter(case__item=item)
    tallies = _tallies(ratings, "department_id")
    departments = Department.objects.in_bulk(list(tallies))
    rows = [Row(departments[pk], tally) for pk, tally in tallies.items()]
    rows.sort(key=lambda r: (-r.tally.poor, r.subject.code))
    return item, statistics(ratings), rows


def chart_data(stats: Statistics) -> dict:
    """What the ECharts script draws (the page's tables hold the same numbers)."""
    return {
        "levels": [{"label": level.label, "count": level.count} for level in stats.levels],
        "months": [
            {
                "month": m.month.strftime("%Y-%m"),
                "total": m.total,
                "poor": m.poor,
                "rate": None
                if m.satisfaction_rate is None
                else round(m.satisfaction_rate * 100, 1),
            }
            for m in stats.months
        ],
        "labels": {
            "total": _("Ratings"),
            "poor": _("Poor ratings"),
            "rate": _("Satisfaction rate (%)"),
        },
    }


@dataclass
class OpenRectifications:
    department: Department
    open: int
    overdue: int  # past their deadline: red on the supervision page


def open_rectifications(user: User) -> list[OpenRectifications]:
    """Open rectifications per department in ``user``'s scope, most overdue first."""
    scope = _scope(user)
    rows = Rectification.objects.filter(answered_at=None)
    if scope is not None:
        rows = rows.filter(department_id__in=scope)
    today = timezone.localdate()
    counts = (
        rows.values("department_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
        .order_by()
    )
    departments = Department.objects.in_bulk([row["department_id"] for row in counts])
    found = [
        OpenRectifications(departments[row["department_id"]], row["open"], row["overdue"])
        for row in counts
    ]
    return sorted(found, key=lambda r: (-r.overdue, -r.open, r.department.code))
