"""Payment providers by name: ``@register`` a ``Provider`` subclass; settings enable them."""

from __future__ import annotations

from onewindow.core.plugins import PluginRegistry
from onewindow.payments.providers.base import Provider

SETTING = "ONEWINDOW_PAYMENT_PROVIDERS"
DEFAULT = ["counter"]

_registry: PluginRegistry[Provider] = PluginRegistry(
    kind="payment provider", setting=SETTING, default=DEFAULT
)
register = _registry.register
unregister = _registry.unregister
names = _registry.names
get = _registry.get
configured_names = _registry.configured_names
enabled = _registry.enabled
enabled_provider = _registry.enabled_one
