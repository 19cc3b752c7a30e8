"""The workbench menu's entry for the 12345 hot-spot map (hotline: kbmap): dispatchers,
supervisors and departments' handlers see it."""

from django import template

from onewindow.hotline import hotspots

register = template.Library()


@register.simple_tag(takes_context=True)
def sees_hotline_map(context) -> bool:
    request = context.get("request")
    return hotspots.can_see_map(getattr(request, "user", None))
