"""Every read of random inspections, limited to who may see it: a department's plans to its
heads and enforcement officers, a visit to its team and the plan's departments; the public sees
a plan from its commitment on, and each result once published."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from onewindow.market import authority
from onewindow.market.models import (
    Finding,
    Inspection,
    InspectionItem,
    InspectionStatus,
    Plan,
    PlanPart,
    PlanStatus,
)

PUBLIC = (PlanStatus.COMMITTED, PlanStatus.DRAWN, PlanStatus.CLOSED)


def _plans() -> QuerySet[Plan]:
    return Plan.objects.select_related("department", "district").prefetch_related(
        Prefetch("parts", PlanPart.objects.select_related("department", "item"))
    )


def _visible(user) -> Q:
    departments = authority.market_departments(user)
    return Q(parts__department_id__in=departments)


def plans_for(user) -> QuerySet[Plan]:
    """The plans any of ``user``'s market departments takes part in, newest first."""
    if not authority.is_official(user):
        return Plan.objects.none()
    ids = Plan.objects.filter(_visible(user)).values("pk")
    return (
        _plans()
        .filter(pk__in=ids)
        .annotate(
            visits=Count("inspections", distinct=True),
            published=Count(
                "inspections",
                filter=Q(inspections__status=InspectionStatus.PUBLISHED),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )


def plan_for(user, pk) -> Plan:
    plan = plans_for(user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def items_for(user) -> QuerySet[InspectionItem]:
    """The items a head may put in a plan: every department's list in force (joint plans
    take other departments' items)."""
    if not authority.plans_for(user):
        return InspectionItem.objects.none()
    return InspectionItem.objects.filter(active=True).select_related("department")


def _inspections() -> QuerySet[Inspection]:
    return Inspection.objects.select_related(
        "plan", "plan__department", "target", "target__entity", "target__street"
    ).prefetch_related(
        "team__inspector__user",
        "team__department",
        Prefetch(
            "findings",
            Finding.objects.select_related("department", "item", "recorded_by").prefetch_related(
                "photos"
            ),
        ),
    )


def inspections_for(user) -> QuerySet[Inspection]:
    """The visits ``user`` is on, and every visit of the plans of their departments."""
    if not authority.is_official(user):
        return Inspection.objects.none()
    departments = authority.market_departments(user)
    return (
        _inspections()
        .filter(Q(team__inspector__user=user) | Q(plan__parts__department_id__in=departments))
        .distinct()
    )


def inspection_for(user, pk) -> Inspection:
    inspection = inspections_for(user).filter(pk=pk).first()
    if inspection is None:
        raise Http404
    return inspection


def visits_of(user) -> QuerySet[Inspection]:
    """The visits ``user`` is drawn for and still has to record, by the plan's period."""
    if not authority.is_official(user):
        return Inspection.objects.none()
    return (
        _inspections()
        .filter(team__inspector__user=user, status=InspectionStatus.ASSIGNED)
        .distinct()
        .order_by("plan__ends_on", "plan_id", "rank")
    )


# --- public -------------------------------------------------------------------------------------


def public_plans() -> QuerySet[Plan]:
    return (
        _plans()
        .filter(status__in=PUBLIC)
        .annotate(
            published=Count("inspections", filter=Q(inspections__status=InspectionStatus.PUBLISHED))
        )
        .order_by("-committed_at", "-pk")
    )


def public_plan(number: str) -> Plan:
    plan = public_plans().filter(number=number).first()
    if plan is None:
        raise Http404
    return plan


def published_results(plan: Plan) -> QuerySet[Inspection]:
    return _inspections().filter(plan=plan, status=InspectionStatus.PUBLISHED).order_by("rank")


def drawn_targets(plan: Plan) -> QuerySet[Inspection]:
    """The drawn list, public with the seed once drawn (names and USCCs, not the teams)."""
    if plan.status not in (PlanStatus.DRAWN, PlanStatus.CLOSED):
        return Inspection.objects.none()
    return Inspection.objects.filter(plan=plan).select_related("target__entity").order_by("rank")


def finding_for(user, pk) -> Finding:
    """A finding on a visit ``user`` sees (its team and the plan's departments)."""
    finding = (
        Finding.objects.select_related("inspection__target__entity", "department")
        .filter(pk=pk, inspection__in=inspections_for(user).values("pk"))
        .first()
    )
    if finding is None:
        raise Http404
    return finding
