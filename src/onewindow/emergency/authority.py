"""Who may act on warnings: the one table the services enforce and the pages read.

A duty officer (值班员) of a department proposes and sends its warnings; a second person, the
commander (指挥长) or the head of that department, approves an orange or red one. Everyone,
signed in or not, reads the warnings in force.
"""

from __future__ import annotations

from django.db.models import Q

from onewindow.accounts.models import Department, Role
from onewindow.cases.authority import departments_with_role

ISSUE_ROLES = (Role.DUTY_OFFICER,)
APPROVE_ROLES = (Role.COMMANDER, Role.HEAD)
DESK_ROLES = (Role.DUTY_OFFICER, Role.COMMANDER)
COMMAND_ROLES = (Role.COMMANDER, Role.HEAD)
TASK_ROLES = (Role.DUTY_OFFICER, Role.COMMANDER, Role.HEAD)


def issuing_for(user) -> set[int]:
    """The departments whose warnings ``user`` proposes, changes and cancels."""
    return departments_with_role(user, ISSUE_ROLES)


def approving_for(user) -> set[int]:
    """The departments whose orange and red warnings ``user`` approves."""
    return departments_with_role(user, APPROVE_ROLES)


def commanding_for(user) -> set[int]:
    """The departments whose emergency plans ``user`` activates, raises, lowers and ends: its
    commander (指挥长) or head decides the response (突发事件应对法 Art. 48)."""
    return departments_with_role(user, COMMAND_ROLES)


def tasked_for(user) -> set[int]:
    """The departments whose plan tasks ``user`` acknowledges and reports back on: the duty
    officers, commanders and heads of the department a task is assigned to."""
    return departments_with_role(user, TASK_ROLES)


def desk_for(user) -> set[int]:
    """The departments whose warning desk ``user`` sees: duty officers and commanders, and the
    heads of departments that have issued a warning."""
    from onewindow.emergency.models import Warning

    departments = departments_with_role(user, DESK_ROLES)
    heads = departments_with_role(user, (Role.HEAD,)) - departments
    if heads:
        departments |= set(
            Warning.objects.filter(department_id__in=heads)
            .values_list("department_id", flat=True)
            .distinct()
        )
    return departments


# ---------------------------------------------------------------------------------------------
# Resources and dispatch (resources.py, dispatches.py): the rules the services enforce and the
# pages read.


def keeping_for(user) -> set[int]:
    """The departments whose resources ``user`` manages: their duty officers, commanders and
    heads (``TASK_ROLES``, who act on plan tasks too) add and change them, record a shelter's
    occupancy, acknowledge their dispatches and report their status, and answer the requests
    sent to the department."""
    return tasked_for(user)


def sees_resources(user) -> bool:
    """Every official at an emergency desk sees all the resources: they are public to
    responders, whoever keeps them."""
    return bool(keeping_for(user))


def dispatchable(user, chain: set[int]):
    """A filter on ``Resource``: those ``user`` may dispatch to an incident whose chain of
    departments is ``chain`` (``incidents.involved``): the ones their own department keeps, and,
    at the duty desk of a department on the chain, those of departments in its division and the
    divisions below it (a city's command calls on the city's and its districts' resources)."""
    allowed = Q(department_id__in=keeping_for(user))
    on_chain = Department.objects.filter(pk__in=desk_for(user) & chain)
    for department in on_chain.select_related("division"):
        allowed |= Q(department__division__path__startswith=department.division.path)
    return allowed


def dispatching_department(user, resource, chain: set[int]):
    """The department ``user`` dispatches ``resource`` for: its keeper when that is theirs,
    else the nearest department of theirs on the chain whose division covers the keeper's;
    None when they may not dispatch it."""
    if resource.department_id in keeping_for(user):
        return resource.department
    path = resource.department.division.path
    covering = [
        department
        for department in Department.objects.filter(pk__in=desk_for(user) & chain)
        .select_related("division")
        .order_by("code")
        if path.startswith(department.division.path)
    ]
    return max(covering, key=lambda d: len(d.division.path), default=None)


def dispatch_moves(user, dispatch) -> list[str]:
    """What ``user`` may do to ``dispatch`` now: the keeper's desk moves it to its next status
    (acknowledged, en route, on site, done); the keeper or the dispatching desk cancels it while
    it is not done ("cancelled")."""
    from onewindow.emergency.resource_models import LIVE

    if dispatch.status not in LIVE:
        return []
    moves = []
    keeper = dispatch.resource.department_id in keeping_for(user)
    if keeper and dispatch.next_status:
        moves.append(dispatch.next_status)
    if keeper or dispatch.department_id in desk_for(user):
        moves.append("cancelled")
    return moves


def requesting_for(user, chain: set[int]) -> set[int]:
    """The departments ``user`` sends requests for resources from, about an incident whose
    chain is ``chain``: the duty desks of the departments on it."""
    return desk_for(user) & chain


def may_answer(user, request) -> bool:
    """The desk of the department asked answers a request while it is open."""
    return request.state == "open" and request.recipient_id in keeping_for(user)
