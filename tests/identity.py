"""Registry records for real-name registration tests: people and entities that exist."""

import logging
import re
from datetime import date
from decimal import Decimal

import pytest

from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.registry import services as registry_services
from onewindow.registry.models import EntityStatus, EntityType, LegalEntity, Person


def person_record(name: str = "李华", id_number: str | None = None) -> Person:
    """A person in the population registry."""
    from tests.conftest import restore_migration_data

    restore_migration_data()  # divisions, if a transactional test's flush emptied them
    return registry_services.save_person(
        id_number or generate_id_number("440104", date(1991, 3, 8)), name
    )


def entity_record(
    representative: Person,
    name: str = "广州市示例贸易有限公司",
    uscc: str | None = None,
    status: str = EntityStatus.ACTIVE,
) -> LegalEntity:
    """An entity in the legal entity registry with ``representative`` as legal representative."""
    return LegalEntity.objects.create(
        uscc=uscc or generate_uscc("440106"),
        name=name,
        entity_type=EntityType.LIMITED,
        legal_representative=representative,
        registered_capital=Decimal("100000.00"),
        established_on=date(2020, 1, 1),
        registration_authority="广州市天河区市场监督管理局",
        business_scope="贸易",
        status=status,
        division_id="440106",
        address="广州市天河区体育西路1号",
    )


CODE_RE = re.compile(r"\b(\d{6})\b")


@pytest.fixture
def console(caplog, settings):
    """The code in the last text the development log channel wrote."""
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    caplog.set_level(logging.INFO, logger="onewindow.notifications")

    def last_code() -> str:
        lines = [r.getMessage() for r in caplog.records if r.name == "onewindow.notifications"]
        assert lines, "no text was sent"
        return CODE_RE.search(lines[-1]).group(1)

    return last_code


def api_code(client, phone: str, console) -> str:
    """Ask the API for a registration code and read it from the console."""
    response = client.post(
        "/api/v1/accounts/phone-codes", {"phone": phone, "purpose": "register"}, format="json"
    )
    assert response.status_code == 202, response.content
    return console()
