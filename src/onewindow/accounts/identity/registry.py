"""The registry of verification providers; ``ONEWINDOW_IDENTITY_PROVIDER`` names the active one."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from onewindow.accounts.identity.base import IdentityProvider

_providers: dict[str, type[IdentityProvider]] = {}


def register(name: str):
    """Class decorator: make a provider available under ``name``."""

    def decorate(cls: type[IdentityProvider]) -> type[IdentityProvider]:
        cls.name = name
        _providers[name] = cls
        return cls

    return decorate


def names() -> list[str]:
    return sorted(_providers)


def active() -> IdentityProvider:
    """The provider the settings name; refuses to guess when it is not installed."""
    name = settings.ONEWINDOW_IDENTITY_PROVIDER
    try:
        return _providers[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"ONEWINDOW_IDENTITY_PROVIDER={name!r} is not a registered provider ({names()})"
        ) from None
