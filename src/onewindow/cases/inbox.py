"""The officials' inbox and the supervisor's red/yellow list, oldest due first.

An official's work comes from several places: the open review tasks of the departments where
they review or head, intake and delivery for a window clerk of the lead department, intake for
a clerk of the service centre that the case's item instance names (the central window), decisions
and extension approvals for its head. Each source is one narrow query per department that
walks an index in due-date order; their keys (due date, kind, id) are merged and the page is
continued by seeking past the last key shown (keyset pagination), never by OFFSET and never
counting the whole inbox, so the thousandth page costs what the first one does. Only the
rows of the page are then loaded with their case, service and applicant.

Every state listed here has its due date set by the engine (intake on submission, promised
date on acceptance, delivery date on the decision), so rows are never without one.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.cases import output_window
from onewindow.cases.authority import REVIEW_ROLES
from onewindow.cases.models import (
    DECISION_CLOCK_STATUSES,
    Case,
    Extension,
    ExtensionStatus,
    ReviewTask,
    Status,
    TaskStatus,
)
from onewindow.cases.selectors import card
from onewindow.catalog.models import ServiceItem

DEFAULT_PAGE_SIZE = 20
MAX_DUE_WITHIN_DAYS = 365


class Work:
    """What a row waits for; also the values of the inbox's status filter."""

    INTAKE = "intake"
    REVIEW = "review"
    WAITING = "waiting"
    DECISION = "decision"
    EXTENSION = "extension"
    DELIVERY = "delivery"

    choices = [
        (INTAKE, _("Awaiting intake")),
        (REVIEW, _("Awaiting review")),
        (WAITING, _("Waiting for the applicant")),
        (DECISION, _("Awaiting decision")),
        (EXTENSION, _("Extension awaiting approval")),
        (DELIVERY, _("Awaiting delivery")),
    ]
    labels = dict(choices)
    stages = {
        INTAKE: _("Intake"),
        DECISION: _("Decision"),
        EXTENSION: _("Extension"),
        DELIVERY: _("Delivery"),
    }


@dataclass(frozen=True, order=True)
class Key:
    """Where a row sits in the order: due date, then the kind of row, then its id."""

    due: date
    kind: str
    id: int

    def __str__(self) -> str:
        return f"{self.due.isoformat()}.{self.kind}.{self.id}"

    @classmethod
    def parse(cls, text: str) -> Key | None:
        """The key a paging link carried, or None for anything malformed."""
        try:
            day, kind, number = (text or "").split(".")
            key = cls(date.fromisoformat(day), kind, int(number))
        except ValueError:
            return None
        return key if kind.isidentifier() and key.id > 0 else None


@dataclass(frozen=True)
class Row:
    key: Key
    case: Case
    department: Department
    stage: str
    status: str
    task: ReviewTask | None = None
    extension: Extension | None = None

    @property
    def due(self) -> date:
        return self.key.due

    @property
    def card(self) -> str:
        return card(self.case)


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    next_key: Key | None  # link "next page" with after=next_key
    previous_key: Key | None  # link "previous page" with before=previous_key


@dataclass(frozen=True)
class Filters:
    service: str = ""  # an item code, or part of its name
    work: str = ""  # one of Work.choices
    due_within: int | None = None  # due on or before today + this many days (overdue too)


@dataclass(frozen=True)
class _Source:
    """One ordered index range: rows of one kind, their due date in column ``due``."""

    kind: str
    queryset: QuerySet  # filters only; the page's rows are loaded by _load
    due: str
    row: Callable[[Model, Key], Row]
    item_path: str = "case__item_id"


# -- paging ------------------------------------------------------------------------------------


