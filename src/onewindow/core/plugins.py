"""Plug-ins by name: a registry that classes join with ``@register`` and settings enable.

Notification channels and payment providers are such registries: each plug-in class has a
``name``; the setting lists the enabled names (a list, or a comma-separated string) and is read
at call time, so tests and deployments switch plug-ins without a restart.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

P = TypeVar("P")


class PluginRegistry(Generic[P]):
    def __init__(self, *, kind: str, setting: str, default: list[str]):
        self.kind = kind  # "notification channel", "payment provider": for messages
        self.setting = setting
        self.default = default
        self._plugins: dict[str, P] = {}

    def register(self, cls: type[P]) -> type[P]:
        """Class decorator: one instance of ``cls`` is known under ``cls.name``."""
        name = getattr(cls, "name", "")
        if not name:
            raise ValueError(f"{cls.__qualname__} has no {self.kind} name.")
        if name in self._plugins:
            raise ValueError(f"A {self.kind} named {name!r} is already registered.")
        self._plugins[name] = cls()
        return cls

    def unregister(self, name: str) -> None:
        self._plugins.pop(name, None)

    def names(self) -> list[str]:
        return sorted(self._plugins)

    def get(self, name: str) -> P:
        try:
            return self._plugins[name]
        except KeyError:
            raise ImproperlyConfigured(
                f"Unknown {self.kind} {name!r}; known: {', '.join(self.names())}."
            ) from None

    def configured_names(self) -> list[str]:
        """The names the settings enable (a list, or a comma-separated string)."""
        value = getattr(settings, self.setting, self.default)
        if isinstance(value, str):
            value = value.split(",")
        return [name.strip() for name in value if name.strip()]

    def enabled(self) -> list[P]:
        """The enabled plug-ins, read at call time; an unknown name is ``ImproperlyConfigured``."""
        return [self.get(name) for name in self.configured_names()]

    def enabled_one(self, name: str) -> P | None:
        """The plug-in ``name`` if the settings enable it."""
        return self.get(name) if name in self.configured_names() else None
