"""Who may do what to a ticket: one table of actions by state and hat, read by the services,
the workbench pages and the API alike, so a page never offers what a service would refuse.

A user wears one or more hats on a ticket: the citizen who reported it, an operator or a
dispatcher of the 12345 centre, the lead or a co-handling department, a supervisor.
"""

from __future__ import annotations

from django.db.models import Q

from onewindow.accounts.models import Role, RoleAssignment
from onewindow.hotline.models import AssignmentStatus, Status

CENTRE_CODE = "440100-12345"  # 广州市12345政府服务便民热线中心 (accounts/data/departments.yaml)

# The roles an official of a department handles tickets with (not the hotline's own roles).
HANDLER_ROLES = (Role.WINDOW_CLERK, Role.REVIEWER, Role.HEAD)

CITIZEN, OPERATOR, DISPATCHER, LEAD, CO, SUPERVISOR = (
    "citizen",
    "operator",
    "dispatcher",
    "lead",
    "co",
    "supervisor",
)
CENTRE = frozenset({OPERATOR, DISPATCHER})

# action -> (states it is allowed in, hats that may take it)
ACTIONS: dict[str, tuple[frozenset, frozenset]] = {
    "take": (frozenset({Status.RECEIVED}), CENTRE),
    "not_accept": (frozenset({Status.RECEIVED}), CENTRE),
    "answer": (frozenset({Status.RECEIVED, Status.ACCEPTED}), CENTRE),
    "dispatch": (frozenset({Status.ACCEPTED, Status.DISPATCHED}), frozenset({DISPATCHER})),
    "accept_dispatch": (frozenset({Status.DISPATCHED, Status.HANDLING}), frozenset({LEAD, CO})),
    "return_dispatch": (frozenset({Status.DISPATCHED, Status.HANDLING}), frozenset({LEAD, CO})),
    # 协办意见: a co-handling department that accepted its share gives the lead its opinion
    "record_opinion": (frozenset({Status.DISPATCHED, Status.HANDLING}), frozenset({CO})),
    "request_extension": (frozenset({Status.HANDLING}), frozenset({LEAD})),
    "decide_extension": (frozenset({Status.HANDLING, Status.REPLIED}), frozenset({DISPATCHER})),
    "reply": (frozenset({Status.HANDLING}), frozenset({LEAD})),
    "check_reply": (frozenset({Status.REPLIED}), frozenset({DISPATCHER})),
    "callback": (frozenset({Status.CALLBACK}), CENTRE),
    "rate": (frozenset({Status.CALLBACK, Status.CLOSED}), frozenset({CITIZEN})),
    "reopen": (frozenset({Status.CALLBACK, Status.CLOSED}), frozenset({CITIZEN, *CENTRE})),
    "reveal_caller": (frozenset(Status), frozenset({LEAD, CO, *CENTRE, SUPERVISOR})),
}


def _roles(user) -> list[tuple[str, int, str]]:
    """(role, department id, division code) of every role the user holds, cached per request."""
    cached = getattr(user, "_hotline_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).values_list(
                "role", "department_id", "department__division_id"
            )
        )
        user._hotline_roles = cached
    return cached


def is_operator(user) -> bool:
    return _official(user) and any(r == Role.HOTLINE_OPERATOR for r, _, _ in _roles(user))


def is_dispatcher(user) -> bool:
    return _official(user) and any(r == Role.DISPATCHER for r, _, _ in _roles(user))


def is_centre(user) -> bool:
    return is_operator(user) or is_dispatcher(user)


def handling_departments(user) -> set[int]:
    """The departments whose tickets ``user`` handles."""
    if not _official(user):
        return set()
    return {d for r, d, _ in _roles(user) if r in HANDLER_ROLES}


def division_prefix(code: str) -> str:
    """The prefix of every division inside ``code``: 440100 → 4401, 440000 → 44."""
    code = code or ""
    while len(code) > 2 and len(code) <= 6 and code.endswith("00"):
        code = code[:-2]
    return code


def supervised_divisions(user) -> list[str]:
    """Division prefixes a supervisor oversees (those of their departments' divisions)."""
    if not _official(user):
        return []
    return sorted({division_prefix(v) for r, _, v in _roles(user) if r == Role.SUPERVISOR})


def supervises(user, ticket) -> bool:
    return any(ticket.division_code.startswith(p) for p in supervised_divisions(user))


def supervisor_filter(user) -> Q:
    query = Q(pk__in=[])
    for prefix in supervised_divisions(user):
        query |= Q(division_code__startswith=prefix)
    return query


def _official(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_official)


LIVE_ASSIGNMENTS = (AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED, AssignmentStatus.DONE)


def hats(user, ticket) -> set[str]:
    """Every hat ``user`` wears on ``ticket``."""
    found: set[str] = set()
    if user is None or not user.is_authenticated:
        return found
    if ticket.caller_id and ticket.caller_id == user.pk:
        found.add(CITIZEN)
    if not user.is_official:
        return found
    if is_operator(user):
        found.add(OPERATOR)
    if is_dispatcher(user):
        found.add(DISPATCHER)
    if supervises(user, ticket):
        found.add(SUPERVISOR)
    departments = handling_departments(user)
    if departments:
        for assignment in ticket.assignments.all():
            if assignment.department_id in departments and assignment.status in LIVE_ASSIGNMENTS:
                found.add(LEAD if assignment.role == "lead" else CO)
    return found


def may(user, action: str, ticket) -> bool:
    states, allowed = ACTIONS[action]
    return ticket.status in states and bool(hats(user, ticket) & allowed)


def allowed_actions(user, ticket) -> list[str]:
    """The actions ``user`` may take on ``ticket`` now, in the table's order."""
    worn = hats(user, ticket)
    return [
        action
        for action, (states, allowed) in ACTIONS.items()
        if ticket.status in states and worn & allowed
    ]
