"""What office staff are told, in their inbox and on every channel that reaches them: a
document waiting for their step, a returned draft, a document sent to their agency, a chase."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import RoleAssignment
from onewindow.notifications import messages as notification_messages
from onewindow.notifications import services as notifications

WAITING = "office.document_waiting"
RETURNED = "office.document_returned"
RECEIVED = "office.document_received"
CHASED = "office.document_chased"

NOTIFICATIONS = {
    WAITING: (
        _("A document waits for you: %(title)s"),
        _("“%(title)s” waits for your step: %(step)s."),
    ),
    RETURNED: (
        _("Your draft is returned: %(title)s"),
        _("“%(title)s” came back from %(step)s with comments: %(comment)s"),
    ),
    RECEIVED: (
        _("Document received: %(number)s"),
        _("%(sender)s sent “%(title)s” (%(number)s). Sign for it in the office workbench."),
    ),
    CHASED: (
        _("Please sign for %(number)s"),
        _("%(sender)s asks you again to sign for “%(title)s” (%(number)s)."),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)


def link(pk: int) -> str:
    try:
        return reverse("workbench:office-document", args=[pk])
    except NoReverseMatch:
        return ""


def tell(user_ids, kind: str, params: dict, pk: int) -> int:
    target = link(pk)
    return notifications.notify_many(
        notifications.Notice(user_id, kind, params, target) for user_id in set(user_ids)
    )


def holders(department_ids, roles) -> list[int]:
    """The officials holding one of ``roles`` in any of ``department_ids``."""
    return list(
        RoleAssignment.objects.filter(department_id__in=department_ids, role__in=roles)
        .values_list("user_id", flat=True)
        .distinct()
    )
