"""The service centre's output window (统一出件): one counter hands out every department's results.

Each division's service centre is the department ``<division code>-ZWFW`` (政务服务和数据管理局,
which runs the 政务服务中心). Its window clerks deliver the results of every case decided in that
division, whichever department led it, as do the lead department's own window clerks; they
also take the fees due at the counter. Nobody else at the centre gains anything from this.
"""

from __future__ import annotations

from django.db.models import Q

from onewindow.accounts.models import Department, Role, RoleAssignment, User

SERVICE_CENTRE_SUFFIX = "-ZWFW"


def service_centre_code(division_code: str) -> str:
    return f"{division_code}{SERVICE_CENTRE_SUFFIX}"


def service_centre(division_code: str) -> Department | None:
    """The department running the service centre of ``division_code``, if there is one."""
    return Department.objects.filter(code=service_centre_code(division_code)).first()


def is_service_centre(department_code: str, division_code: str) -> bool:
    return department_code == service_centre_code(division_code)


def output_divisions(user: User) -> set[str]:
    """The divisions whose service centre's output window ``user`` staffs as a window clerk."""
    if not (user.is_authenticated and user.is_official):
        return set()
    codes = RoleAssignment.objects.filter(
        user=user,
        role=Role.WINDOW_CLERK,
        department__code__endswith=SERVICE_CENTRE_SUFFIX,
    ).values_list("department__code", "department__division__code")
    return {division for code, division in codes if is_service_centre(code, division)}


def results_at(divisions: set[str]) -> Q:
    """The cases whose results the output windows of ``divisions`` hand out: decided ones."""
    return Q(division_code__in=sorted(divisions), decided_on__isnull=False)


def serves(user: User, case) -> bool:
    """Whether ``user`` is a window clerk of the output window handing out ``case``'s result."""
    return case.decided_on is not None and case.division_code in output_divisions(user)


def delivering_departments(case) -> list[Department]:
    """The departments whose window clerks deliver ``case``: its lead department and the
    service centre of its division."""
    found = [case.lead_department]
    centre = service_centre(case.division_code)
    if centre is not None and centre.pk != case.lead_department_id:
        found.append(centre)
    return found
