"""What people are told of warnings: the residents of the area warned, and the officials who
approve orange and red ones."""

from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages

ISSUED = "emergency.warning_issued"
CHANGED = "emergency.warning_changed"
CANCELLED = "emergency.warning_cancelled"
TO_APPROVE = "emergency.warning_to_approve"
REFUSED = "emergency.warning_refused"
INCIDENT_RECEIVED = "emergency.incident_received"
INCIDENT_REPORTED = "emergency.incident_reported"
NOTIFICATIONS = {
    ISSUED: (
        _("%(level)s %(hazard)s warning: %(headline)s"),
        _(
            "%(department)s issued a %(level)s %(hazard)s warning for %(area)s, in force until "
            "%(expires)s. %(advice)s"
        ),
    ),
    CHANGED: (
        _("%(hazard)s warning now %(level)s: %(headline)s"),
        _(
            "%(department)s changed its %(hazard)s warning for %(area)s: it is now %(level)s, in "
            "force until %(expires)s. %(advice)s"
        ),
    ),
    CANCELLED: (
        _("%(hazard)s warning lifted"),
        _("%(department)s lifted its %(hazard)s warning for %(area)s. %(note)s"),
    ),
    TO_APPROVE: (
        _("A %(level)s warning awaits your approval"),
        _(
            "%(proposer)s proposes: %(headline)s (%(change)s). An orange or red warning is sent "
            "only once a second person approves it."
        ),
    ),
    REFUSED: (
        _("Warning not approved: %(headline)s"),
        _("%(approver)s did not approve the %(level)s warning: %(reasons)s"),
    ),
    INCIDENT_RECEIVED: (
        _("Incident %(number)s handed to your duty desk"),
        _("%(title)s (%(grade)s) was escalated to %(department)s from the 12345 hotline."),
    ),
    INCIDENT_REPORTED: (
        _("Incident reported to you: %(title)s"),
        _(
            "%(department)s reports incident %(number)s, %(title)s (%(grade)s). Acknowledge "
            "it; if it goes higher, your own report is due within 2 hours of that."
        ),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)
