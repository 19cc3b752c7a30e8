"""The workbench menu's random-inspections entry, for the heads of departments that inspect
and for enforcement officers."""

from django import template

from onewindow.market import authority

register = template.Library()


@register.simple_tag(takes_context=True)
def market_desk(context) -> bool:
    request = context.get("request")
    if request is None:
        return False
    if not hasattr(request, "_market_desk"):
        request._market_desk = bool(authority.market_departments(request.user))
    return request._market_desk
