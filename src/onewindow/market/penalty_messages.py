"""What the party is told as its penalty case moves (行政处罚法 Art. 44, 64, 61): the prior
notice, the hearing notice and the decision reach its accounts in the hall."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages

NOTIFIED = "market.penalty_notified"
HEARING = "market.penalty_hearing"
DECIDED = "market.penalty_decided"
NOTIFICATIONS = {
    NOTIFIED: (
        _("Prior notice of an administrative penalty: %(number)s"),
        _(
            "%(entity)s is told of a proposed administrative penalty (case %(number)s). It may "
            "state and defend, or ask for a hearing where the law allows one, until %(due)s."
        ),
    ),
    HEARING: (
        _("Hearing notice: %(number)s"),
        _("The hearing of case %(number)s is held on %(day)s at %(place)s."),
    ),
    DECIDED: (
        _("Administrative penalty decision: %(number)s"),
        _("The decision on case %(number)s: %(penalty)s. The decision document is in the hall."),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)


def link(case) -> str:
    try:
        return reverse("portal:my-penalty", args=[case.number])
    except NoReverseMatch:
        return ""
