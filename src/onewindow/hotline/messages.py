"""What people read about a ticket: timeline steps and notifications, in the active language.

Events store an action and plain parameters in their note; notifications a kind and parameters,
so the same record reads in Chinese or English.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages

TIMELINE = {
    "reported": _("Ticket received."),
    "taken": _("Accepted by the 12345 hotline."),
    "not_accepted": _("Not accepted."),
    "answered": _("Answered on the spot from the knowledge base."),
    "dispatched": _("Dispatched to the responsible department."),
    "accepted": _("The department accepted the ticket."),
    "returned": _("The department returned the ticket."),
    "opinion_recorded": _("A co-handling department gave its opinion."),
    "escalated": _("Escalated to the supervisor."),
    "extension_requested": _("The department asked for more time."),
    "extension_approved": _("More time approved."),
    "extension_rejected": _("More time refused."),
    "replied": _("The department replied."),
    "reply_approved": _("The hotline checked the reply."),
    "reply_sent_back": _("The hotline sent the reply back to the department."),
    "callback": _("The hotline called back."),
    "rated": _("The citizen rated the reply."),
    "reopened": _("Reopened: the citizen was not satisfied."),
    "closed": _("Closed."),
    "caller_revealed": _("The caller's identity was shown to an official."),
    "incident": _("Escalated to an emergency duty desk as an incident."),
}

NOTIFICATIONS = {
    "hotline.received": (
        _("12345 ticket %(number)s received"),
        _("We have your request “%(title)s”. You can follow it with the number %(number)s."),
    ),
    "hotline.taken": (
        _("12345 ticket %(number)s accepted"),
        _("Your request “%(title)s” was accepted. An answer is due by %(due)s."),
    ),
    "hotline.not_accepted": (
        _("12345 ticket %(number)s not accepted"),
        _("Your request “%(title)s” was not accepted: %(reason)s %(note)s"),
    ),
    "hotline.emergency": (
        _("12345 ticket %(number)s: call %(emergency_number)s"),
        _(
            "Your request “%(title)s” is an emergency: call %(emergency_number)s at once. "
            "The 12345 hotline does not handle emergencies."
        ),
    ),
    "hotline.answered": (
        _("12345 ticket %(number)s answered"),
        _("Your question “%(title)s” was answered: %(answer)s"),
    ),
    "hotline.dispatched": (
        _("12345 ticket %(number)s passed to %(department)s"),
        _("Your request “%(title)s” is now with %(department)s."),
    ),
    "hotline.extended": (
        _("12345 ticket %(number)s: more time"),
        _("%(department)s needs more time for “%(title)s”. The answer is now due by %(due)s."),
    ),
    "hotline.replied": (
        _("12345 ticket %(number)s answered"),
        _(
            "Reply to “%(title)s”: %(reply)s You may rate the reply, and reopen the ticket if "
            "you are not satisfied."
        ),
    ),
    "hotline.reopened": (
        _("12345 ticket %(number)s reopened"),
        _("Your request “%(title)s” is being handled again."),
    ),
    "hotline.closed": (
        _("12345 ticket %(number)s closed"),
        _("Your request “%(title)s” is closed. Thank you for calling 12345."),
    ),
    "hotline.escalated": (
        _("12345 ticket %(number)s escalated"),
        _("Ticket “%(title)s” needs your attention: %(why)s"),
    ),
    "hotline.citizen_escalated": (
        _("12345 ticket %(number)s passed to the supervisor"),
        _(
            "Your request “%(title)s” was reopened twice already; the supervisor now follows "
            "it up with the department."
        ),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)


def timeline_text(action: str) -> str:
    return str(TIMELINE.get(action, action))
