"""What the author and the supporters of a citizen's proposal are told, in their inbox and on
every channel that reaches them: the moderation decision and the official answer."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages as notification_messages
from onewindow.notifications import services as notifications
from onewindow.participation.models import COUNTED_FLAGS, Proposal, Support

PUBLISHED = "participation.proposal_published"
REFUSED = "participation.proposal_refused"
HIDDEN = "participation.proposal_hidden"
MERGED = "participation.proposal_merged"
ANSWERED = "participation.proposal_answered"
SUPPORTED_ANSWERED = "participation.supported_proposal_answered"

NOTIFICATIONS = {
    PUBLISHED: (
        _("Your proposal %(number)s is published"),
        _("“%(title)s” is published and gathers supports until %(ends_on)s."),
    ),
    REFUSED: (
        _("Your proposal %(number)s is not published"),
        _("A moderator did not publish “%(title)s”. Reason: %(reason)s"),
    ),
    HIDDEN: (
        _("Your proposal %(number)s is hidden"),
        _("A moderator hid “%(title)s”. Reason: %(reason)s"),
    ),
    MERGED: (
        _("Your proposal %(number)s was merged into %(into)s"),
        _("“%(title)s” duplicates proposal %(into)s; you and its supporters now support that one."),
    ),
    ANSWERED: (
        _("Your proposal %(number)s is answered"),
        _("The department answered “%(title)s”: %(answer)s."),
    ),
    SUPPORTED_ANSWERED: (
        _("A proposal you support is answered: %(number)s"),
        _("The department answered “%(title)s”: %(answer)s."),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)


def _link(number: str) -> str:
    try:
        return reverse("portal:participation-proposal", args=[number])
    except NoReverseMatch:
        return ""


def _params(proposal: Proposal, **more) -> dict:
    return {"number": proposal.number, "title": proposal.title, **more}


def tell_author(proposal: Proposal, kind: str, **more) -> None:
    notifications.notify(
        proposal.author, kind=kind, params=_params(proposal, **more), link=_link(proposal.number)
    )


def tell_supporters(proposal: Proposal, kind: str, **more) -> int:
    """Everyone whose support of ``proposal`` counts (one notice each, in bulk)."""
    recipients = Support.objects.filter(proposal=proposal, flag__in=COUNTED_FLAGS).values_list(
        "user_id", flat=True
    )
    params, link = _params(proposal, **more), _link(proposal.number)
    return notifications.notify_many(
        notifications.Notice(user_id, kind, params, link) for user_id in recipients
    )
