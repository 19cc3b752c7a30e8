"""One-time codes by text message, proving that someone holds a mobile number.

Used for registration, identity reclaim and SMS sign-in. A code is six digits from ``secrets``,
lives five minutes, allows five wrong tries and one use; a number gets at most one new code per
purpose a minute. Sending and trying codes are also rate-limited per client address and per
number (``accounts.identity.throttle``); the answers never depend on whether an account exists.
Only a keyed hash of the code is stored, and the number only as its blind index. The text goes
out through every enabled channel that can reach a bare phone number.
"""

from __future__ import annotations

import hmac
import logging
import math
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onewindow.accounts.identity import throttle
from onewindow.accounts.services import PHONE_INDEX
from onewindow.core import crypto, keys
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import mask_phone, normalize_phone, validate_phone
from onewindow.notifications.channels import registry
from onewindow.notifications.channels.base import Channel, ChannelError
from onewindow.notifications.models import PhoneCode

logger = logging.getLogger("onewindow.notifications")

Purpose = PhoneCode.Purpose
CODE_DIGITS = 6
LIFETIME = timedelta(minutes=5)  # the text message says "valid for 5 minutes"
RESEND_AFTER = timedelta(seconds=60)
MAX_WRONG_TRIES = 5


class NoPhoneChannel(ImproperlyConfigured):
    """No enabled notification channel can text a phone number, so no code can be sent."""


class SentCode(NamedTuple):
    phone_masked: str
    channels: list[str]  # the names of the channels that took the text
    expires_at: datetime


def phone_channels() -> list[Channel]:
    """The enabled channels that can text a bare phone number."""
    return [channel for channel in registry.enabled() if channel.reaches_phones]


def send_code(phone: str, purpose: str, *, address: str = "") -> SentCode:
    """Text a new code to ``phone`` for ``purpose`` ("register" or "sign_in").

    Raises ``ValidationError({"phone": …})`` for a malformed number, a request within a minute
    of the last one, or when no channel took the text; ``NoPhoneChannel`` if none is enabled;
    ``throttle.RateLimited`` when the client ``address`` or the number asked too often.
    """
    purpose = Purpose(purpose)
    phone = normalize_phone(phone)
    try:
        validate_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.error_list}) from error
    throttle.check(
        (throttle.SEND_PER_ADDRESS, address), (throttle.SEND_PER_NUMBER, f"{purpose}:{phone}")
    )
    channels = phone_channels()
    if not channels:
        raise NoPhoneChannel(
            _("Verification codes cannot be sent: no text message channel is configured.")
        )
    index = blind_index(PHONE_INDEX, phone)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        # One row per number and purpose: locking it makes the one-a-minute rule hold for
        # concurrent requests (the unique constraint settles a race to create it).
        PhoneCode.objects.get_or_create(phone_index=index, purpose=purpose)
        row = PhoneCode.objects.select_for_update().get(phone_index=index, purpose=purpose)
        now = timezone.now()
        if row.sent_at is not None and now < row.sent_at + RESEND_AFTER:
            wait = math.ceil((row.sent_at + RESEND_AFTER - now).total_seconds())
            message = ngettext(
                "A code was sent just now. Wait %(seconds)d second before asking for another.",
                "A code was sent just now. Wait %(seconds)d seconds before asking for another.",
                wait,
            ) % {"seconds": wait}
            raise ValidationError({"phone": [ValidationError(message, code="too_soon")]})
        row.code_hash = _digest(index, purpose, code)
        row.sent_at, row.expires_at = now, now + LIFETIME
        row.wrong_tries, row.used_at = 0, None
        row.save()
        # Sent inside the transaction: if no channel takes the text, no wait is imposed.
        delivered = _deliver(channels, phone, code)
    return SentCode(mask_phone(phone), delivered, row.expires_at)


def verify_code(phone: str, purpose: str, code: str, *, address: str = "") -> None:
    """Check and spend a code; ``ValidationError({"code": …})`` if wrong, expired or used."""
    with redeem(phone, purpose, code, address=address):
        pass


@contextmanager
def redeem(phone: str, purpose: str, code: str, *, address: str = "") -> Iterator[None]:
    """Check a code and spend it on what the ``with`` body does; if the body raises, it stays
    unspent (``with redeem(phone, "register", code): register_citizen(…)``).

    Every attempt counts towards the per-address and per-number limits (``RateLimited``); only
    a wrong code against a code actually issued counts against that code's tries. For those
    counts to stick, enter this outside any transaction of the caller's.
    """
    purpose = Purpose(purpose)
    phone = normalize_phone(phone)
    throttle.check(
        (throttle.TRY_PER_ADDRESS, address), (throttle.TRY_PER_NUMBER, f"{purpose}:{phone}")
    )
    index = blind_index(PHONE_INDEX, phone)
    with transaction.atomic():
        rows = PhoneCode.objects.select_for_update().filter(phone_index=index, purpose=purpose)
        error = _check(rows.first() if index else None, index, purpose, (code or "").strip())
        if error is None:
            yield
            return
    raise ValidationError({"code": [error]})


def _check(row: PhoneCode | None, index: str, purpose: str, code: str) -> ValidationError | None:
    """Mark the code used if it is right; otherwise count the try and say what is wrong."""
    now = timezone.now()
    if row is None or not row.code_hash:
        return ValidationError(_("Ask for a verification code first."), code="no_code")
    if row.used_at is not None:
        return ValidationError(
            _("This code has already been used. Ask for a new one."), code="used"
        )
    if now >= row.expires_at:
        return ValidationError(_("This code has expired. Ask for a new one."), code="expired")
    too_many = ValidationError(_("Too many wrong codes. Ask for a new one."), code="too_many")
    if row.wrong_tries >= MAX_WRONG_TRIES:
        return too_many
    if not hmac.compare_digest(row.code_hash, _digest(index, purpose, code)):
        row.wrong_tries += 1
        row.save(update_fields=["wrong_tries"])
        left = MAX_WRONG_TRIES - row.wrong_tries
        if not left:
            return too_many
        message = ngettext(
            "The code is wrong. You have %(count)d more try.",
            "The code is wrong. You have %(count)d more tries.",
            left,
        ) % {"count": left}
        return ValidationError(message, code="wrong")
    row.used_at = now
    row.save(update_fields=["used_at"])
    return None


def _digest(index: str, purpose: str, code: str) -> str:
    """HMAC-SM3 under a key of its own: a six-digit code is too short for a plain hash."""
    key = crypto.derive_key(keys.master_key(), "phone-code-hmac-sm3")
    return crypto.hmac_sm3(key, f"{purpose}:{index}:{code}".encode()).hex()


def _deliver(channels: list[Channel], phone: str, code: str) -> list[str]:
    # The text of a registered SMS template: always in the site's language, as for notifications.
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "Your OneWindow verification code is %(code)s, valid for 5 minutes. Do not share it."
        ) % {"code": code}
    delivered = []
    for channel in channels:
        try:
            channel.send_to_phone(phone, text)
        except ChannelError as error:
            logger.warning(
                "Verification code via %s to %s failed: %s", channel.name, mask_phone(phone), error
            )
        else:
            delivered.append(channel.name)
    if not delivered:
        message = _("The code could not be sent. Try again in a moment.")
        raise ValidationError({"phone": [ValidationError(message, code="not_sent")]})
    return delivered
