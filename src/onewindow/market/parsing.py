"""The market services' readers of submitted values: each returns the clean value, or records a
translated error under the field's name and returns None, so one call reports every bad field."""

from __future__ import annotations

from datetime import date

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _


def day(value, field: str, errors: dict) -> date | None:
    """A date, from a ``date`` or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, str):
        try:
            value = parse_date(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, date):
        errors[field] = _("Give a date as YYYY-MM-DD.")
        return None
    return value


def integer(value) -> int | None:
    """A primary key or a count as given, or None when it is not a whole number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
