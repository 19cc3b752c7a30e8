"""The workbench menu's 12345 entries: the queue for the centre's staff, the inbox for a
department's officials, the hot-spot map for dispatchers, supervisors and departments (the
rule of ``hotline.hotspots.scope_of``). Read from the request's desk (its one query of roles),
never again."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def hotline_desk(context) -> dict:
    desk = getattr(context.get("request"), "desk", None)
    if desk is None:
        return {}
    return {
        "centre": bool(getattr(desk, "hotline", ())),
        "department": bool(desk.clerk or desk.review or desk.head),
        "map": "dispatcher" in getattr(desk, "hotline", ())
        or desk.supervisor
        or bool(desk.clerk or desk.review or desk.head),
    }
