"""Who may do what to a disclosure request: one table of actions by state and hat, read by the
services, the workbench pages and the API alike, so a page never offers what a service refuses.

Hats: the applicant (the account that applied), and in the request's agency its disclosure
officer, confidentiality reviewer (保密审查) and the head of its disclosure office.
"""

from __future__ import annotations

from onewindow.accounts.models import Role, RoleAssignment
from onewindow.disclosure.models import RequestStatus as S

APPLICANT, OFFICER, REVIEWER, HEAD = "applicant", "officer", "reviewer", "head"
STAFF = frozenset({OFFICER, HEAD})
ROLE_HATS = {
    Role.DISCLOSURE_OFFICER: OFFICER,
    Role.CONFIDENTIALITY_REVIEWER: REVIEWER,
    Role.DISCLOSURE_HEAD: HEAD,
}
OPEN = frozenset({S.RECEIVED, S.SUPPLEMENT, S.THIRD_PARTY, S.REVIEW})

# action -> (states it is allowed in, hats that may take it)
ACTIONS: dict[str, tuple[frozenset, frozenset]] = {
    "confirm_receipt": (frozenset({S.SUBMITTED}), STAFF),
    "send_supplement": (frozenset({S.RECEIVED}), STAFF),
    "answer_supplement": (frozenset({S.SUPPLEMENT}), frozenset({APPLICANT, *STAFF})),
    "consult_third_party": (frozenset({S.RECEIVED}), STAFF),
    "record_third_party_answer": (frozenset({S.THIRD_PARTY}), STAFF),
    "request_extension": (frozenset({S.RECEIVED, S.THIRD_PARTY}), STAFF),
    "decide_extension": (frozenset({S.RECEIVED, S.THIRD_PARTY, S.REVIEW}), frozenset({HEAD})),
    "send_fee_notice": (frozenset({S.RECEIVED}), STAFF),
    "record_payment": (frozenset({S.RECEIVED}), frozenset({APPLICANT, *STAFF})),
    "draft_reply": (frozenset({S.RECEIVED}), STAFF),
    "review_reply": (frozenset({S.REVIEW}), frozenset({REVIEWER})),
    "send_reply": (frozenset({S.REVIEW}), STAFF),
    "withdraw": (frozenset({S.SUBMITTED, *OPEN}), frozenset({APPLICANT})),
}


def staff_hats(user, agency_id: int) -> set[str]:
    """The hats ``user`` wears in the disclosure office of ``agency_id``."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_disclosure_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, role__in=list(ROLE_HATS)).values_list(
                "role", "department_id"
            )
        )
        user._disclosure_roles = cached
    return {ROLE_HATS[role] for role, dept in cached if dept == agency_id}


def agencies_of(user) -> set[int]:
    """The agencies in whose disclosure office ``user`` holds a role."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role__in=list(ROLE_HATS)).values_list(
            "department_id", flat=True
        )
    )


def hats(user, request) -> set[str]:
    found = staff_hats(user, request.agency_id)
    if request.applicant_id and getattr(user, "pk", None) == request.applicant_id:
        found.add(APPLICANT)
    return found


def allowed(user, request, action: str) -> bool:
    states, who = ACTIONS[action]
    return request.status in states and bool(hats(user, request) & who)


def actions_for(user, request) -> list[str]:
    """The actions ``user`` may take on ``request`` now, in the table's order."""
    return [action for action in ACTIONS if allowed(user, request, action)]
