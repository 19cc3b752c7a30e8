"""What each kind of matter is called: registered by the module that owns the kind.

The ledger stores a kind and a stage as plain codes; the module that tracks them registers
their labels (``register("case", label=_("Case"), stages={...})``) when its app is ready, so
a new kind of matter needs no change here. An unregistered kind shows its code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    stages: dict[str, str | Promise] = field(default_factory=dict)


_kinds: dict[str, Kind] = {}


def register(code: str, *, label: str | Promise, stages: dict | None = None) -> Kind:
    kind = Kind(code, label, dict(stages or {}))
    _kinds[code] = kind
    return kind


def unregister(code: str) -> None:
    _kinds.pop(code, None)


def label(code: str) -> str:
    kind = _kinds.get(code)
    return str(kind.label) if kind else code


def stage_label(code: str, stage: str) -> str:
    kind = _kinds.get(code)
    if kind is None or stage not in kind.stages:
        return stage
    return str(kind.stages[stage])


def choices(present: list[str] | None = None) -> list[tuple[str, str]]:
    """(code, label) of every registered kind and of any other ``present`` in the ledger."""
    codes = set(_kinds) | set(present or [])
    return sorted(((code, label(code)) for code in codes), key=lambda pair: pair[0])
