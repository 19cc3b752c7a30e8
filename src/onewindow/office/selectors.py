"""Every read of 公文, limited to who may see it (``office.authority``): the documents waiting
for the user's step, the department's documents, what other agencies sent to it."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.http import Http404

from onewindow.accounts.models import Role
from onewindow.office import authority, workflow
from onewindow.office.models import Dispatch, DocumentStatus, OutgoingDocument

S = DocumentStatus
# the status in which each role of the issuing department acts
ROLE_STATUS = {
    Role.DOCUMENT_DRAFTER: S.DRAFT,
    Role.DOCUMENT_REVIEWER: S.REVIEW,
    Role.DOCUMENT_SIGNER: S.SIGN_OFF,
    Role.DOCUMENT_CLERK: S.ISSUE,
}


def _documents() -> QuerySet[OutgoingDocument]:
    return OutgoingDocument.objects.select_related("department", "drafter", "signer")


def waiting_for(user) -> list[OutgoingDocument]:
    """The documents waiting for ``user``'s step, oldest change first; a draft only for its
    own drafter."""
    mine = Q(pk__in=[])
    for role, status in ROLE_STATUS.items():
        departments = authority.departments_with(user, (role,))
        if departments:
            scope = Q(department_id__in=departments, status=status)
            if role == Role.DOCUMENT_DRAFTER:
                scope &= Q(drafter=user)
            if role == Role.DOCUMENT_CLERK:
                scope = Q(department_id__in=departments, status__in=(S.ISSUE, S.SEND))
            mine |= scope
    found = list(_documents().filter(mine).order_by("updated_at", "pk"))
    countersigning = authority.departments_with(user, authority.COUNTERSIGN_ROLES)
    if countersigning:
        asked = (
            _documents()
            .filter(status=S.COUNTERSIGN, countersigners__in=countersigning)
            .distinct()
            .order_by("updated_at", "pk")
        )
        for document in asked:
            flow = workflow.load(document.workflow_state)
            pending = {code for step, code in workflow.ready(flow) if step == "countersign"}
            codes = set(
                document.countersigners.filter(pk__in=countersigning).values_list("code", flat=True)
            )
            if pending & codes and document not in found:
                found.append(document)
    return found


def documents_of(user) -> QuerySet[OutgoingDocument]:
    """The documents of the departments where ``user`` holds an office role, newest first."""
    return _documents().filter(department_id__in=authority.office_departments(user))


def readable(user) -> QuerySet[OutgoingDocument]:
    """Every document ``user`` may read (``authority.may_read`` as one query), newest first."""
    if not authority.is_official(user):
        return OutgoingDocument.objects.none()
    mine = authority.departments_with(user, (*authority.COUNTERSIGN_ROLES, *authority.OFFICE_ROLES))
    ids = OutgoingDocument.objects.filter(
        Q(department_id__in=authority.office_departments(user))
        | Q(countersigners__in=mine)
        | Q(dispatches__recipient_id__in=mine)
    ).values("pk")
    return _documents().filter(pk__in=ids).order_by("-created_at", "-pk")


def received(user) -> QuerySet[Dispatch]:
    """What other agencies sent to the departments where ``user`` is the document clerk,
    not yet signed for first, then newest first."""
    departments = authority.departments_with(user, (Role.DOCUMENT_CLERK,))
    return (
        Dispatch.objects.filter(recipient_id__in=departments)
        .select_related("document", "document__department", "recipient", "signed_for_by")
        .order_by(F("signed_for_at").asc(nulls_first=True), "-sent_at", "-pk")
    )


def document_for(user, pk: int) -> OutgoingDocument:
    """The document, for those who may read it; 404 to everyone else, as for a document that
    does not exist, so that nobody learns what another agency is drafting."""
    document = _documents().filter(pk=pk).first()
    if document is None or not authority.may_read(user, document):
        raise Http404
    return document


def numbered(user, number: str) -> OutgoingDocument | None:
    """The issued document numbered ``number`` (文号), if ``user`` may read it."""
    document = _documents().filter(number=number.strip()).first() if number.strip() else None
    return document if document is not None and authority.may_read(user, document) else None


def pending_countersigners(document: OutgoingDocument) -> set[str]:
    """The codes of the departments whose countersignature the flow still waits for."""
    if document.status != S.COUNTERSIGN:
        return set()
    flow = workflow.load(document.workflow_state)
    return {code for step, code in workflow.ready(flow) if step == "countersign"}
