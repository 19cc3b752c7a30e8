"""The service centre's output window (统一出件): one counter hands out every department's results.

A case's results go out at the service centre of its item instance (实施清单,
``ItemInstance.service_centre``) or, for a case without one, at its division's service
centre (a department of kind service centre in that division). That centre's window
clerks deliver the case once it is decided, whichever department led it, as do the lead
department's own window clerks; they also take the fees due at the counter. Nobody else at the
centre gains anything from this.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from onewindow.accounts.models import Department, Role, RoleAssignment, User


def is_service_centre(kind: str) -> bool:
    return kind == Department.Kind.SERVICE_CENTRE


def division_centre(division_code: str) -> Department | None:
    """The service centre of ``division_code``, if there is one."""
    return (
        Department.objects.filter(division__code=division_code, kind=Department.Kind.SERVICE_CENTRE)
        .order_by("code")
        .first()
    )


def service_centre(case) -> Department | None:
    """The department whose output window hands out ``case``'s result."""
    if case.instance_id is not None:
        return case.instance.service_centre
    return division_centre(case.division_code)


@dataclass(frozen=True)
class Centres:
    """The service centres where a user is a window clerk: their ids and divisions."""

    ids: frozenset[int] = frozenset()
    divisions: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.ids)


def centres_of(held) -> Centres:
    """From (role, department id, code, division code, kind) rows of a user's roles."""
    found = [
        (department, division)
        for role, department, code, division, kind in held
        if role == Role.WINDOW_CLERK and is_service_centre(kind)
    ]
    return Centres(frozenset(d for d, _ in found), frozenset(v for _, v in found))


def output_centres(user: User) -> Centres:
    if not (user.is_authenticated and user.is_official):
        return Centres()
    return centres_of(
        RoleAssignment.objects.filter(user=user).values_list(
            "role",
            "department_id",
            "department__code",
            "department__division__code",
            "department__kind",
        )
    )


def results_at(centres: Centres) -> Q:
    """The cases whose results ``centres`` hand out: decided ones of theirs."""
    theirs = Q(instance__service_centre_id__in=sorted(centres.ids)) | Q(
        instance__isnull=True, division_code__in=sorted(centres.divisions)
    )
    return Q(decided_on__isnull=False) & theirs


def serves(user: User, case) -> bool:
    """Whether ``user`` is a window clerk of the output window handing out ``case``'s result."""
    if case.decided_on is None:
        return False
    centres = output_centres(user)
    if not centres:
        return False
    centre = service_centre(case)
    return centre is not None and centre.pk in centres.ids


def delivering_departments(case) -> list[Department]:
    """The departments whose window clerks deliver ``case``: its lead department and the
    service centre of its output window."""
    found = [case.lead_department]
    centre = service_centre(case)
    if centre is not None and centre.pk != case.lead_department_id:
        found.append(centre)
    return found