def _seek(source: _Source, key: Key | None, backwards: bool) -> QuerySet:
    """Rows strictly after (or before) ``key`` in (due, kind, id) order, nearest first.

    Within one source the kind is fixed, so the condition is a range on the due-date column
    (an index condition) plus, for the key's own kind, a tie-break on the id.
    """
    due, qs = source.due, source.queryset.filter(**{f"{source.due}__isnull": False})
    if key is not None:
        after, strict = ("lt", "lte") if backwards else ("gt", "gte")
        later_kind = source.kind < key.kind if backwards else source.kind > key.kind
        if later_kind:
            qs = qs.filter(**{f"{due}__{strict}": key.due})
        elif source.kind == key.kind:
            qs = qs.filter(**{f"{due}__{strict}": key.due}).filter(
                Q(**{f"{due}__{after}": key.due}) | Q(**{f"pk__{after}": key.id})
            )
        else:
            qs = qs.filter(**{f"{due}__{after}": key.due})
    return qs.order_by(*((f"-{due}", "-pk") if backwards else (due, "pk")))


def _load(keys: list[Key], sources: dict[str, _Source]) -> list[Row]:
    """The page's rows with everything a list shows: one query per table."""
    wanted: dict[type, list[int]] = {}
    for key in keys:
        wanted.setdefault(sources[key.kind].queryset.model, []).append(key.id)
    loaded = {model: _details(model).in_bulk(ids) for model, ids in wanted.items()}
    rows = []
    for key in keys:
        source = sources[key.kind]
        obj = loaded[source.queryset.model].get(key.id)
        if obj is not None:  # gone since the keys were read: the page is one row shorter
            rows.append(source.row(obj, key))
    return rows


def _page(sources: list[_Source], after: Key | None, before: Key | None, size: int) -> Page:
    """One page: the keys of at most ``size + 1`` rows per source, merged; then the rows."""
    backwards = before is not None and after is None
    cursor = before if backwards else after
    streams = [
        [
            Key(due, s.kind, pk)
            for due, pk in _seek(s, cursor, backwards).values_list(s.due, "pk")[: size + 1]
        ]
        for s in sources
    ]
    merged = list(heapq.merge(*streams, reverse=backwards))
    more, keys = len(merged) > size, merged[:size]
    if backwards:
        keys.reverse()
    rows = _load(keys, {s.kind: s for s in sources})
    if not keys:
        return Page(rows, None, None)
    if backwards:
        return Page(rows, next_key=keys[-1], previous_key=keys[0] if more else None)
    return Page(rows, next_key=keys[-1] if more else None, previous_key=keys[0] if cursor else None)


# The columns a list shows, and nothing else: rows stay narrow (no workflow state, form data,
# personal data or service schema) and no template touches an unloaded field.
_ITEM = ("code", "name", "name_en")
_CASE = (
    "number",
    "status",
    "yellow_at",
    "red_at",
    *(f"item__{name}" for name in _ITEM),
    *(f"applicant__{name}" for name in ("username", "kind", "real_name", "enterprise_name")),
    "lead_department__code",
    "lead_department__name",
    "lead_department__name_en",
)
_LISTED = {
    Case: _CASE,
    ReviewTask: (
        "stage",
        "status",
        "due_on",
        "department__code",
        "department__name",
        "department__name_en",
        *(f"benefit_item__{name}" for name in _ITEM),
        *(f"case__{name}" for name in _CASE if not name.startswith("lead_department")),
    ),
    Extension: ("days", "status", *(f"case__{name}" for name in _CASE)),
}


def _details(model: type[Model]) -> QuerySet:
    """The query loading one page's rows of ``model`` (one join per relation shown)."""
    related = {path.rsplit("__", 1)[0] for path in _LISTED[model] if "__" in path}
    return model.objects.select_related(*related).only(*_LISTED[model]).order_by()


