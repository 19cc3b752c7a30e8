"""The demo accounts' own registry records, so once-only prefill and the data tracker show."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from onewindow.accounts.services import ID_INDEX
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.demo.accounts import DEMO_ACCOUNTS
from onewindow.registry.models import (
    EntityStatus,
    EntityType,
    FamilyRelation,
    LegalEntity,
    MaritalStatus,
    Person,
    Relation,
)

_rng = random.Random(20261122)  # noqa: S311 - fixed seed: the same demo data on every run
ADDRESS = "广州市天河区天河路385号"


def _person(id_number, name, sex, born, marital, address=ADDRESS) -> Person:
    person, _ = Person.objects.update_or_create(
        id_number_index=blind_index(ID_INDEX, id_number),
        defaults={
            "id_number": id_number,
            "name": name,
            "sex": sex,
            "birth_date": born,
            "household_division_id": "440106",
            "household_address": address,
            "marital_status": marital,
        },
    )
    return person


def _relate(person: Person, relative: Person, kind: str, back: str) -> None:
    FamilyRelation.objects.get_or_create(person=person, relative=relative, kind=kind)
    FamilyRelation.objects.get_or_create(person=relative, relative=person, kind=back)


@transaction.atomic
def ensure() -> dict[str, int]:
    """The demo citizen with spouse and child; the demo enterprise with the citizen as its
    legal representative; one revoked enterprise for the intake warning."""
    accounts = {a.username: a for a in DEMO_ACCOUNTS}
    citizen = accounts["citizen"]
    me = _person(citizen.id_number, citizen.name, "M", date(1988, 6, 15), MaritalStatus.MARRIED)
    spouse = _person(
        generate_id_number("440106", date(1990, 3, 8), sex="F", rng=_rng),
        "王丽",
        "F",
        date(1990, 3, 8),
        MaritalStatus.MARRIED,
    )
    child = _person(
        generate_id_number("440106", date(2019, 9, 1), sex="M", rng=_rng),
        "张小宇",
        "M",
        date(2019, 9, 1),
        MaritalStatus.UNMARRIED,
    )
    _relate(me, spouse, Relation.SPOUSE, Relation.SPOUSE)
    _relate(child, me, Relation.PARENT, Relation.CHILD)
    _relate(child, spouse, Relation.PARENT, Relation.CHILD)
    enterprise = accounts["enterprise"]
    entities = [
        (
            enterprise.uscc,
            enterprise.name,
            EntityStatus.ACTIVE,
            None,
            ("440106", "广州市天河区体育西路103号"),
            "软件开发；信息技术咨询服务；餐饮服务（凭许可证经营）；食品销售（凭许可证经营）",
        ),
        (
            generate_uscc("440111", rng=_rng),
            "广州市白云旧货贸易有限公司",
            EntityStatus.REVOKED,
            date(2025, 8, 20),
            ("440111", "广州市白云区机场路1268号"),
            "旧货销售；日用百货销售",
        ),
    ]
    for uscc, name, status, changed, (division, address), scope in entities:
        LegalEntity.objects.update_or_create(
            uscc=uscc,
            defaults={
                "name": name,
                "entity_type": EntityType.LIMITED,
                "legal_representative": me,
                "registered_capital": Decimal("1000000.00"),
                "established_on": date(2018, 5, 10),
                "registration_authority": "广州市天河区市场监督管理局",
                "business_scope": scope,
                "status": status,
                "status_changed_on": changed,
                "division_id": division,
                "address": address,
            },
        )
    return {"persons": 3, "entities": len(entities)}
