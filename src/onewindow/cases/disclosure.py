"""Personal data in an application: masked wherever a case is shown, in full only for a
stated purpose, and every such reveal is in the audit chain.

Which form properties are personal is the catalogue's rule (``form_schema.PERSONAL_FORMATS``:
ID numbers and phone numbers); the pages and the API show them masked by default.
个人信息保护法 Art. 6 (minimum necessary) and Art. 10 (no access beyond the purpose).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.identity import throttle
from onewindow.accounts.models import User
from onewindow.cases import engine, selectors
from onewindow.cases.models import Case
from onewindow.catalog.form_schema import masked_form, personal_fields
from onewindow.core import audit

MAX_PURPOSE = 200


def masked(case: Case) -> dict:
    """The case's form data as everyone sees it by default."""
    return masked_form(case.item.form_schema, case.form_data)


def _purpose(purpose) -> str:
    purpose = (purpose if isinstance(purpose, str) else "").strip()
    if len(purpose) < 2:
        raise ValidationError(
            {"purpose": [_("Say what you need the full data for; every reveal is logged.")]}
        )
    return purpose[:MAX_PURPOSE]


def reveal(*, actor: User, number: str, purpose: str) -> dict:
    """The personal values of the case's form in full, for someone who may see the case and
    says why; the reveal is audited with the purpose and the fields."""
    with engine.change():
        case = selectors.case_for(actor, number)
        purpose = _purpose(purpose)
        fields = [name for name in personal_fields(case.item.form_schema) if name in case.form_data]
        audit.record(
            "case.personal_data_revealed",
            object_type="case",
            object_id=case.number,
            actor=actor,
            data={"fields": fields, "purpose": purpose},
        )
        return {name: case.form_data[name] for name in fields}


# -- the applicant's phone number, for a clerk who has to call --------------------------------

PHONE_REVEAL_SCOPE = "phone_reveal"  # settings.ONEWINDOW_RATE_LIMITS: reveals per official


class PhonePurpose(models.TextChoices):
    """Why an official needs the applicant's full phone number (个人信息保护法 Art. 6)."""

    MATERIALS = "materials", gettext_lazy("To ask about the materials or the form")
    APPOINTMENT = (
        "appointment",
        gettext_lazy("To arrange an appointment, an inspection or a hearing"),
    )
    DELIVERY = "delivery", gettext_lazy("To arrange the delivery or collection of the result")
    OTHER = "other", gettext_lazy("Another purpose (explain below)")


def phone_number(case: Case) -> str:
    """The applicant's phone: their account's, else the first phone field of the form."""
    if case.applicant.phone:
        return case.applicant.phone
    fields = (case.item.form_schema or {}).get("properties", {})
    for name in personal_fields(case.item.form_schema):
        if fields[name].get("format") == "phone" and case.form_data.get(name):
            return str(case.form_data[name])
    return ""


def reveal_phone(*, actor: User, number: str, purpose: str, note: str = "") -> str:
    """The applicant's full phone number for an official who may see the case and picks a
    purpose (with a note; required for "another purpose"). Audited, rate-limited per official.
    """
    with engine.change():
        case = selectors.case_for(actor, number)
        if not actor.is_official:
            raise PermissionDenied(_("Only officials may reveal an applicant's phone number."))
        errors = {}
        if purpose not in PhonePurpose.values:
            errors["purpose"] = [_("Choose why you need the phone number; every reveal is logged.")]
        note = (note if isinstance(note, str) else "").strip()[:MAX_PURPOSE]
        if purpose == PhonePurpose.OTHER and len(note) < 2:
            errors["note"] = [_("Say what you need the phone number for.")]
        if errors:
            raise ValidationError(errors)
        phone = phone_number(case)
        if not phone:
            raise ValidationError({"purpose": [_("The applicant gave no phone number.")]})
        throttle.hit(PHONE_REVEAL_SCOPE, str(actor.pk))
        audit.record(
            "case.phone_revealed",
            object_type="case",
            object_id=case.number,
            actor=actor,
            data={"purpose": purpose, "note": note},
        )
        return phone
