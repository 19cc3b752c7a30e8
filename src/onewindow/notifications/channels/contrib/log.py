"""The development channel: every notification goes to the log."""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _

from onewindow.notifications.channels.base import Channel
from onewindow.notifications.channels.registry import register

logger = logging.getLogger("onewindow.notifications")


@register
class LogChannel(Channel):
    name = "log"
    label = _("Log (development)")

    def send(self, recipient, title: str, body: str) -> None:
        logger.info(
            "Notification via %s to %s: %s | %s", self.name, recipient.username, title, body
        )
