"""Every read of incoming documents and instructions, limited to who may see them: the
receiving department's clerks and leaders, the handling department's staff, the readers of the
round and the leader who gave the instruction; 404 to everyone else, as for a document that
does not exist (``office.selectors.document_for``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from onewindow.office import authority
from onewindow.office import incoming as rules
from onewindow.office.incoming_models import IncomingDocument, Instruction

RECEIVING_ROLES = (*rules.CLERK_ROLES, *rules.LEADER_ROLES)


def _scope(user) -> Q:
    receiving = authority.departments_with(user, RECEIVING_ROLES)
    handling = authority.departments_with(user, rules.HANDLING_ROLES)
    return (
        Q(department_id__in=receiving)
        | Q(handling_department_id__in=handling)
        | Q(readings__reader_id=getattr(user, "pk", None))
        | Q(assigned_by_id=getattr(user, "pk", None))
    )


def incoming_for(user) -> QuerySet[IncomingDocument]:
    """The incoming documents ``user`` may see, newest first; none for anyone not an official."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_official", False)):
        return IncomingDocument.objects.none()
    ids = IncomingDocument.objects.filter(_scope(user)).values("pk")
    return (
        IncomingDocument.objects.filter(pk__in=ids)
        .select_related("department", "handling_department")
        .order_by("-created_at", "-pk")
    )


def document_for(user, pk: int) -> IncomingDocument:
    """The incoming document, for those who may see it; 404 to everyone else."""
    found = incoming_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def open_instructions(documents) -> dict[int, Instruction]:
    """The open (else the last) instruction of each of ``documents``, by document id."""
    found: dict[int, Instruction] = {}
    rows = Instruction.objects.filter(document__in=[d.pk for d in documents]).order_by("pk")
    for row in rows:  # the later wins, and an open one over any closed one
        if row.completed_at is None or found.get(row.document_id, row).completed_at is not None:
            found[row.document_id] = row
    return found


def instructions_for(user) -> QuerySet[Instruction]:
    """The instructions ``user`` may see: those they gave, those of a department where they
    handle documents, and those of an incoming document they may see; newest first."""
    if not authority.is_official(user):
        return Instruction.objects.none()
    visible = (
        Q(assigned_by_id=user.pk)
        | Q(department_id__in=authority.departments_with(user, rules.HANDLING_ROLES))
        | Q(document__in=incoming_for(user).order_by().values("pk"))
    )
    return (
        Instruction.objects.filter(visible)
        .select_related("department", "document", "assigned_by")
        .order_by("-started_at", "-pk")
    )


def instruction_for(user, pk: int) -> Instruction:
    """The instruction, for those who may see its document or act on it; 404 to others."""
    found = instructions_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def instructions_without_document(user) -> QuerySet[Instruction]:
    """The open instructions given outside a document (a meeting's decisions) that ``user``'s
    departments act on or that ``user`` gave, due first."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_official", False)):
        return Instruction.objects.none()
    handling = authority.departments_with(user, rules.HANDLING_ROLES)
    return (
        Instruction.objects.filter(document=None, completed_at=None)
        .filter(Q(department_id__in=handling) | Q(assigned_by_id=user.pk))
        .select_related("department", "assigned_by")
        .order_by("due_on", "pk")
    )
