"""Payment providers by name: ``@register`` a ``Provider`` subclass; settings enable them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from onewindow.payments.providers.base import Provider

SETTING = "ONEWINDOW_PAYMENT_PROVIDERS"
DEFAULT = ["counter"]

_providers: dict[str, Provider] = {}


def register(cls: type[Provider]) -> type[Provider]:
    if not cls.name:
        raise ValueError(f"{cls.__qualname__} has no provider name.")
    if cls.name in _providers:
        raise ValueError(f"A payment provider named {cls.name!r} is already registered.")
    _providers[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    _providers.pop(name, None)


def names() -> list[str]:
    return sorted(_providers)


def get(name: str) -> Provider:
    try:
        return _providers[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"Unknown payment provider {name!r}; known providers: {', '.join(names())}."
        ) from None


def configured_names() -> list[str]:
    """The provider names the settings enable (a list, or a comma-separated string)."""
    value = getattr(settings, SETTING, DEFAULT)
    if isinstance(value, str):
        value = value.split(",")
    return [name.strip() for name in value if name.strip()]


def enabled() -> list[Provider]:
    """The enabled providers, read at call time; an unknown name is ``ImproperlyConfigured``."""
    return [get(name) for name in configured_names()]


def enabled_provider(name: str) -> Provider | None:
    """The provider ``name`` if the settings enable it."""
    return get(name) if name in configured_names() else None
