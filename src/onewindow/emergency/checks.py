"""Checks shared by the warnings' and incidents' services: a text field and a moment, each
error keyed by its field and translated."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _


def text(data: dict, field: str, *, required: bool, limit: int) -> str:
    value = data.get(field)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep this under %(count)s characters.") % {"count": limit}}
        )
    return value


def moment(data: dict, field: str, default: datetime | None = None) -> datetime:
    """An aware date-time (a naive one is in the platform's zone); ``default`` when not given,
    else required."""
    value = data.get(field)
    if value in (None, ""):
        if default is None:
            raise ValidationError({field: _("This field is required.")})
        return default
    found = value if isinstance(value, datetime) else parse_datetime(str(value))
    if found is None:
        raise ValidationError({field: _("Enter a date and time, e.g. 2026-12-07 18:00.")})
    return timezone.make_aware(found) if timezone.is_naive(found) else found
