"""The emergency resources on other pages: the workbench menu's entry (for every emergency desk)
and the incident page's section of dispatches and requests (``emergency_dispatch_views``)."""

from django import template

from onewindow.emergency import authority

register = template.Library()


@register.simple_tag(takes_context=True)
def resource_desk(context) -> bool:
    request = context.get("request")
    if request is None or getattr(request, "desk", None) is None:
        return False
    if not hasattr(request, "_resource_desk"):
        request._resource_desk = authority.sees_resources(request.user)
    return request._resource_desk


@register.inclusion_tag("workbench/emergency/resource_incident.html", takes_context=True)
def incident_resources(context, incident) -> dict:
    from onewindow.workbench.emergency_dispatch_views import incident_section

    request = context["request"]
    return {"request": request, **incident_section(request.user, incident)}
