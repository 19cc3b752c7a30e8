"""Bilingual content fields: the English variant when English is active and filled in."""

from __future__ import annotations

import datetime
import re

from django.utils import formats, timezone, translation
from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "").startswith("en")


def in_chinese(text) -> str:
    """A lazy label in Chinese, whatever the reader's language: documents are issued in it."""
    with translation.override("zh-hans"):
        return str(text)


def in_english(text) -> str:
    """A lazy label in English: the ``_en`` half of a bilingual notification parameter."""
    with translation.override("en"):
        return str(text)


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


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


def display_date(value) -> str:
    """A date or moment in the active language's one format (2026年12月5日 / 5 December 2026).

    Accepts dates, datetimes and their ISO strings (as events and notifications store them);
    anything else is returned as it is."""
    if isinstance(value, str):
        try:
            if _ISO_DATE.match(value):
                value = datetime.date.fromisoformat(value)
            elif _ISO_MOMENT.match(value):
                value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return value


def display_dates(params: dict) -> dict:
    """``params`` with every ISO date or moment shown in the active language's format, and a
    name stored with its English (``item`` beside ``item_en``) in the active language."""
    english = english_active()
    return {
        key: display_date((english and params.get(f"{key}_en")) or value)
        for key, value in params.items()
    }
