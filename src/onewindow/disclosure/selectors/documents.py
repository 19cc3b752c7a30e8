"""Reads of proactively disclosed documents, with their permissions: the officials of an
agency's disclosure office (officer, reviewer, head) see all of its documents, drafts included;
everyone else sees only what is published."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from onewindow.disclosure import authority, ledger, privacy
from onewindow.disclosure.errors import DocumentNotFound
from onewindow.disclosure.models import Document, DocumentEvent, DocumentStatus
from onewindow.supervision.models import Matter

RUNNING = (
    DocumentStatus.DRAFT,
    DocumentStatus.REVIEW,
    DocumentStatus.APPROVAL,
    DocumentStatus.RETURNED,
)


def published() -> QuerySet[Document]:
    """What anyone may read: published documents, in force or not (never deleted)."""
    return Document.objects.filter(status=DocumentStatus.PUBLISHED).select_related("agency")


def office_documents(user, *, status: str = "", agency: int | None = None) -> QuerySet[Document]:
    """The documents of the agencies where ``user`` holds a disclosure role (none otherwise)."""
    agencies = authority.agencies_of(user)
    if agency is not None:
        agencies &= {agency}
    documents = Document.objects.filter(agency_id__in=agencies).select_related("agency")
    if status:
        documents = documents.filter(status=status)
    return documents.order_by("-updated_at", "-pk")


def document_for(user, pk) -> Document:
    """One document: the office's officials see it in any state, others only when published."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise DocumentNotFound(pk) from None
    document = (
        Document.objects.select_related(
            "agency", "replaced_by", "created_by", "reviewed_by", "approved_by"
        )
        .filter(pk=key)
        .first()
    )
    if document is None:
        raise DocumentNotFound(pk)
    if document.status != DocumentStatus.PUBLISHED and not authority.roles_at(
        user, document.agency_id
    ):
        raise DocumentNotFound(pk)
    return document


def may_manage(user, document: Document) -> bool:
    return bool(authority.roles_at(user, document.agency_id))


def history(document: Document) -> QuerySet[DocumentEvent]:
    return document.events.select_related("actor").order_by("at", "pk")


def findings(document: Document) -> list[privacy.Finding]:
    """The personal data still in the document's texts (what the review must decide on)."""
    return privacy.detect_fields(document)


def clocks(documents) -> dict[int, Matter]:
    """The ledger row of each running document, by document id (one query)."""
    keys = [str(d.pk) for d in documents]
    rows = Matter.objects.filter(kind=ledger.KIND, key__in=keys)
    return {int(row.key): row for row in rows}


def due_colour(matter: Matter | None, now: datetime | None = None) -> str:
    """ "red" once past the Art. 26 due date, "yellow" from the ledger's yellow instant, else ""
    (and "" once the matter is closed)."""
    if matter is None or matter.closed_at is not None:
        return ""
    now = now or timezone.now()
    if now >= matter.due_at:
        return "red"
    if now >= matter.yellow_from:
        return "yellow"
    return ""


def due_on(matter: Matter | None) -> date | None:
    return matter.due_on if matter else None


def counts(user) -> dict[str, int]:
    """How many of the office's documents are in each status."""
    out = dict.fromkeys(DocumentStatus.values, 0)
    for status in office_documents(user).values_list("status", flat=True):
        out[status] += 1
    return out
