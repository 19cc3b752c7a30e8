"""Writes to the population registry one record at a time (the demo, tests, corrections).

Bulk loads go through ``generator``; reads go through ``exchange``, which logs them.
"""

from __future__ import annotations

from django.db import transaction

from onewindow.accounts.services import ID_INDEX
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import parse_id_number
from onewindow.registry.models import FamilyRelation, MaritalStatus, Person, Relation

_BACK = {Relation.SPOUSE: Relation.SPOUSE, Relation.PARENT: Relation.CHILD}
_BACK[Relation.CHILD] = Relation.PARENT


def save_person(
    id_number: str,
    name: str,
    *,
    household_division: str = "440106",
    household_address: str = "广州市天河区天河路385号",
    marital_status: str = MaritalStatus.UNMARRIED,
) -> Person:
    """Create or update the person with this ID number; sex and birth date come from it."""
    parsed = parse_id_number(id_number)
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
        },
    )
    return person


@transaction.atomic
def relate(person: Person, relative: Person, kind: str) -> None:
    """``relative`` is ``person``'s spouse, parent or child; stored in both directions."""
    FamilyRelation.objects.get_or_create(person=person, relative=relative, kind=kind)
    FamilyRelation.objects.get_or_create(person=relative, relative=person, kind=_BACK[kind])