# -- the official's inbox ----------------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """The departments where the user holds each role (one query)."""

    clerk: frozenset[int] = frozenset()
    centres: frozenset[int] = frozenset()  # the service centres among ``clerk``
    review: frozenset[int] = frozenset()
    head: frozenset[int] = frozenset()
    supervisor: bool = False
    user_id: int | None = None
    output: output_window.Centres = field(default_factory=output_window.Centres)  # 统一出件
    hotline: frozenset[str] = frozenset()  # the 12345 centre's roles held (operator, dispatcher)
    disclosure: frozenset[int] = frozenset()  # agencies where a disclosure role is held
    participation: frozenset[int] = frozenset()  # departments with a participation officer
    moderator: bool = False  # a participation moderator (comments, proposals)
    office: frozenset[int] = frozenset()  # departments with a 公文 role (heads countersign)
    enforcement: frozenset[int] = frozenset()  # an enforcement officer or legal reviewer role
    emergency: frozenset[int] = frozenset()  # an emergency duty officer or commander role


def desk_of(user: User) -> Desk:
    if not (user.is_authenticated and user.is_official):
        return Desk()
    held = list(
        RoleAssignment.objects.filter(user=user).values_list(
            "role",
            "department_id",
            "department__code",
            "department__division__code",
            "department__kind",
        )
    )
    pairs = [(role, department) for role, department, *_rest in held]

    def by_role(*roles) -> frozenset[int]:
        return frozenset(department for role, department in pairs if role in roles)

    return Desk(
        clerk=by_role(Role.WINDOW_CLERK),
        centres=frozenset(
            department
            for role, department, _code, _division, kind in held
            if role == Role.WINDOW_CLERK and kind == Department.Kind.SERVICE_CENTRE
        ),
        review=by_role(*REVIEW_ROLES),
        head=by_role(Role.HEAD),
        supervisor=any(role == Role.SUPERVISOR for role, _department in pairs),
        user_id=user.pk,
        output=output_window.centres_of(held),
        hotline=frozenset(
            role for role, _department in pairs if role in (Role.HOTLINE_OPERATOR, Role.DISPATCHER)
        ),
        disclosure=by_role(
            Role.DISCLOSURE_OFFICER, Role.CONFIDENTIALITY_REVIEWER, Role.DISCLOSURE_HEAD
        ),
        participation=by_role(Role.PARTICIPATION_OFFICER),
        moderator=any(role == Role.PARTICIPATION_MODERATOR for role, _department in pairs),
        office=by_role(
            Role.DOCUMENT_DRAFTER,
            Role.DOCUMENT_REVIEWER,
            Role.DOCUMENT_SIGNER,
            Role.DOCUMENT_CLERK,
            Role.HEAD,
        ),
        enforcement=by_role(Role.ENFORCEMENT_OFFICER, Role.LEGAL_REVIEWER),
        emergency=by_role(Role.DUTY_OFFICER, Role.COMMANDER),
    )


def _task_row(task: ReviewTask, key: Key) -> Row:
    stage = task.get_stage_display()
    if task.benefit_item is not None:
        stage = f"{stage} · {task.benefit_item.display_name}"
    return Row(key, task.case, task.department, stage, Work.labels[key.kind], task=task)


def _case_row(case: Case, key: Key) -> Row:
    return Row(key, case, case.lead_department, Work.stages[key.kind], Work.labels[key.kind])


def _extension_row(extension: Extension, key: Key) -> Row:
    case = extension.case
    label, stage = Work.labels[key.kind], Work.stages[key.kind]
    return Row(key, case, case.lead_department, stage, label, extension=extension)


