"""Registry of message kinds: a lazy title and body per kind, rendered in the active language.

Apps register their kinds at import time, e.g.
``register("case.accepted", title=_("Case %(number)s accepted"), body=_("…"))``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils.functional import Promise

from onewindow.core.localized import display_dates

logger = logging.getLogger("onewindow.notifications")


@dataclass(frozen=True)
class MessageKind:
    kind: str
    title: str | Promise
    body: str | Promise


_kinds: dict[str, MessageKind] = {}


def register(kind: str, *, title: str | Promise, body: str | Promise) -> MessageKind:
    """Register a kind; registering the same texts again is harmless, different ones an error."""
    message = MessageKind(kind, title, body)
    existing = _kinds.get(kind)
    if existing is not None and (str(existing.title), str(existing.body)) != (
        str(title),
        str(body),
    ):
        raise ValueError(f"Message kind {kind!r} is already registered with other texts.")
    _kinds[kind] = message
    return message


def unregister(kind: str) -> None:
    _kinds.pop(kind, None)


def is_registered(kind: str) -> bool:
    return kind in _kinds


def get(kind: str) -> MessageKind:
    try:
        return _kinds[kind]
    except KeyError:
        raise LookupError(f"Unknown notification kind {kind!r}.") from None


def render(kind: str, params: dict | None = None) -> tuple[str, str]:
    """The (title, body) of ``kind`` in the active language, filled in from ``params``."""
    message = get(kind)
    params = params or {}
    return _fill(kind, str(message.title), params), _fill(kind, str(message.body), params)


class _KeepMissing(dict):
    """Leaves a placeholder whose parameter is missing as it was written: ``%(name)s``."""

    def __missing__(self, key: str) -> str:
        return f"%({key})s"


def _fill(kind: str, text: str, params: dict) -> str:
    missing = _KeepMissing(display_dates(params))
    try:
        return text % missing
    except (TypeError, ValueError) as error:
        logger.warning("Notification kind %s: cannot fill %r: %s", kind, text, error)
        return text
