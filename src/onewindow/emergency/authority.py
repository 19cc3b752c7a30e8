"""Who may act on warnings: the one table the services enforce and the pages read.

A duty officer (值班员) of a department proposes and sends its warnings; a second person, the
commander (指挥长) or the head of that department, approves an orange or red one. Everyone,
signed in or not, reads the warnings in force.
"""

from __future__ import annotations

from onewindow.accounts.models import Role
from onewindow.cases.authority import departments_with_role

ISSUE_ROLES = (Role.DUTY_OFFICER,)
APPROVE_ROLES = (Role.COMMANDER, Role.HEAD)
DESK_ROLES = (Role.DUTY_OFFICER, Role.COMMANDER)


def issuing_for(user) -> set[int]:
    """The departments whose warnings ``user`` proposes, changes and cancels."""
    return departments_with_role(user, ISSUE_ROLES)


def approving_for(user) -> set[int]:
    """The departments whose orange and red warnings ``user`` approves."""
    return departments_with_role(user, APPROVE_ROLES)


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