def _sources(desk: Desk) -> list[_Source]:
    """One source per kind of work and department: each is one ordered index range."""
    tasks, cases = ReviewTask.objects, Case.objects
    sources = []
    for dept in sorted(desk.review):
        for kind, status in ((Work.REVIEW, TaskStatus.OPEN), (Work.WAITING, TaskStatus.WAITING)):
            qs = tasks.filter(department_id=dept, status=status)
            sources.append(_Source(kind, qs, "due_on", _task_row))
    for dept in sorted(desk.clerk):
        for kind, status, due in (
            (Work.INTAKE, Status.SUBMITTED, "intake_due"),
            (Work.DELIVERY, Status.AWAITING_DELIVERY, "delivery_due"),
        ):
            qs = cases.filter(lead_department_id=dept, status=status)
            sources.append(_Source(kind, qs, due, _case_row, "item_id"))
    for dept in sorted(desk.centres):
        # The central window of a service centre takes intake for the departments whose
        # published item instances name it (综合受理); the lead's own clerks see theirs above.
        qs = cases.filter(
            instance__service_centre_id=dept, instance__published=True, status=Status.SUBMITTED
        ).exclude(lead_department_id__in=desk.clerk)
        sources.append(_Source(Work.INTAKE, qs, "intake_due", _case_row, "item_id"))
    if desk.output:  # the service centre's window hands out every department's results
        qs = cases.filter(output_window.results_at(desk.output), status=Status.AWAITING_DELIVERY)
        qs = qs.exclude(lead_department_id__in=desk.clerk)
        sources.append(_Source(Work.DELIVERY, qs, "delivery_due", _case_row, "item_id"))
    for dept in sorted(desk.head | desk.clerk):
        qs = cases.filter(lead_department_id=dept, status=Status.AWAITING_DECISION)
        if dept not in desk.head:  # a clerk decides instant services at the window
            qs = qs.filter(item__instant=True)
        sources.append(_Source(Work.DECISION, qs, "promised_due", _case_row, "item_id"))
    for dept in sorted(desk.head):
        qs = Extension.objects.filter(
            status=ExtensionStatus.PENDING,
            case__lead_department_id=dept,
            case__status__in=DECISION_CLOCK_STATUSES,
        ).exclude(requested_by_id=desk.user_id)  # clocks.may_decide_extension, as a query
        sources.append(_Source(Work.EXTENSION, qs, "case__promised_due", _extension_row))
    return sources


def _filtered(sources: list[_Source], filters: Filters) -> list[_Source]:
    if filters.work:
        sources = [s for s in sources if s.kind == filters.work]
    items = matching_items(filters.service) if filters.service.strip() else None
    due_by = None
    if filters.due_within is not None:
        due_by = timezone.localdate() + timedelta(days=filters.due_within)
    narrowed = []
    for s in sources:
        qs = s.queryset
        if items is not None:
            qs = qs.filter(**{f"{s.item_path}__in": items})
        if due_by is not None:
            qs = qs.filter(**{f"{s.due}__lte": due_by})
        narrowed.append(_Source(s.kind, qs, s.due, s.row, s.item_path))
    return narrowed


def matching_items(text: str) -> list[int]:
    """The ids of the service items with this code, or with this in their name."""
    text = text.strip()
    return list(
        ServiceItem.objects.filter(
            Q(code__iexact=text) | Q(name__icontains=text) | Q(name_en__icontains=text)
        ).values_list("pk", flat=True)
    )


def inbox(
    user: User,
    filters: Filters | None = None,
    *,
    after: Key | None = None,
    before: Key | None = None,
    size: int = DEFAULT_PAGE_SIZE,
    desk: Desk | None = None,
) -> Page:
    """The work waiting on ``user``'s departments, oldest due first, one page at a time.

    ``desk`` is ``desk_of(user)`` if the caller has it already.
    """
    sources = _filtered(_sources(desk or desk_of(user)), filters or Filters())
    return _page(sources, after, before, size)


def inbox_count(user: User, *, desk: Desk | None = None, cap: int = 99) -> int:
    """How many rows the inbox has, up to ``cap + 1`` (a tab's badge): at most ``cap + 1``
    keys per source, never a count of the whole inbox."""
    total = 0
    for source in _sources(desk or desk_of(user)):
        qs = source.queryset.filter(**{f"{source.due}__isnull": False}).order_by()
        total += len(qs.values_list("pk", flat=True)[: cap + 1 - total])
        if total > cap:
            break
    return total


# e-supervision (the red/yellow list and its counts) reads the ledger only:
# ``onewindow.supervision.selectors``.
