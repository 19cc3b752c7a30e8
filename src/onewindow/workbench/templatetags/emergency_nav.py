"""The workbench menu's emergency entry: the warning desk, for duty officers and commanders and
for the heads of departments that have issued warnings (one more query for a head, once a
request)."""

from django import template

from onewindow.emergency.models import Warning

register = template.Library()


@register.simple_tag(takes_context=True)
def warning_desk(context) -> bool:
    request = context.get("request")
    desk = getattr(request, "desk", None)
    if desk is None:
        return False
    if not hasattr(request, "_warning_desk"):
        request._warning_desk = bool(desk.emergency) or (
            bool(desk.head) and Warning.objects.filter(department_id__in=desk.head).exists()
        )
    return request._warning_desk


@register.simple_tag(takes_context=True)
def plan_desk(context) -> bool:
    """Plans and responses: every duty officer, commander and head (``authority.tasked_for``),
    read from the request's desk without a query."""
    desk = getattr(context.get("request"), "desk", None)
    return desk is not None and bool(desk.emergency or desk.head)
