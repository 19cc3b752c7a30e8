"""The contract every external channel fulfils."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from onewindow.accounts.models import User


class ChannelError(Exception):
    """A delivery failed; the message says why and is kept on the outbox row."""


class Channel:
    """Delivers rendered notifications to users who can be reached this way."""

    name: str = ""
    label: str | Promise = ""
    #: Whether ``send_to_phone`` can text a bare mobile number, e.g. a verification code for
    #: someone who has no account yet.
    reaches_phones: bool = False

    def applies_to(self, user: User) -> bool:
        """Whether ``user`` can be reached through this channel (e.g. has a phone number)."""
        return True

    def audience(self) -> Q:
        """The users ``applies_to`` accepts, as a filter over users: for notifications written
        in bulk by SQL (``notify_selected``). Keep the two in step."""
        return Q()

    def send(self, recipient: User, title: str, body: str) -> None:
        """Deliver or raise ``ChannelError``."""
        raise NotImplementedError

    def send_to_phone(self, phone: str, text: str) -> None:
        """Text ``phone`` directly (only where ``reaches_phones``) or raise ``ChannelError``."""
        raise NotImplementedError
