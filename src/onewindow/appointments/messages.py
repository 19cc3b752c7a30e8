"""The notifications an applicant gets about an appointment, in the active language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages

NOTIFICATIONS = {
    "appointment.booked": (
        _("Appointment %(reference)s booked"),
        _(
            "%(item)s at %(centre)s on %(day)s, %(start)s–%(end)s. Address: %(address)s. "
            "Add it to your calendar with the invitation on the appointment page."
        ),
    ),
    "appointment.changed": (
        _("Appointment %(reference)s changed"),
        _("Now on %(day)s, %(start)s–%(end)s at %(centre)s. The calendar invitation is updated."),
    ),
    "appointment.cancelled": (
        _("Appointment %(reference)s cancelled"),
        _("Your appointment for %(item)s on %(day)s at %(centre)s is cancelled."),
    ),
    "appointment.reminder": (
        _("Reminder: appointment %(reference)s tomorrow"),
        _(
            "%(item)s at %(centre)s tomorrow (%(day)s), %(start)s–%(end)s. Address: "
            "%(address)s. Bring your ID card and the original materials."
        ),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)
