"""What a draft's fields must be: each cleaned, and every field at fault named in one
``ValidationError`` (translated), so a form or an API client can show them all at once."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from onewindow.disclosure.vocab import Category, DocumentForm

LIMITS = {"title": 300, "title_en": 500, "number": 64}
DRAFT_FIELDS = (
    "category", "form", "title", "title_en", "number", "body", "body_en", "formed_on",
    "valid_from", "valid_until",
)  # fmt: skip


# The people's government's records begin on 1 October 1949; an earlier date is a typing slip
# (and year 1 would not even convert to a moment in time for the ledger).
EARLIEST = date(1949, 10, 1)


def clean_text(value, field: str, *, required: bool = False) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    limit = LIMITS.get(field)
    if limit and len(value) > limit:
        raise ValidationError({field: _("Keep it within %(limit)d characters.") % {"limit": limit}})
    return value


def clean_date(value, field: str, *, required: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value)) if isinstance(value, str) else None
    if parsed is None:
        raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")})
    return parsed


def clean_choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the listed values.")})
    return value


def clean_fields(data: dict) -> dict:
    """The draft's fields, cleaned; a ValidationError names every field at fault."""
    errors, clean = {}, {}
    checks = {
        "category": lambda v: clean_choice(v, Category, "category"),
        "form": lambda v: clean_choice(v or DocumentForm.OTHER, DocumentForm, "form"),
        "title": lambda v: clean_text(v, "title", required=True),
        "title_en": lambda v: clean_text(v, "title_en"),
        "number": lambda v: clean_text(v, "number"),
        "body": lambda v: clean_text(v, "body", required=True),
        "body_en": lambda v: clean_text(v, "body_en"),
        "formed_on": lambda v: clean_date(v, "formed_on", required=True),
        "valid_from": lambda v: clean_date(v, "valid_from"),
        "valid_until": lambda v: clean_date(v, "valid_until"),
    }
    for name, check in checks.items():
        try:
            clean[name] = check(data.get(name))
        except ValidationError as error:
            errors.update(error.message_dict)
    today = timezone.localdate()
    if clean.get("formed_on") and clean["formed_on"] > today:
        errors.setdefault("formed_on", [_("The information cannot be formed in the future.")])
    if clean.get("formed_on") and clean["formed_on"] < EARLIEST:
        errors.setdefault(
            "formed_on", [_("Government information is formed on or after 1 October 1949.")]
        )
    starts, ends = clean.get("valid_from"), clean.get("valid_until")
    if starts and ends and ends < starts:
        errors.setdefault("valid_until", [_("It cannot end before it takes effect.")])
    if errors:
        raise ValidationError(errors)
    return clean
