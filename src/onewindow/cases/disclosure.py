"""Personal data in an application: masked wherever a case is shown, in full only for a
stated purpose, and every such reveal is in the audit chain.

Which form properties are personal is the catalogue's rule (``form_schema.PERSONAL_FORMATS``:
ID numbers and phone numbers); the pages and the API show them masked by default.
个人信息保护法 Art. 6 (minimum necessary) and Art. 10 (no access beyond the purpose).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
