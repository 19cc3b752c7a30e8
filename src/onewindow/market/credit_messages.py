"""What the enterprise is told when it lands on a credit list or is taken off (企业经营异常名录
管理暂行办法, 2014; 市场监督管理严重违法失信名单管理办法, 2021: listing and removal are decisions
made public), and as its application for credit repair is received and decided; and what the
heads of market-supervision departments are told of a listing that needs the consent of the
level above."""

from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages

LISTED = "market.listed"
REMOVED = "market.removed"
SERIOUS_LISTED = "market.serious_listed"
SERIOUS_REMOVED = "market.serious_removed"
REPAIR_RECEIVED = "market.repair_received"
REPAIR_DECIDED = "market.repair_decided"
LISTING_PROPOSED = "market.listing_proposed"
LISTING_DECIDED = "market.listing_decided"
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
    SERIOUS_LISTED: (
        _("On the serious-dishonesty list: %(entity)s"),
        _(
            "%(entity)s is on the serious-dishonesty list from %(day)s until %(until)s: "
            "%(reason)s (%(basis)s). While listed it may not use the notification-and-commitment "
            "path, and its licence applications are reviewed with the listing in mind. After a "
            "year it may "
            "apply for credit repair, once it has done what the decision requires and put the "
            "harm right."
        ),
    ),
    SERIOUS_REMOVED: (
        _("Taken off the serious-dishonesty list: %(entity)s"),
        _("%(entity)s is taken off the serious-dishonesty list on %(day)s: %(removal)s."),
    ),
    REPAIR_RECEIVED: (
        _("Credit repair application received: %(reference)s"),
        _(
            "The application of %(entity)s for credit repair (%(target)s) is with "
            "%(department)s, to be decided by %(due)s."
        ),
    ),
    LISTING_PROPOSED: (
        _("Listing to consent to: %(entity)s"),
        _(
            "%(department)s asks your consent to put %(entity)s on the serious-dishonesty list "
            "for penalty decision %(case)s."
        ),
    ),
    LISTING_DECIDED: (
        _("Listing %(outcome)s: %(entity)s"),
        _(
            "The listing of %(entity)s for penalty decision %(case)s on the serious-dishonesty "
            "list: %(outcome)s. %(reason)s"
        ),
    ),
    REPAIR_DECIDED: (
        _("Credit repair %(outcome)s: %(reference)s"),
        _("The application of %(entity)s for credit repair (%(target)s): %(outcome)s. %(reason)s"),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)
