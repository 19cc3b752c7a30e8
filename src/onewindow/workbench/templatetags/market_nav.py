"""The workbench menu's market-supervision entries: random inspections, for enforcement officers
and for the heads of departments that inspect; penalty cases; credit repair and the consent to
serious-dishonesty listings, for the heads of departments that have some. Read from the
request's desk (its one query of roles); each entry costs a head one more query, once a
request."""

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


def _heads_with(context, name: str, model, field: str) -> bool:
    """The request's user heads a department that ``model`` rows name in ``field`` (one query,
    once a request)."""
    request = context.get("request")
    desk = getattr(request, "desk", None)
    if desk is None or not desk.head:
        return False
    if not hasattr(request, name):
        setattr(request, name, model.objects.filter(**{f"{field}__in": desk.head}).exists())
    return getattr(request, name)


@register.simple_tag(takes_context=True)
def repair_desk(context) -> bool:
    """Credit repair: heads of a department that has applications to decide or decided."""
    from onewindow.market.credit_models import RepairApplication

    return _heads_with(context, "_repair_desk", RepairApplication, "department_id")


@register.simple_tag(takes_context=True)
def listing_desk(context) -> bool:
    """Consent to listings: heads of a department that listings were sent to."""
    from onewindow.market.credit_models import ListingProposal

    return _heads_with(context, "_listing_desk", ListingProposal, "consenting_id")
