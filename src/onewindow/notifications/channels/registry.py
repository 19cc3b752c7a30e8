"""Channels by name: ``@register`` a ``Channel`` subclass; settings choose the enabled ones."""

from __future__ import annotations

from onewindow.core.plugins import PluginRegistry
from onewindow.notifications.channels.base import Channel

SETTING = "ONEWINDOW_NOTIFICATION_CHANNELS"
DEFAULT = ["log"]

_registry: PluginRegistry[Channel] = PluginRegistry(
    kind="notification channel", setting=SETTING, default=DEFAULT
)
register = _registry.register
unregister = _registry.unregister
names = _registry.names
get = _registry.get
configured_names = _registry.configured_names
enabled = _registry.enabled
