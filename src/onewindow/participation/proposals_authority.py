"""Who may do what to a citizen's proposal: one table of actions by state and hat, read by the
services, the hall and workbench pages and the API alike, so a page never offers what a service
refuses.

Hats: the author; a supporter (any verified citizen or enterprise who is not the author); the
platform's participation moderator; the participation officer of the responsible department.
"""

from __future__ import annotations

from django.utils import timezone

from onewindow.accounts.identity.selectors import is_real_name_verified
from onewindow.accounts.models import Role, RoleAssignment
from onewindow.participation.models import ProposalStatus as S

AUTHOR, SUPPORTER, MODERATOR, OFFICER = "author", "supporter", "moderator", "officer"

# action -> (states it is allowed in, hats that may take it)
ACTIONS: dict[str, tuple[frozenset, frozenset]] = {
    "support": (frozenset({S.PUBLISHED}), frozenset({SUPPORTER})),
    "publish": (frozenset({S.PENDING}), frozenset({MODERATOR})),
    "reject": (frozenset({S.PENDING}), frozenset({MODERATOR})),
    "assign": (frozenset({S.PENDING, S.PUBLISHED}), frozenset({MODERATOR})),
    "merge": (frozenset({S.PENDING, S.PUBLISHED}), frozenset({MODERATOR})),
    "hide": (frozenset({S.PUBLISHED, S.ANSWERED}), frozenset({MODERATOR})),
    # a department may answer any published proposal, before the threshold too
    "answer": (frozenset({S.PUBLISHED}), frozenset({OFFICER})),
}


def _roles(user) -> list[tuple[str, int]]:
    cached = getattr(user, "_participation_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(
                user=user, role__in=[Role.PARTICIPATION_OFFICER, Role.PARTICIPATION_MODERATOR]
            ).values_list("role", "department_id")
        )
        user._participation_roles = cached
    return cached


def is_moderator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(role == Role.PARTICIPATION_MODERATOR for role, _dept in _roles(user))


def departments_of(user) -> set[int]:
    """The departments where ``user`` is a participation officer."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {dept for role, dept in _roles(user) if role == Role.PARTICIPATION_OFFICER}


def may_take_part(user) -> bool:
    """A signed-in citizen or enterprise whose identity is verified (实名认证): only they may
    propose and support, so that one support is one person."""
    return is_real_name_verified(user)


def hats(user, proposal) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    found = set()
    if proposal.author_id == user.pk:
        found.add(AUTHOR)
    elif may_take_part(user):
        found.add(SUPPORTER)
    if is_moderator(user):
        found.add(MODERATOR)
    if proposal.department_id and proposal.department_id in departments_of(user):
        found.add(OFFICER)
    return found


def support_open(proposal) -> bool:
    """Supports are taken until the end of the support period (its last day included)."""
    ends = proposal.support_ends_on
    return proposal.status == S.PUBLISHED and ends is not None and timezone.localdate() <= ends


def allowed(user, proposal, action: str) -> bool:
    states, who = ACTIONS[action]
    if action == "support" and not support_open(proposal):
        return False
    return proposal.status in states and bool(hats(user, proposal) & who)


def actions_for(user, proposal) -> list[str]:
    """The actions ``user`` may take on ``proposal`` now, in the table's order."""
    return [action for action in ACTIONS if allowed(user, proposal, action)]
