"""What a registry read may serve: a case whose party is the key, or a statutory purpose.

The registry sits below the cases app, so it cannot look cases up itself: the cases app
registers a resolver here in its ``AppConfig.ready()`` that answers, for a case number, the
keys (ID numbers and USCCs) of the case's parties, if and only if the department (and the
official, when one asks) may act on the case. ``exchange.query`` applies the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from onewindow.accounts.models import Department, User


@dataclass(frozen=True)
class CaseParties:
    """A case a department may act on, with the record keys of its applicant and subjects."""

    number: str
    title: str  # the service item's name, what the read is for
    keys: frozenset[str]


Resolver = Callable[[str, Department, User | None], CaseParties | None]
_resolver: Resolver | None = None


def register_case_resolver(resolver: Resolver) -> None:
    """Called once by the cases app: ``resolver(number, consumer, reader)``."""
    global _resolver
    _resolver = resolver


def case_parties(number: str, consumer: Department, reader: User | None) -> CaseParties | None:
    """The case if ``consumer`` (and ``reader``) may act on it, else None (also when no
    resolver is registered: without the cases app no case can be named)."""
    if _resolver is None:
        return None
    return _resolver(number, consumer, reader)
