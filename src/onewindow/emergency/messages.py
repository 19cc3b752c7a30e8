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
TASK_ASSIGNED = "emergency.task_assigned"
RESPONSE_CHANGED = "emergency.response_changed"
NEAR_VENUE = "emergency.incident_near_venue"
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
    TASK_ASSIGNED: (
        _("%(plan)s, %(level)s: a task for %(department)s"),
        _(
            "%(plan)s is in force at %(level)s (%(number)s). Your department's task: %(task)s "
            "Acknowledge it by %(acknowledge_by)s, then report back."
        ),
    ),
    RESPONSE_CHANGED: (
        _("%(plan)s: %(change)s"),
        _("Response %(number)s under %(plan)s: %(change)s. %(reason)s"),
    ),
    NEAR_VENUE: (
        _("%(event)s: incident near %(venue)s"),
        _(
            "Incident %(number)s, %(title)s (%(grade)s), was recorded near %(venue)s. The event "
            "operations headquarters commands it with the departments on its chain."
        ),
    ),
}

# resources and dispatch (resources.py, dispatches.py)
RESOURCE_DISPATCHED = "emergency.resource_dispatched"
DISPATCH_CANCELLED = "emergency.dispatch_cancelled"
RESOURCES_REQUESTED = "emergency.resources_requested"
REQUEST_GRANTED = "emergency.request_granted"
REQUEST_REFUSED = "emergency.request_refused"
NOTIFICATIONS.update(
    {
        RESOURCE_DISPATCHED: (
            _("%(resource)s dispatched to incident %(number)s"),
            _(
                "%(department)s dispatched %(resource)s to %(title)s. Acknowledge the order by "
                "%(due)s, then report its status: en route, on site, done."
            ),
        ),
        DISPATCH_CANCELLED: (
            _("Dispatch of %(resource)s cancelled"),
            _("The dispatch of %(resource)s to incident %(number)s was cancelled: %(reason)s"),
        ),
        RESOURCES_REQUESTED: (
            _("%(department)s requests resources for incident %(number)s"),
            _(
                "%(department)s asks for %(quantity)s × %(kind)s for %(title)s: %(text)s Grant "
                "it by dispatching one of your resources, or refuse it with a reason, by %(due)s."
            ),
        ),
        REQUEST_GRANTED: (
            _("Request granted: %(resource)s"),
            _(
                "%(department)s granted your request for incident %(number)s and dispatched "
                "%(resource)s."
            ),
        ),
        REQUEST_REFUSED: (
            _("Request refused by %(department)s"),
            _("%(department)s refused your request for incident %(number)s: %(reason)s"),
        ),
    }
)


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)
