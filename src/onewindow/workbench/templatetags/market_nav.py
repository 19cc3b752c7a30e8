"""The workbench menu's random-inspections entry, for enforcement officers and for the heads
of departments that inspect. Read from the request's desk (its one query of roles); a head
costs one more query (does the department keep an inspection-item list?), once a request."""

from django import template

from onewindow.market.models import InspectionItem

register = template.Library()


@register.simple_tag(takes_context=True)
def market_desk(context) -> bool:
    request = context.get("request")
    desk = getattr(request, "desk", None)
    if desk is None:
        return False
    if not hasattr(request, "_market_desk"):
        request._market_desk = bool(desk.enforcement) or (
            bool(desk.head)
            and InspectionItem.objects.filter(department_id__in=desk.head, active=True).exists()
        )
    return request._market_desk


@register.simple_tag(takes_context=True)
def penalty_desk(context) -> bool:
    """Penalty cases: officers, legal reviewers and heads of departments with a benchmark."""
    from onewindow.market.penalty_models import Violation

    request = context.get("request")
    desk = getattr(request, "desk", None)
    if desk is None:
        return False
    if not hasattr(request, "_penalty_desk"):
        departments = set(desk.enforcement) | set(desk.head)
        request._penalty_desk = (
            bool(departments)
            and Violation.objects.filter(department_id__in=departments, active=True).exists()
        )
    return request._penalty_desk


@register.simple_tag(takes_context=True)
def repair_desk(context) -> bool:
    """Credit repair: heads of a department that has applications to decide or decided."""
    from onewindow.market.credit_models import RepairApplication

    request = context.get("request")
    desk = getattr(request, "desk", None)
    if desk is None or not desk.head:
        return False
    if not hasattr(request, "_repair_desk"):
        request._repair_desk = RepairApplication.objects.filter(
            department_id__in=desk.head
        ).exists()
    return request._repair_desk


@register.simple_tag(takes_context=True)
def listing_desk(context) -> bool:
    """Consent to listings: heads of a department that listings were sent to."""
    from onewindow.market.credit_models import ListingProposal

    request = context.get("request")
    desk = getattr(request, "desk", None)
    if desk is None or not desk.head:
        return False
    if not hasattr(request, "_listing_desk"):
        request._listing_desk = ListingProposal.objects.filter(consenting_id__in=desk.head).exists()
    return request._listing_desk
