"""Bilingual content fields: the English variant when English is active and filled in."""

from __future__ import annotations

from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "").startswith("en")


def localized(obj, field: str) -> str:
    """The English variant of a bilingual content field when English is active and filled in."""
    if english_active():
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


def localized_entry(entry: dict, key: str) -> str:
    """The same choice for a bilingual mapping in JSON content (form fields, FAQ entries)."""
    return (entry.get(f"{key}_en") if english_active() else "") or entry.get(key, "")
