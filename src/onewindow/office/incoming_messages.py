"""What office staff are told about incoming documents and instructions: a document assigned to
their department with the leader's instruction, a document to read (传阅), and, to the leader
who gave it, an instruction gone past its due date."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages
from onewindow.notifications import services as notifications

ASSIGNED = "office.incoming_assigned"
TO_READ = "office.incoming_to_read"
INSTRUCTION_OVERDUE = "office.instruction_overdue"

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


def tell(user_ids, kind: str, params: dict, *, incoming: int = 0, instruction: int = 0) -> int:
    target = (
        _link("office-instruction", instruction)
        if instruction
        else _link("office-incoming-document", incoming)
    )
    return notifications.notify_many(
        notifications.Notice(user_id, kind, params, target) for user_id in set(user_ids)
    )
