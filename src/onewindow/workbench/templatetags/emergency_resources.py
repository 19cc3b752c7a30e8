"""The emergency resources on other pages: the workbench menu's entry (for every emergency desk)
and the incident page's section of dispatches and requests (``emergency_dispatch_views``)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def resource_desk(context) -> bool:
    """Every duty officer, commander and head (``authority.sees_resources``), read from the
    request's desk without a query."""
    desk = getattr(context.get("request"), "desk", None)
    return desk is not None and bool(desk.emergency or desk.head)


@register.inclusion_tag("workbench/emergency/resource_incident.html", takes_context=True)
def incident_resources(context, incident) -> dict:
    from onewindow.workbench.emergency_dispatch_views import incident_section

    request = context["request"]
    return {"request": request, **incident_section(request.user, incident)}
