"""Writes to the population registry one record at a time (the demo, tests, corrections),
and the statutory purposes a grant names.

Bulk loads go through ``generator``; reads go through ``exchange``, which logs them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.accounts.services import ID_INDEX
from onewindow.core import audit
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import parse_id_number
from onewindow.registry.models import (
    FamilyRelation,
    Grant,
    MaritalStatus,
    Person,
    Place,
    Relation,
)
from onewindow.registry.vocabulary import STATUTORY_PURPOSES

_BACK = {Relation.SPOUSE: Relation.SPOUSE, Relation.PARENT: Relation.CHILD}
_BACK[Relation.CHILD] = Relation.PARENT


def save_person(
    id_number: str,
    name: str,
    *,
    household_division: str = "440106",
    household_address: str = "广州市天河区天河路385号",
    marital_status: str = MaritalStatus.UNMARRIED,
    residence: Place | None = None,
) -> Person:
    """Create or update the person with this ID number; sex and birth date come from it. A
    ``residence`` (standard address) given replaces the one recorded; None keeps it."""
    parsed = parse_id_number(id_number)
    where = {"residence": residence} if residence is not None else {}
    person, _ = Person.objects.update_or_create(
        id_number_index=blind_index(ID_INDEX, parsed.value),
        defaults={
            "id_number": parsed.value,
            "name": name,
            "sex": parsed.sex,
            "birth_date": parsed.birth_date,
            "household_division_id": household_division,
            "household_address": household_address,
            "marital_status": marital_status,
            **where,
        },
    )
    return person


@transaction.atomic
def relate(person: Person, relative: Person, kind: str) -> None:
    """``relative`` is ``person``'s spouse, parent or child; stored in both directions."""
    FamilyRelation.objects.get_or_create(person=person, relative=relative, kind=kind)
    FamilyRelation.objects.get_or_create(person=relative, relative=person, kind=_BACK[kind])


def checked_purposes(value) -> list[dict]:
    """A grant's statutory purposes as ``[{"code", "legal_basis"}]``, each a known purpose;
    a purpose given by its code alone gets the vocabulary's legal basis."""
    if value in (None, ""):
        return []
    entries = []
    for entry in value if isinstance(value, list) else [None]:
        code = entry if isinstance(entry, str) else (entry or {}).get("code")
        if not isinstance(entry, str | dict) or code not in STATUTORY_PURPOSES:
            raise ValidationError(
                {
                    "purposes": [
                        _("Name statutory purposes by their codes: %(codes)s.")
                        % {"codes": ", ".join(STATUTORY_PURPOSES)}
                    ]
                }
            )
        basis = entry.get("legal_basis") if isinstance(entry, dict) else ""
        entries.append({"code": code, "legal_basis": basis or STATUTORY_PURPOSES[code].legal_basis})
    return entries


@transaction.atomic
def name_purposes(grant: Grant, purposes, *, actor=None) -> Grant:
    """Set the statutory purposes for which ``grant`` serves queries without a case."""
    grant.purposes = checked_purposes(purposes)
    grant.save(update_fields=["purposes"])
    audit.record(
        "registry.grant_purposes",
        object_type="grant",
        object_id=grant.pk,
        actor=actor,
        data={"purposes": grant.purposes},
    )
    return grant
