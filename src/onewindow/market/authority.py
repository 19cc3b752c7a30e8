"""Who may act on random inspections: the one table the services enforce and the pages read.

A plan is made, committed, drawn and its results published by the head (负责人) of a
department with an inspection-item list; a visit's record is kept by the enforcement officers
drawn for it, each entering the findings of their own department.
"""

from __future__ import annotations

from onewindow.accounts.models import Role
from onewindow.cases.authority import departments_with_role
from onewindow.registry.models import EntityType

PLAN_ROLES = (Role.HEAD,)
INSPECT_ROLES = (Role.ENFORCEMENT_OFFICER,)
REVIEW_ROLES = (Role.LEGAL_REVIEWER,)
# enterprises (企业) and individual businesses; public institutions and social organizations
# are not on market supervision's target list
ENTERPRISE_TYPES = (
    EntityType.LIMITED,
    EntityType.JOINT_STOCK,
    EntityType.SOLE_PROPRIETORSHIP,
    EntityType.PARTNERSHIP,
    EntityType.INDIVIDUAL_BUSINESS,
    EntityType.COOPERATIVE,
)


def is_official(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_official", False))


def departments_with(user, roles) -> set[int]:
    return departments_with_role(user, roles) if is_official(user) else set()


def plans_for(user) -> set[int]:
    """The departments whose plans ``user`` makes and draws: heads of departments that keep an
    inspection-item list."""
    from onewindow.market.models import InspectionItem

    heads = departments_with(user, PLAN_ROLES)
    if not heads:
        return set()
    return set(
        InspectionItem.objects.filter(department_id__in=heads, active=True).values_list(
            "department_id", flat=True
        )
    )


def inspecting_for(user) -> set[int]:
    return departments_with(user, INSPECT_ROLES)


def market_departments(user) -> set[int]:
    """Every department whose inspections ``user`` sees: as head or as enforcement officer."""
    return plans_for(user) | inspecting_for(user)


# --- penalty cases: enforcement officers investigate, the head files and decides, the legal
# reviewer reviews major cases (行政处罚法 Art. 42, 54, 57, 58); departments with a published
# discretion benchmark handle penalty cases.


def _with_benchmark(departments: set[int]) -> set[int]:
    from onewindow.market.penalty_models import Violation

    if not departments:
        return set()
    return set(
        Violation.objects.filter(department_id__in=departments, active=True).values_list(
            "department_id", flat=True
        )
    )


def investigating_for(user) -> set[int]:
    return _with_benchmark(departments_with(user, INSPECT_ROLES))


def heads_for(user) -> set[int]:
    return _with_benchmark(departments_with(user, PLAN_ROLES))


def reviewing_for(user) -> set[int]:
    return _with_benchmark(departments_with(user, REVIEW_ROLES))


def penalty_departments(user) -> set[int]:
    return _with_benchmark(departments_with(user, (*INSPECT_ROLES, *PLAN_ROLES, *REVIEW_ROLES)))


def repairing_for(user) -> set[int]:
    """The departments whose credit records ``user`` decides the repair of, as their head:
    market-supervision bureaus (codes ``<division>-SCJG``, as ``lists`` names them), every
    department that publishes penalties (one with a discretion benchmark) and every department
    that found a commitment untrue (告知承诺)."""
    from django.db.models import Q

    from onewindow.accounts.models import Department
    from onewindow.cases.measure_models import CommittedMaterial, Verification
    from onewindow.market.penalty_models import Violation

    heads = departments_with(user, PLAN_ROLES)
    if not heads:
        return set()
    punishing = Violation.objects.filter(active=True).values("department_id")
    untrue = CommittedMaterial.objects.filter(outcome=Verification.UNTRUE).values(
        "case__lead_department_id"
    )
    return set(
        Department.objects.filter(pk__in=heads)
        .filter(Q(code__endswith="-SCJG") | Q(pk__in=punishing) | Q(pk__in=untrue))
        .values_list("pk", flat=True)
    )


def is_party(user, entity) -> bool:
    """``user`` signs in as the enterprise ``entity`` (its USCC)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "kind", "") == "enterprise"
        and getattr(user, "uscc", "")
        and user.uscc == entity.uscc
    )
