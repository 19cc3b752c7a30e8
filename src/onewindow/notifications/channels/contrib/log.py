"""The development channel: every notification goes to the log."""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _

from onewindow.core.identifiers import mask_phone
from onewindow.notifications.channels.base import Channel
from onewindow.notifications.channels.registry import register

logger = logging.getLogger("onewindow.notifications")


@register
class LogChannel(Channel):
    name = "log"
    label = _("Log (development)")
    reaches_phones = True

    def send(self, recipient, title: str, body: str) -> None:
        logger.info(
            "Notification via %s to %s: %s | %s", self.name, recipient.username, title, body
        )

    def send_to_phone(self, phone: str, text: str) -> None:
        # Development only: the whole text, a verification code included, goes to the console
        # so that a developer can type the code in; the number stays masked.
        logger.info("Text via %s to %s: %s", self.name, mask_phone(phone), text)
