"""Channels by name: ``@register`` a ``Channel`` subclass; settings choose the enabled ones."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from onewindow.notifications.channels.base import Channel

SETTING = "ONEWINDOW_NOTIFICATION_CHANNELS"
DEFAULT = ["log"]

_channels: dict[str, Channel] = {}


def register(cls: type[Channel]) -> type[Channel]:
    if not cls.name:
        raise ValueError(f"{cls.__qualname__} has no channel name.")
    if cls.name in _channels:
        raise ValueError(f"A notification channel named {cls.name!r} is already registered.")
    _channels[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    _channels.pop(name, None)


def names() -> list[str]:
    return sorted(_channels)


def get(name: str) -> Channel:
    try:
        return _channels[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"Unknown notification channel {name!r}; known channels: {', '.join(names())}."
        ) from None


def configured_names() -> list[str]:
    """The channel names the settings enable (a list, or a comma-separated string)."""
    value = getattr(settings, SETTING, DEFAULT)
    if isinstance(value, str):
        value = value.split(",")
    return [name.strip() for name in value if name.strip()]


def enabled() -> list[Channel]:
    """The enabled channels, read at call time; an unknown name is ``ImproperlyConfigured``."""
    return [get(name) for name in configured_names()]
