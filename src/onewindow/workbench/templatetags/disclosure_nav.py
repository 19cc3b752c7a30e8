"""The workbench menu's disclosure entry, for officials who hold a disclosure role (officer,
confidentiality reviewer, head of the office): one query per request, kept on the request."""

from django import template

from onewindow.disclosure import authority

register = template.Library()


@register.simple_tag(takes_context=True)
def disclosure_desk(context) -> bool:
    request = context.get("request")
    if request is None or getattr(request, "desk", None) is None:
        return False
    if not hasattr(request, "_disclosure_desk"):
        request._disclosure_desk = bool(authority.agencies_of(request.user))
    return request._disclosure_desk
