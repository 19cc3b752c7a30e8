"""System checks: the configured channels and SMS gateway exist, so a typo fails at start-up."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from onewindow.notifications.channels import registry
from onewindow.notifications.channels.contrib import sms


@checks.register()
def check_channels(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    try:
        names = [channel.name for channel in registry.enabled()]
    except ImproperlyConfigured as error:
        errors.append(checks.Error(str(error), id="notifications.E001"))
        names = []
    if "sms" in names:
        try:
            sms.gateway()
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), id="notifications.E002"))
    return errors


@checks.register()
def check_phone_channels(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Registration and SMS sign-in need a channel that texts codes, and not into the log."""
    try:
        channels = registry.enabled()
    except ImproperlyConfigured:
        return []  # reported by check_channels
    if not any(channel.reaches_phones for channel in channels):
        return [
            checks.Warning(
                "No enabled notification channel can text a phone number, so verification "
                "codes for registration and SMS sign-in cannot be sent.",
                hint=f"Add 'sms' (or 'log' in development) to {registry.SETTING}.",
                id="notifications.W001",
            )
        ]
    if settings.PRODUCTION and _logs_texts(channels):
        return [
            checks.Warning(
                "Verification codes are written to the log: the 'log' channel or the SMS "
                "LogGateway is enabled in production.",
                hint=f"Use a real SMS gateway ({sms.GATEWAY_SETTING}) and drop 'log' from "
                f"{registry.SETTING}.",
                id="notifications.W002",
            )
        ]
    return []


def _logs_texts(channels) -> bool:
    names = {channel.name for channel in channels}
    if "log" in names:
        return True
    try:
        return "sms" in names and isinstance(sms.gateway(), sms.LogGateway)
    except ImproperlyConfigured:
        return False  # reported by check_channels
