"""The workbench menu's entry for disclosure requests: shown to the disclosure offices' staff."""

from django import template

from onewindow.disclosure import request_authority

register = template.Library()


@register.simple_tag(takes_context=True)
def disclosure_request_desk(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_official", False):
        return False
    cached = getattr(request, "_disclosure_desk", None)
    if cached is None:
        cached = request._disclosure_desk = bool(request_authority.agencies_of(user))
    return cached
