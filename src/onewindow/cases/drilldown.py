"""e-supervision drill-down: from a department or an item to its open cases with a card.

A case under review (or with its benefits being handled) belongs to each department whose part
is still open; a case awaiting the decision or the delivery to its lead department, as in
``inbox.card_counts``. The due date shown is the one the card was earned against: the promised
date while the decision is pending, the delivery date after it. For supervisors only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.cases.authority import is_supervisor
from onewindow.cases.models import Case, ReviewTask, Status, TaskStatus
from onewindow.cases.selectors import card
from onewindow.catalog.models import ServiceItem

MAX_ROWS = 200
_UNDER_REVIEW = [Status.IN_REVIEW, Status.BENEFITS]
_AT_LEAD = [Status.AWAITING_DECISION, Status.AWAITING_DELIVERY]
_DELIVERY_CLOCK = {Status.BENEFITS, Status.AWAITING_DELIVERY}


@dataclass(frozen=True)
class FlaggedCase:
    case: Case

    @property
    def due(self) -> date | None:
        if self.case.status in _DELIVERY_CLOCK:
            return self.case.delivery_due
        return self.case.promised_due

    @property
    def card(self) -> str:
        return card(self.case)


@dataclass(frozen=True)
class ItemCount:
    item: ServiceItem
    red: int
    yellow: int


def require_supervisor(user: User) -> None:
    if not (user.is_authenticated and user.is_official and is_supervisor(user)):
        raise PermissionDenied(_("Only supervisors can see e-supervision across departments."))


def _flagged() -> Q:
    return Q(yellow_at__isnull=False)


def _department_cases(department: Department):
    reviewing = ReviewTask.objects.filter(
        department=department, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]
    ).values("case_id")
    return Case.objects.filter(_flagged()).filter(
        Q(status__in=_UNDER_REVIEW, pk__in=reviewing)
        | Q(status__in=_AT_LEAD, lead_department=department)
    )


def _rows(cases) -> list[FlaggedCase]:
    found = cases.select_related("item", "applicant", "lead_department")[:MAX_ROWS]
    rows = [FlaggedCase(case) for case in found]
    rows.sort(key=lambda r: (r.card != "red", r.due or date.max, r.case.number))
    return rows


def department_cases(
    user: User, code: str, *, item_code: str = ""
) -> tuple[Department, list[FlaggedCase], list[ItemCount]]:
    """The department's open cases with a red or yellow card (of one item if given), reds
    first, earliest due first, and its flagged cases counted per item.
    ``Department.DoesNotExist`` for an unknown code."""
    require_supervisor(user)
    department = Department.objects.get(code=code)
    cases = _department_cases(department)
    per_item = (
        cases.values("item_id")
        .annotate(
            red=Count("pk", filter=Q(red_at__isnull=False)),
            yellow=Count("pk", filter=Q(red_at__isnull=True)),
        )
        .order_by()
    )
    items = ServiceItem.objects.in_bulk([row["item_id"] for row in per_item])
    counts = sorted(
        (ItemCount(items[row["item_id"]], row["red"], row["yellow"]) for row in per_item),
        key=lambda c: (-c.red, -c.yellow, c.item.code),
    )
    if item_code:
        cases = cases.filter(item__code=item_code)
    return department, _rows(cases), counts


def item_cases(user: User, code: str) -> tuple[ServiceItem, list[FlaggedCase]]:
    """Every open case of the item with a red or yellow card, across departments.
    ``ServiceItem.DoesNotExist`` for an unknown code."""
    require_supervisor(user)
    item = ServiceItem.objects.get(code=code)
    statuses = [*_UNDER_REVIEW, *_AT_LEAD]
    return item, _rows(Case.objects.filter(_flagged(), item=item, status__in=statuses))
