"""Registry records matching the case tests' applicants, and the catalogue's grants."""

from datetime import date
from decimal import Decimal

import pytest

from onewindow.registry import services
from onewindow.registry.models import (
    EntityStatus,
    EntityType,
    LegalEntity,
    MaritalStatus,
    Person,
    Relation,
)
from tests.cases.conftest import (  # noqa: F401  shared case fixtures
    _media,
    citizen,
    enterprise,
    staff,
)
from tests.factories import CitizenFactory


def person_for(id_number: str, name: str = "赵敏") -> Person:
    return services.save_person(id_number, name, marital_status=MaritalStatus.MARRIED)


def entity_for(uscc: str, representative: Person, **extra) -> LegalEntity:
    values = {
        "uscc": uscc,
        "name": "广州市测试贸易有限公司",
        "entity_type": EntityType.LIMITED,
        "legal_representative": representative,
        "registered_capital": Decimal("500000.00"),
        "established_on": date(2019, 4, 1),
        "registration_authority": "广州市天河区市场监督管理局",
        "business_scope": "货物进出口；技术进出口",
        "status": EntityStatus.ACTIVE,
        "division_id": "440106",
        "address": "广州市天河区体育西路103号",
    }
    return LegalEntity.objects.create(**(values | extra))


@pytest.fixture
def resident(citizen):  # noqa: F811  the re-exported fixture
    """The citizen applicant's own record, married, with a spouse."""
    me = person_for(citizen.id_number, name=citizen.real_name or "赵敏")
    spouse_account = CitizenFactory.build()
    spouse = person_for(spouse_account.id_number, name="钱芳")
    services.relate(me, spouse, Relation.SPOUSE)
    return me


@pytest.fixture
def company(enterprise):  # noqa: F811  the re-exported fixture
    representative = person_for(CitizenFactory.build().id_number, name="孙立")
    return entity_for(enterprise.uscc, representative, name=enterprise.enterprise_name)


@pytest.fixture
def departments(db):
    from onewindow.accounts import departments_data

    departments_data.load()


@pytest.fixture
def grants(catalogue):
    from onewindow.cases.registry_data import ensure_catalogue_grants

    ensure_catalogue_grants()
