"""What anyone may read of proactive disclosure: published documents only (政府信息公开条例
Art. 19–26), never a draft, a returned document or a reviewer's note. A repealed or expired
document stays listed, marked with its date and replacement, never hidden."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.disclosure import search as fts
from onewindow.disclosure.models import Document, DocumentStatus, Guide, Validity
from onewindow.disclosure.vocab import Category

LATEST = 10


def published() -> QuerySet[Document]:
    """Every published document, newest first, with what its page and listings show."""
    return (
        Document.objects.filter(status=DocumentStatus.PUBLISHED)
        .select_related("agency", "replaced_by")
        .order_by("-published_at", "-id")
    )


def latest(count: int = LATEST) -> list[Document]:
    return list(published()[:count])


@dataclass
class CategoryCount:
    code: str
    label: str
    count: int
    number: int  # its item of Art. 20, 1 to 15


def category_counts(agency: Department | None = None) -> list[CategoryCount]:
    """The 15 categories of Art. 20 in the law's order, each with its published documents."""
    documents = Document.objects.filter(status=DocumentStatus.PUBLISHED)
    if agency is not None:
        documents = documents.filter(agency=agency)
    counts = dict(documents.values_list("category").annotate(n=Count("id")).order_by())
    return [
        CategoryCount(code, str(label), counts.get(code, 0), number)
        for number, (code, label) in enumerate(Category.choices, start=1)
    ]


@dataclass
class Agency:
    department: Department
    count: int
    has_guide: bool

    @property
    def code(self) -> str:
        return self.department.code

    @property
    def name(self) -> str:
        return self.department.display_name


def agencies() -> list[Agency]:
    """Agencies that have a disclosure guide or published documents, by name."""
    counts = dict(
        Document.objects.filter(status=DocumentStatus.PUBLISHED)
        .values_list("agency")
        .annotate(n=Count("id"))
        .order_by()
    )
    with_guide = set(Guide.objects.values_list("agency_id", flat=True))
    departments = Department.objects.filter(Q(pk__in=counts) | Q(pk__in=with_guide))
    return sorted(
        (Agency(d, counts.get(d.pk, 0), d.pk in with_guide) for d in departments),
        key=lambda a: a.department.code,
    )


def agency(code: str) -> Department | None:
    """The agency ``code`` names, when it discloses anything (a guide or a document)."""
    department = Department.objects.filter(code=code).first()
    if department is None:
        return None
    if guide(department) is None and not published().filter(agency=department).exists():
        return None
    return department


def guide(department: Department) -> Guide | None:
    return Guide.objects.filter(agency=department).first()


@dataclass
class Section:
    category: CategoryCount
    documents: list[Document] = field(default_factory=list)


def catalogue(department: Department) -> list[Section]:
    """An agency's catalogue (公开目录): its published documents grouped by Art. 20 category in
    the law's order; empty categories are kept so the reader sees what there is none of."""
    by_category: dict[str, list[Document]] = {}
    for doc in published().filter(agency=department):
        by_category.setdefault(doc.category, []).append(doc)
    return [Section(c, by_category.get(c.code, [])) for c in category_counts(department)]


def in_category(category: str) -> QuerySet[Document]:
    return published().filter(category=category)


def document(index_number: str) -> Document | None:
    """A published document by its index number (索引号)."""
    return published().filter(index_number=index_number).first()


def replaces(doc: Document) -> list[Document]:
    """The published documents this one replaced."""
    return list(published().filter(replaced_by=doc))


def years() -> list[int]:
    """Years with published documents, newest first (the search's year filter)."""
    dates = Document.objects.filter(status=DocumentStatus.PUBLISHED, published_at__isnull=False)
    return sorted({d.year for d in dates.dates("published_at", "year")}, reverse=True)


@dataclass
class Hit:
    document: Document
    title: str  # marked
    snippet: str  # marked


@dataclass
class Results:
    total: int
    hits: list[Hit]


def search(query: str, filters: fts.Filters, *, offset: int, limit: int) -> Results:
    """One page of search results, each with its title and a snippet of its text marked."""
    found = fts.search(query, filters, offset=offset, limit=limit)
    documents = published().order_by().in_bulk(found.ids)  # ordered by the search
    hits = []
    for pk in found.ids:
        doc = documents.get(pk)
        if doc is None:
            continue
        hits.append(
            Hit(
                doc,
                fts.mark(title(doc), found.words),
                fts.snippet(localized(doc, "body"), found.words),
            )
        )
    return Results(found.total, hits)


def title(doc: Document) -> str:
    return localized(doc, "title")


def for_feed(*, agency: Department | None = None, category: str | None = None, count: int = 50):
    documents = published()
    if agency is not None:
        documents = documents.filter(agency=agency)
    if category is not None:
        documents = documents.filter(category=category)
    return list(documents[:count])


def ended(doc: Document) -> bool:
    """Repealed, expired or amended: shown with its date and replacement."""
    return doc.validity != Validity.IN_FORCE
