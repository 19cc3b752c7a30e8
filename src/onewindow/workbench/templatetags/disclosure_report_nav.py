"""The workbench menu's annual-report entries, for the agency's disclosure office (the roles
of ``disclosure.services.reports.ALLOWED``)."""

from django import template

from onewindow.disclosure.selectors import reports

register = template.Library()


@register.simple_tag(takes_context=True)
def disclosure_report_desk(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and reports.agencies_of(user))
