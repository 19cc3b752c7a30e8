"""SMS through the gateway class named by ``ONEWINDOW_SMS_GATEWAY`` (a dotted path)."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onewindow.core.identifiers import mask_phone
from onewindow.notifications.channels.base import Channel
from onewindow.notifications.channels.registry import register

logger = logging.getLogger("onewindow.notifications")

GATEWAY_SETTING = "ONEWINDOW_SMS_GATEWAY"
DEFAULT_GATEWAY = "onewindow.notifications.channels.contrib.sms.LogGateway"


class SmsGateway:
    """The contract of an SMS provider: send ``text`` to ``phone`` or raise ``ChannelError``."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LogGateway(SmsGateway):
    """The development gateway: logs the message with the number masked."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


@lru_cache
def _gateway_class(path: str) -> type[SmsGateway]:
    try:
        return import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"{GATEWAY_SETTING}={path!r} cannot be imported: {error}"
        ) from error


def gateway() -> SmsGateway:
    return _gateway_class(getattr(settings, GATEWAY_SETTING, DEFAULT_GATEWAY))()


@register
class SmsChannel(Channel):
    name = "sms"
    label = _("SMS")
    reaches_phones = True

    def applies_to(self, user) -> bool:
        return bool(user.phone)

    def audience(self) -> Q:
        return ~Q(phone_index="")

    def send(self, recipient, title: str, body: str) -> None:
        text = gettext("%(title)s: %(body)s") % {"title": title, "body": body}
        gateway().send(recipient.phone, text)

    def send_to_phone(self, phone: str, text: str) -> None:
        gateway().send(phone, text)
