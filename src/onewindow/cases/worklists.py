"""The workbench's lists besides the inbox: 已办 (cases I acted on) and the case search.

Both read only ``selectors.visible_cases`` (an official sees their departments' cases, a
supervisor every case) and page by key, newest case first: each page seeks past the id of the
last case shown, never by OFFSET. Counts are capped (``COUNT_CAP``) so a tab's badge costs
one short index range whatever the size of the list.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from onewindow.accounts.models import User
from onewindow.accounts.services import ID_INDEX, PHONE_INDEX
from onewindow.cases import inbox as inbox_selectors
from onewindow.cases.models import Case, CaseEvent, Status
from onewindow.cases.selectors import card, visible_cases
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import (
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from onewindow.core.models import Division

COUNT_CAP = 99
DEFAULT_PAGE_SIZE = 20

# The columns a row shows (see workbench/_case_rows.html), nothing more.
_LISTED = (
    "number",
    "status",
    "yellow_at",
    "red_at",
    "submitted_at",
    "division_code",
    "intake_due",
    "promised_due",
    "delivery_due",
    "item__code",
    "item__name",
    "item__name_en",
    "applicant__username",
    "applicant__kind",
    "applicant__real_name",
    "applicant__enterprise_name",
    "lead_department__code",
    "lead_department__name",
    "lead_department__name_en",
)


class Card:
    RED, YELLOW, NONE = "red", "yellow", "none"


@dataclass(frozen=True)
class Search:
    """What the search form asks; every field optional."""

    text: str = ""  # case number, applicant (name, exact ID or phone), or item (code or name)
    status: str = ""  # a Status value
    card: str = ""  # Card.*
    item: str = ""  # an item code
    submitted_from: date | None = None
    submitted_to: date | None = None
    division: str = ""  # a division code: the case's division is in its subtree

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Row:
    case: Case

    @property
    def card(self) -> str:
        return card(self.case)

    @property
    def due(self) -> date | None:
        """The running clock's date: intake, decision or delivery; none once concluded."""
        case = self.case
        if case.status == Status.SUBMITTED:
            return case.intake_due
        if case.status in (Status.IN_REVIEW, Status.AWAITING_DECISION, Status.CORRECTION):
            return case.promised_due
        if case.status in (Status.BENEFITS, Status.AWAITING_DELIVERY):
            return case.delivery_due
        return None


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    next_key: int | None  # link "next page" with after=next_key
    previous_key: int | None  # link "previous page" with before=previous_key


def _page(cases: QuerySet[Case], after: int | None, before: int | None, size: int) -> Page:
    """Newest first by id: after=id continues below it, before=id goes back above it."""
    cases = cases.select_related("item", "applicant", "lead_department").only(*_LISTED)
    if before is not None and after is None:
        found = list(cases.filter(pk__gt=before).order_by("pk")[: size + 1])
        more, found = len(found) > size, found[:size]
        found.reverse()
        if not found:
            return Page([], None, None)
        return Page([Row(c) for c in found], found[-1].pk, found[0].pk if more else None)
    if after is not None:
        cases = cases.filter(pk__lt=after)
    found = list(cases.order_by("-pk")[: size + 1])
    more, found = len(found) > size, found[:size]
    if not found:
        return Page([], None, None)
    return Page(
        [Row(c) for c in found],
        found[-1].pk if more else None,
        found[0].pk if after is not None else None,
    )


def capped_count(cases: QuerySet, cap: int = COUNT_CAP) -> int:
    """How many, up to ``cap + 1`` (shown as "99+"): one short range, never a full count."""
    return len(cases.order_by().values_list("pk", flat=True)[: cap + 1])


# -- 已办: the cases I acted on -----------------------------------------------------------------


def done_cases(user: User) -> QuerySet[Case]:
    """The cases ``user`` may see on which a case event names them as the actor."""
    mine = CaseEvent.objects.filter(case_id=OuterRef("pk"), actor_id=user.pk)
    return visible_cases(user).filter(Exists(mine))


def done(user: User, *, after=None, before=None, size: int = DEFAULT_PAGE_SIZE) -> Page:
    return _page(done_cases(user), after, before, size)


# -- the search -----------------------------------------------------------------------------


def _text_matches(text: str) -> Q:
    """A case number (or its start), an item's code or name, an applicant's name or username;
    an ID number or phone number only exactly, through its blind index (they are encrypted)."""
    text = text.strip()
    found = (
        Q(number__istartswith=text)
        | Q(item__code__iexact=text)
        | Q(item__name__icontains=text)
        | Q(item__name_en__icontains=text)
        | Q(applicant__real_name__icontains=text)
        | Q(applicant__enterprise_name__icontains=text)
        | Q(applicant__username__iexact=text)
        | Q(applicant__uscc__iexact=text)
    )
    id_number = normalize_id_number(text)
    try:
        validate_id_number(id_number)
    except ValidationError:  # not an ID number: nothing to add
        pass
    else:
        found |= Q(applicant__id_number_index=blind_index(ID_INDEX, id_number))
    phone = normalize_phone(text)
    try:
        validate_phone(phone)
    except ValidationError:  # not a phone number
        pass
    else:
        found |= Q(applicant__phone_index=blind_index(PHONE_INDEX, phone))
    return found


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def searched_cases(user: User, search: Search) -> QuerySet[Case]:
    cases = visible_cases(user)
    if search.text.strip():
        cases = cases.filter(_text_matches(search.text))
    if search.status:
        cases = cases.filter(status=search.status)
    if search.card == Card.RED:
        cases = cases.filter(red_at__isnull=False)
    elif search.card == Card.YELLOW:
        cases = cases.filter(yellow_at__isnull=False, red_at__isnull=True)
    elif search.card == Card.NONE:
        cases = cases.filter(yellow_at__isnull=True, red_at__isnull=True)
    if search.item:
        cases = cases.filter(item__code__iexact=search.item.strip())
    if search.submitted_from:
        cases = cases.filter(submitted_at__gte=_day_start(search.submitted_from))
    if search.submitted_to:
        cases = cases.filter(submitted_at__lt=_day_start(search.submitted_to) + timedelta(days=1))
    if search.division:
        division = Division.objects.filter(code=search.division).only("path").first()
        if division is None:
            return cases.none()
        codes = Division.objects.filter(path__startswith=division.path).values("code")
        cases = cases.filter(division_code__in=codes)
    return cases


def search(
    user: User, query: Search, *, after=None, before=None, size: int = DEFAULT_PAGE_SIZE
) -> Page:
    return _page(searched_cases(user, query), after, before, size)


def divisions_of(user: User) -> list[Division]:
    """The divisions the user's visible cases are in, with their parents: the filter's choices."""
    codes = set(visible_cases(user).order_by().values_list("division_code", flat=True).distinct())
    paths = Division.objects.filter(code__in=codes).values_list("path", flat=True)
    wanted = {code for path in paths for code in path.strip("/").split("/") if code}
    return list(Division.objects.filter(code__in=wanted).order_by("path"))


# -- tab counts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    inbox: int
    done: int


def counts(user: User, desk=None) -> Counts:
    """The badges of the workbench's tabs, each capped at ``COUNT_CAP`` + 1."""
    return Counts(
        inbox=inbox_selectors.inbox_count(user, desk=desk, cap=COUNT_CAP),
        done=capped_count(done_cases(user)),
    )
