"""What the enterprise is told when it lands on the abnormal-operation list or is taken off
(企业经营异常名录管理暂行办法, 2014: listing and removal are decisions made public)."""

from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages

LISTED = "market.listed"
REMOVED = "market.removed"
NOTIFICATIONS = {
    LISTED: (
        _("On the abnormal-operation list: %(entity)s"),
        _(
            "%(entity)s is on the abnormal-operation list from %(day)s: %(reason)s (%(basis)s). "
            "It is taken off once the cause is put right: file the annual report, or show that "
            "the enterprise can be reached at its registered address."
        ),
    ),
    REMOVED: (
        _("Taken off the abnormal-operation list: %(entity)s"),
        _("%(entity)s is taken off the abnormal-operation list on %(day)s: %(removal)s."),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)
