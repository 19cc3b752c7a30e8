"""Email through Django's configured mail backend, from ``DEFAULT_FROM_EMAIL``."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import BadHeaderError, send_mail
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.notifications.channels.base import Channel, ChannelError
from onewindow.notifications.channels.registry import register


@register
class EmailChannel(Channel):
    name = "email"
    label = _("Email")

    def applies_to(self, user) -> bool:
        return bool(user.email)

    def audience(self) -> Q:
        return ~Q(email="")

    def send(self, recipient, title: str, body: str) -> None:
        subject = " ".join(title.split())  # a header holds one line
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        except (BadHeaderError, OSError) as error:  # SMTPException is an OSError
            raise ChannelError(f"email to {recipient.username} failed: {error}") from error
