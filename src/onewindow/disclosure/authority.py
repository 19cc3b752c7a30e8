"""Who may do what to a proactively disclosed document, in which state: the one table the
services enforce and the pages and the API read to offer actions.

政府信息公开条例 Art. 4: each agency's disclosure office (its officer drafts); Art. 17: the
agency sets up a confidentiality review (保密审查) before anything is disclosed, done by someone
other than the drafter; the head of the office approves the publication.
"""

from __future__ import annotations

from onewindow.accounts.models import Role, RoleAssignment
from onewindow.disclosure.models import Document, DocumentStatus, Validity

OFFICER = Role.DISCLOSURE_OFFICER
REVIEWER = Role.CONFIDENTIALITY_REVIEWER
HEAD = Role.DISCLOSURE_HEAD
DISCLOSURE_ROLES = (OFFICER, REVIEWER, HEAD)

EDITABLE = (DocumentStatus.DRAFT, DocumentStatus.RETURNED)

# action -> (statuses it applies in, roles that may take it)
ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "edit": (EDITABLE, (OFFICER,)),
    "submit": (EDITABLE, (OFFICER,)),
    "review": ((DocumentStatus.REVIEW,), (REVIEWER,)),
    "approve": ((DocumentStatus.APPROVAL,), (HEAD,)),
    "return": ((DocumentStatus.APPROVAL,), (HEAD,)),
    "repeal": ((DocumentStatus.PUBLISHED,), (HEAD,)),
    "expire": ((DocumentStatus.PUBLISHED,), (HEAD,)),
    "amend": ((DocumentStatus.PUBLISHED,), (HEAD,)),
}
ENDING = ("repeal", "expire", "amend")  # only while the document is in force


def agencies_of(user, roles=DISCLOSURE_ROLES) -> set[int]:
    """The agencies where ``user`` holds one of ``roles``."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_official", False)):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role__in=roles).values_list(
            "department_id", flat=True
        )
    )


def roles_at(user, agency_id: int) -> set[str]:
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_official", False)):
        return set()
    return set(
        RoleAssignment.objects.filter(
            user=user, department_id=agency_id, role__in=DISCLOSURE_ROLES
        ).values_list("role", flat=True)
    )


def may_take(action: str, user, document: Document, roles: set[str] | None = None) -> bool:
    statuses, allowed = ACTIONS[action]
    roles = roles_at(user, document.agency_id) if roles is None else roles
    if not roles & set(allowed) or document.status not in statuses:
        return False
    if action in ENDING and document.validity != Validity.IN_FORCE:
        return False
    # Art. 17: the confidentiality review is not done by the document's drafter.
    return not (action == "review" and document.created_by_id == user.pk)


def allowed_actions(user, document: Document) -> list[str]:
    roles = roles_at(user, document.agency_id)
    return [action for action in ACTIONS if may_take(action, user, document, roles)]
