"""Who may act on an outgoing document at each step: the one table the services enforce and the
pages read to offer actions (党政机关公文处理工作条例 Art. 19-24).

The drafter's department drafts and its office reviews (核稿); each countersigning department's
head or authorised signer countersigns for it (会签); the issuing department's authorised
leader signs off (签发); its document clerk numbers, seals and sends; a receiving department's
clerk signs for what was sent to it (签收).
"""

from __future__ import annotations

from onewindow.accounts.models import Role, RoleAssignment
from onewindow.office.models import DocumentStatus, OutgoingDocument

S = DocumentStatus
# action -> (the status it applies in, the roles that may take it in the issuing department)
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "edit": (S.DRAFT, (Role.DOCUMENT_DRAFTER,)),
    "submit": (S.DRAFT, (Role.DOCUMENT_DRAFTER,)),
    "review": (S.REVIEW, (Role.DOCUMENT_REVIEWER,)),
    "sign_off": (S.SIGN_OFF, (Role.DOCUMENT_SIGNER,)),
    "issue": (S.ISSUE, (Role.DOCUMENT_CLERK,)),
    "send": (S.SEND, (Role.DOCUMENT_CLERK,)),
}
# a countersigning department speaks through its head or its authorised signer
COUNTERSIGN_ROLES = (Role.HEAD, Role.DOCUMENT_SIGNER)
OFFICE_ROLES = (
    Role.DOCUMENT_DRAFTER,
    Role.DOCUMENT_REVIEWER,
    Role.DOCUMENT_SIGNER,
    Role.DOCUMENT_CLERK,
)


def is_official(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_official", False))


def departments_with(user, roles) -> set[int]:
    """The departments where ``user`` holds one of ``roles``."""
    if not is_official(user):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role__in=roles).values_list(
            "department_id", flat=True
        )
    )


def office_departments(user) -> set[int]:
    """The departments whose documents ``user`` works on in any office role."""
    return departments_with(user, OFFICE_ROLES)


def may(action: str, user, document: OutgoingDocument) -> bool:
    status, roles = ACTIONS[action]
    return document.status == status and document.department_id in departments_with(user, roles)


def countersign_departments(user, document: OutgoingDocument) -> set[int]:
    """The countersigning departments of ``document`` whose word ``user`` may give now."""
    if document.status != S.COUNTERSIGN:
        return set()
    asked = set(document.countersigners.values_list("pk", flat=True))
    return asked & departments_with(user, COUNTERSIGN_ROLES)


def actions_for(user, document: OutgoingDocument) -> list[str]:
    found = [action for action in ACTIONS if may(action, user, document)]
    if countersign_departments(user, document):
        found.append("countersign")
    return found


def may_read(user, document: OutgoingDocument) -> bool:
    """The issuing department's office staff, the countersigning departments while asked or
    after, and the receiving departments' clerks once it is sent to them."""
    if not is_official(user):
        return False
    if document.department_id in office_departments(user):
        return True
    mine = departments_with(user, (*COUNTERSIGN_ROLES, *OFFICE_ROLES))
    if mine & set(document.countersigners.values_list("pk", flat=True)):
        return True
    return document.dispatches.filter(recipient_id__in=mine).exists()
