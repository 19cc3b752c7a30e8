"""The demo accounts' own registry records, so once-only prefill and the data tracker show."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.demo.accounts import DEMO_ACCOUNTS
from onewindow.registry import services
from onewindow.registry.models import (
    EntityStatus,
    EntityType,
    Grant,
    LegalEntity,
    MaritalStatus,
    Relation,
)

_rng = random.Random(20261122)  # noqa: S311 - fixed seed: the same demo data on every run


@transaction.atomic
def ensure() -> dict[str, int]:
    """The demo citizen with spouse and child; the demo enterprise with the citizen as its
    legal representative; one revoked enterprise for the intake warning."""
    accounts = {a.username: a for a in DEMO_ACCOUNTS}
    citizen = accounts["citizen"]
    married = {"marital_status": MaritalStatus.MARRIED}
    me = services.save_person(citizen.id_number, citizen.name, **married)
    spouse_id = generate_id_number("440106", date(1990, 3, 8), sex="F", rng=_rng)
    spouse = services.save_person(spouse_id, "王丽", **married)
    child_id = generate_id_number("440106", date(2019, 9, 1), sex="M", rng=_rng)
    child = services.save_person(child_id, "张小宇")
    services.relate(me, spouse, Relation.SPOUSE)
    services.relate(child, me, Relation.PARENT)
    services.relate(child, spouse, Relation.PARENT)
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
    # 王丽 has no account: she is the one to try real-name registration (or a reclaim) with.
    return {"persons": 3, "entities": len(entities), "unregistered": (spouse.name, spouse_id)}


# Statutory purposes the demo's grants name, so officials can query without a case
# (docs/demo.md): the tax bureau checks a taxpayer's registration, housing checks eligibility.
DEMO_PURPOSES = {
    ("entity", "440100-SW"): ["tax_administration"],
    ("person", "440100-ZJ"): ["housing_security"],
}


def name_purposes() -> int:
    """Name the demo's statutory purposes on the live catalogue grants; returns how many."""
    named = 0
    for (registry, consumer), codes in DEMO_PURPOSES.items():
        for grant in Grant.objects.filter(
            registry=registry, consumer__code=consumer, revoked_at__isnull=True
        ):
            if {entry.get("code") for entry in grant.purposes} != set(codes):
                services.name_purposes(grant, codes)
                named += 1
    return named
