"""Reads of the public catalogue: browse by domain, life event and department, and search."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from onewindow.accounts.models import Department
from onewindow.catalog import ranking
from onewindow.catalog.models import ItemInstance, ServiceItem
from onewindow.catalog.vocabulary import Domain, LifeEvent
from onewindow.core.models import Division


def published_items() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.filter(published=True).select_related(
        "lead_department", "process", "output_certificate"
    )


def find_items(
    *, q: str = "", domain: str = "", life_event: str = "", department: str = ""
) -> list[ServiceItem] | QuerySet[ServiceItem]:
    """Published items matching every given filter; with ``q``, best match first."""
    items = published_items()
    if domain:
        items = items.filter(domain=domain)
    if life_event:
        items = items.filter(life_events__event=life_event)
    if department:
        items = items.filter(
            Q(lead_department__code=department) | Q(co_departments__code=department)
        ).distinct()
    if not q.strip():
        return items
    return [found.item for found in _search(items, q).found]


@dataclass
class Found:
    """An item found by a search, with why it matched (``ranking.Reason``) and whether it is
    one of the best matches or a related service."""

    item: ServiceItem
    reasons: list[ranking.Reason]
    best: bool


@dataclass
class SearchResults:
    query: str
    found: list[Found]
    correction: str = ""  # the spelling searched instead of the query (您是不是要找)

    @property
    def best(self) -> list[Found]:
        return [found for found in self.found if found.best]

    @property
    def related(self) -> list[Found]:
        return [found for found in self.found if not found.best]

    def __len__(self) -> int:
        return len(self.found)


def search_items(
    *, q: str, domain: str = "", life_event: str = "", department: str = ""
) -> SearchResults:
    """Published items for what ``q`` means, best matches first, each with its reasons; the
    same ranking as ``find_items`` (the catalogue page and the API)."""
    items = find_items(domain=domain, life_event=life_event, department=department)
    return _search(items, q)


def suggestions(q: str, limit: int = 8) -> list[Found]:
    """What to suggest while ``q`` is being typed: the best matches, else the first related."""
    return _search(published_items(), q).found[:limit]


# What a result list never shows: left in the database so a search decodes less JSON and XML.
_NOT_LISTED = (
    "form_schema", "faq", "legal_basis", "in_person_steps", "service_locations", "summary",
    "summary_en", "acceptance_conditions", "acceptance_conditions_en", "joint_handling_source",
    "output_holder", "process__bpmn", "output_certificate__fields",
)  # fmt: skip


def _search(items: QuerySet[ServiceItem], q: str) -> SearchResults:
    outcome = ranking.rank(q)
    rows = items.filter(pk__in=[hit.item_id for hit in outcome.hits]).defer(*_NOT_LISTED)
    by_id = {item.pk: item for item in rows}
    found = [
        Found(by_id[hit.item_id], hit.reasons, hit.best)
        for hit in outcome.hits
        if hit.item_id in by_id
    ]
    best = _programmes_first([f for f in found if f.best])
    return SearchResults(outcome.query, best + [f for f in found if not f.best], outcome.correction)


def _programmes_first(found: list[Found]) -> list[Found]:
    """A programme (e.g. talent certification) comes before the benefit services it starts."""
    result = list(found)
    for parent in found:
        benefits = set(parent.item.process_parameters.get("benefits", []))
        positions = [i for i, other in enumerate(result) if other.item.code in benefits]
        if positions and min(positions) < result.index(parent):
            result.remove(parent)
            result.insert(min(positions), parent)
    return result


def item_by_code(code: str) -> ServiceItem | None:
    return (
        published_items()
        .prefetch_related("co_departments", "life_events", "materials__certificate_type")
        .filter(code=code)
        .first()
    )


def items_by_codes(codes: list[str]) -> list[ServiceItem]:
    """The published items with these codes, in the order given."""
    by_code = {item.code: item for item in published_items().filter(code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


def domain_counts() -> list[tuple[str, str, int]]:
    """(code, label, count) for every domain, in the catalogue's order."""
    counts = dict(
        published_items().values_list("domain").annotate(n=Count("id")).values_list("domain", "n")
    )
    return [(code, label, counts.get(code, 0)) for code, label in Domain.choices]


def life_event_counts() -> list[tuple[str, str, int]]:
    counts = dict(
        ServiceItem.objects.filter(published=True)
        .values_list("life_events__event")
        .annotate(n=Count("id"))
        .values_list("life_events__event", "n")
    )
    return [(code, label, counts.get(code, 0)) for code, label in LifeEvent.choices]


def departments_with_items() -> list[tuple[Department, int]]:
    """Departments that lead or co-handle a published item, with how many."""
    departments = Department.objects.annotate(
        n=Count(
            "led_items",
            filter=Q(led_items__published=True),
            distinct=True,
        )
        + Count(
            "co_handled_items",
            filter=Q(co_handled_items__published=True),
            distinct=True,
        )
    ).filter(n__gt=0)
    return [(d, d.n) for d in departments.order_by("code")]


def departments_of(item: ServiceItem) -> dict[str, Department]:
    """The lead and co-departments of ``item`` by code."""
    departments = {item.lead_department.code: item.lead_department}
    departments.update({d.code: d for d in item.co_departments.all()})
    return departments


@dataclass(frozen=True)
class PlaceGroup:
    """The instances of an item in one district (the district's own first, then its streets)."""

    district: Division | None  # None: city-level instances
    instances: list[ItemInstance]


def instances_of(item: ServiceItem) -> QuerySet[ItemInstance]:
    """The item's published instances with what the guide shows (centre address and hours)."""
    return (
        ItemInstance.objects.filter(item=item, published=True)
        .select_related("division", "department", "service_centre")
        .order_by("division__path")
    )


def find_instances(item: ServiceItem, q: str = "") -> QuerySet[ItemInstance]:
    """The item's instances whose division, or whose division's district, matches ``q``."""
    qs = instances_of(item).select_related("division__parent")
    q = (q or "").strip()[:40]
    if not q:
        return qs
    match = Q(name__icontains=q) | Q(name_en__icontains=q) | Q(code__startswith=q)
    districts = Division.objects.filter(match, level=Division.Level.COUNTY).values("code")
    return qs.filter(
        Q(division__name__icontains=q)
        | Q(division__name_en__icontains=q)
        | Q(division__code__startswith=q)
        | Q(division__parent__in=districts)
    )


def places_for(item: ServiceItem, q: str = "", *, limit: int = 40) -> tuple[list[PlaceGroup], int]:
    """Where ``item`` can be applied for, grouped by district, filtered by ``q`` (a name in
    Chinese or English, or a code, matching the division or its district); at most ``limit``
    instances, and how many matched in all."""
    qs = find_instances(item, q)
    total = qs.count()
    groups: dict[str, PlaceGroup] = {}
    parents = {}
    for instance in qs[:limit]:
        division = instance.division
        if division.level == Division.Level.PREFECTURE:
            key = ""
        elif division.level == Division.Level.COUNTY:
            key = division.code
            parents[key] = division
        else:
            key = division.parent_id
        groups.setdefault(key, PlaceGroup(None, [])).instances.append(instance)
    missing = [k for k in groups if k and k not in parents]
    parents.update({d.code: d for d in Division.objects.filter(code__in=missing)})
    ordered = [
        PlaceGroup(parents.get(key), group.instances) for key, group in sorted(groups.items())
    ]
    return ordered, total


def instance_in(item: ServiceItem, division_code: str) -> ItemInstance | None:
    return instances_of(item).filter(division_id=division_code).first()
