"""Who may do what to a survey, in which state: the one table the services enforce and the
workbench pages read to offer actions. A department's participation officer (征集专员) builds,
publishes and closes its surveys and reads their results; nobody else does."""

from __future__ import annotations

from onewindow.accounts.models import Role, RoleAssignment
from onewindow.participation.models import Survey, SurveyStatus

OFFICER = Role.PARTICIPATION_OFFICER

# action -> statuses it applies in
ACTIONS: dict[str, tuple[str, ...]] = {
    "build": (SurveyStatus.DRAFT,),
    "publish": (SurveyStatus.DRAFT,),
    "close": (SurveyStatus.OPEN,),
    "results": (SurveyStatus.DRAFT, SurveyStatus.OPEN, SurveyStatus.CLOSED),
}


def officer_departments(user) -> set[int]:
    """The departments where ``user`` is a participation officer."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_official", False)):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role=OFFICER).values_list(
            "department_id", flat=True
        )
    )


def may_take(action: str, user, survey: Survey, departments: set[int] | None = None) -> bool:
    departments = officer_departments(user) if departments is None else departments
    return survey.department_id in departments and survey.status in ACTIONS[action]


def allowed_actions(user, survey: Survey) -> list[str]:
    departments = officer_departments(user)
    return [a for a in ACTIONS if may_take(a, user, survey, departments)]
