"""The workbench menu's emergency entry: the warning desk, for duty officers and commanders and
for the heads of departments that have issued warnings (one more query for a head, once a
request)."""

from django import template

from onewindow.emergency import authority
from onewindow.emergency.models import Warning
from onewindow.emergency.plan_models import Assignment

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
    """Plans and responses: the warning desk, and anyone whose department was assigned a task."""
    request = context.get("request")
    if warning_desk(context):
        return True
    if getattr(request, "desk", None) is None:
        return False
    if not hasattr(request, "_plan_desk"):
        tasked = authority.tasked_for(request.user)
        request._plan_desk = (
            bool(tasked) and Assignment.objects.filter(department_id__in=tasked).exists()
        )
    return request._plan_desk
