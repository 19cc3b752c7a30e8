"""The workbench menu's 12345 entries: the queue for the centre's staff, the inbox for a
department's officials."""

from django import template

from onewindow.hotline import authority

register = template.Library()


@register.simple_tag(takes_context=True)
def hotline_desk(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_official:
        return {}
    return {
        "centre": authority.is_centre(user),
        "department": bool(authority.handling_departments(user)),
    }
