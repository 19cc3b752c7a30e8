"""Who may do what to a consultation and its comments, in which state: the one table the
services enforce and the pages and the API read to offer actions.

A department's participation officer (征求意见专员) prepares, publishes and closes its drafts and
writes the feedback report; the platform's moderators decide on comments. Either may hide a
published comment with a published reason; nobody deletes one.
"""

from __future__ import annotations

from onewindow.accounts.models import Role, RoleAssignment
from onewindow.participation.models import CommentStatus, ConsultationStatus

OFFICER = "officer"  # a participation officer of the consultation's department
MODERATOR = "moderator"  # a participation moderator of the platform

S = ConsultationStatus
# action on a consultation -> (statuses it applies in, who may take it)
ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "edit": ((S.DRAFT,), (OFFICER,)),
    "publish": ((S.DRAFT,), (OFFICER,)),
    "close": ((S.OPEN,), (OFFICER,)),
    "write_report": ((S.CLOSED,), (OFFICER,)),
    "publish_report": ((S.CLOSED,), (OFFICER,)),
}
# action on a comment -> (comment statuses it applies in, who may take it)
COMMENT_ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "approve": ((CommentStatus.PENDING,), (MODERATOR,)),
    "reject": ((CommentStatus.PENDING,), (MODERATOR,)),
    "hide": ((CommentStatus.PUBLISHED,), (MODERATOR, OFFICER)),
}


def _official(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_official", False))


def departments_of(user) -> set[int]:
    """The departments where ``user`` is a participation officer."""
    if not _official(user):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role=Role.PARTICIPATION_OFFICER).values_list(
            "department_id", flat=True
        )
    )


def is_moderator(user) -> bool:
    return (
        _official(user)
        and RoleAssignment.objects.filter(user=user, role=Role.PARTICIPATION_MODERATOR).exists()
    )


def capacities(user, department_id: int) -> set[str]:
    found = set()
    if department_id in departments_of(user):
        found.add(OFFICER)
    if is_moderator(user):
        found.add(MODERATOR)
    return found


def may(action: str, user, consultation, held: set[str] | None = None) -> bool:
    statuses, allowed = ACTIONS[action]
    held = capacities(user, consultation.department_id) if held is None else held
    return consultation.status in statuses and bool(held & set(allowed))


def may_moderate(action: str, user, comment, held: set[str] | None = None) -> bool:
    statuses, allowed = COMMENT_ACTIONS[action]
    if held is None:
        held = capacities(user, comment.consultation.department_id)
    return comment.status in statuses and bool(held & set(allowed))


def allowed_actions(user, consultation) -> list[str]:
    held = capacities(user, consultation.department_id)
    return [a for a in ACTIONS if may(a, user, consultation, held)]
