"""Template helpers of the major-event pages: names in the page's language (of models and of a
daily report's frozen data) and a fast-track permit's clock in words and colour."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from onewindow.core.localized import localized
from onewindow.emergency.event_selectors import localized_dict

register = template.Library()


@register.filter
def name_of(obj, attr: str = "name") -> str:
    """``obj``'s name (or ``attr``) in the page's language, its ``_en`` field in English."""
    if obj is None:
        return ""
    if isinstance(obj, dict):
        return localized_dict(obj, attr)
    return localized(obj, attr)


@register.simple_tag
def permit_clock(row) -> str:
    """The case's promised due date as a date and a colour, the state in words."""
    case = row.permit.case
    if not row.open:
        return format_html('<span class="ei-clock ei-done">{}</span>', case.get_status_display())
    if case.promised_due is None:
        return format_html('<span class="ei-clock ei-green">{}</span>', case.get_status_display())
    words = {
        "red": _("Overdue since"),
        "yellow": _("Due soon, by"),
        "green": _("Due by"),
    }[row.colour]
    return format_html(
        '<span class="ei-clock ei-{}">{} · {} <time datetime="{}">{}</time></span>',
        row.colour,
        case.get_status_display(),
        words,
        case.promised_due.isoformat(),
        date_format(case.promised_due, "DATE_FORMAT"),
    )


@register.filter
def label_of(value: str, kind: str) -> str:
    """The words for a code frozen in a daily report: a grade, an incident's or a task's state,
    a kind of permit, a ticket's status."""
    from onewindow.emergency.event_models import PermitKind
    from onewindow.emergency.event_selectors import TASK_STATES
    from onewindow.emergency.incident_models import Grade, IncidentState
    from onewindow.hotline.models import Status

    if kind == "task":
        return str(TASK_STATES.get(value, value))
    choices = {"grade": Grade, "incident": IncidentState, "permit": PermitKind, "ticket": Status}
    try:
        return str(choices[kind](value).label)
    except (KeyError, ValueError):
        return value
