"""What office staff are told about incoming documents and instructions: a document assigned to
their department with the leader's instruction, a document to read (传阅), to the sender's
clerks a document returned after its check (初审), and, to the leader who gave it, an
instruction gone past its due date."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages
from onewindow.notifications import services as notifications

ASSIGNED = "office.incoming_assigned"
TO_READ = "office.incoming_to_read"
INSTRUCTION_OVERDUE = "office.instruction_overdue"
RETURNED = "office.incoming_returned"

NOTIFICATIONS = {
    ASSIGNED: (
        _("Assigned to you: %(number)s"),
        _(
            "“%(title)s” (%(number)s) is assigned to your department, due on %(due_on)s: "
            "%(instruction)s"
        ),
    ),
    TO_READ: (
        _("To read: %(number)s"),
        _("Please read “%(title)s” (%(number)s) and mark it read."),
    ),
    RETURNED: (
        _("Returned by the receiving agency: %(number)s"),
        _("%(receiver)s returned “%(title)s” (%(number)s) after its check: %(reason)s"),
    ),
    INSTRUCTION_OVERDUE: (
        _("Your instruction is overdue"),
        _("%(department)s has not finished your instruction, due on %(due_on)s: %(text)s"),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)


def _link(name: str, pk: int) -> str:
    try:
        return reverse(f"workbench:{name}", args=[pk])
    except NoReverseMatch:
        return ""


def tell(
    user_ids, kind: str, params: dict, *, incoming: int = 0, instruction: int = 0, outgoing: int = 0
) -> int:
    if outgoing:
        target = _link("office-document", outgoing)
    elif instruction:
        target = _link("office-instruction", instruction)
    else:
        target = _link("office-incoming-document", incoming)
    return notifications.notify_many(
        notifications.Notice(user_id, kind, params, target) for user_id in set(user_ids)
    )
