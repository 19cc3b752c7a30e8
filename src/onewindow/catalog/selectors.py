"""Reads of the public catalogue: browse by domain, life event and department, and search."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from onewindow.accounts.models import Department
from onewindow.catalog import search
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.vocabulary import Domain, LifeEvent


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
    ranked = search.ranked_ids(q)
    by_id = {item.pk: item for item in items.filter(pk__in=ranked)}
    return _programmes_first(
        _whole_name_matches_first(q.strip(), [by_id[pk] for pk in ranked if pk in by_id])
    )


def _whole_name_matches_first(q: str, items: list[ServiceItem]) -> list[ServiceItem]:
    """Items whose name holds the query as typed come before items matching only its words."""
    return sorted(items, key=lambda item: q not in item.name and q not in item.name_en)


def _programmes_first(items: list[ServiceItem]) -> list[ServiceItem]:
    """A programme (e.g. talent certification) comes before the benefit services it starts."""
    result = list(items)
    for parent in items:
        benefits = set(parent.process_parameters.get("benefits", []))
        positions = [i for i, item in enumerate(result) if item.code in benefits]
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
