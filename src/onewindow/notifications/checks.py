"""System checks: the configured channels and SMS gateway exist, so a typo fails at start-up."""

from __future__ import annotations

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
