"""Who may act on a case: applicants on their own cases, officials by role and department."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.cases import output_window
from onewindow.cases.models import ReviewTask
from onewindow.catalog.vocabulary import ApplicantType

REVIEW_ROLES = (Role.REVIEWER, Role.HEAD)
ALL_OFFICIAL_ROLES = (Role.WINDOW_CLERK, Role.REVIEWER, Role.HEAD, Role.SUPERVISOR)


def departments_with_role(user: User, roles) -> set[int]:
    if not (user.is_authenticated and user.is_official):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role__in=list(roles)).values_list(
            "department_id", flat=True
        )
    )


def require_role(user: User, roles, department: Department, what: str) -> None:
    """PermissionDenied unless ``user`` holds one of ``roles`` in ``department``."""
    if department.pk not in departments_with_role(user, roles):
        labels = "/".join(str(Role(role).label) for role in roles)
        raise PermissionDenied(
            _("Only a %(roles)s of %(department)s may %(what)s.")
            % {"roles": labels, "department": department.name, "what": what}
        )


def centre_of(case) -> Department | None:
    """The service centre whose central window takes intake for the case (综合受理): the
    centre its published item instance names; None for a case without one."""
    instance = case.instance
    if instance is None or not instance.published:
        return None
    return instance.service_centre


def intake_window(user: User, case, what: str) -> Department | None:
    """PermissionDenied unless ``user`` may take intake on ``case``: a window clerk of its
    lead department, or of the service centre its published instance names, which acts on
    behalf of the department (无差别综合窗口). Returns that centre when the clerk acts
    through it, None when the clerk belongs to the lead department itself."""
    clerk_of = departments_with_role(user, (Role.WINDOW_CLERK,))
    if case.lead_department_id in clerk_of:
        return None
    centre = centre_of(case)
    if centre is not None and centre.pk in clerk_of:
        return centre
    require_role(user, (Role.WINDOW_CLERK,), case.lead_department, what)
    return None


def require_applicant(user: User, case) -> None:
    if not user.is_authenticated or case.applicant_id != user.pk:
        raise PermissionDenied(_("Only the applicant may do this on their own case."))


def require_eligible_applicant(applicant: User, item) -> None:
    """PermissionDenied unless ``applicant`` is a citizen or enterprise the item is open to."""
    if not applicant.is_authenticated or applicant.is_official:
        raise PermissionDenied(_("Only citizens and enterprises can apply for services."))
    if item.applicant != ApplicantType.BOTH and item.applicant != applicant.kind:
        raise PermissionDenied(
            _("%(item)s is for %(who)s only.")
            % {"item": item.display_name, "who": ApplicantType(item.applicant).label}
        )


def is_supervisor(user: User) -> bool:
    return bool(departments_with_role(user, (Role.SUPERVISOR,)))


def can_see(user: User, case) -> bool:
    """``selectors.visible_cases`` for one case: its applicant, a supervisor, an official
    of its lead department or of a department reviewing it, a window clerk of the service
    centre its instance names (the central window that takes it in, 综合受理), or, once
    decided, a window clerk of the service centre's output window that hands out its result
    (统一出件)."""
    if user is None or not user.is_authenticated:
        return False
    if not user.is_official:
        return case.applicant_id == user.pk
    if is_supervisor(user):
        return True
    departments = departments_with_role(user, ALL_OFFICIAL_ROLES)
    return (
        case.lead_department_id in departments
        or (
            case.instance_id is not None
            and case.instance.service_centre_id in departments_with_role(user, (Role.WINDOW_CLERK,))
        )
        or ReviewTask.objects.filter(case=case, department_id__in=departments).exists()
        or output_window.serves(user, case)
    )
