"""Shared set-up of the Open311 tests: the departments and the hotline's categories, a client
with its key, and tickets in any state (for the mapping of states and filters)."""

from __future__ import annotations

from datetime import datetime
from itertools import count

import pytest
from django.utils import timezone

from onewindow.hotline import open311_intake
from onewindow.hotline.models import Category, Channel, Kind, Status, Ticket
from tests.conftest import restore_migration_data

_numbers = count(1)


def load_categories() -> None:
    from onewindow.accounts import departments_data
    from onewindow.hotline import catalogue

    restore_migration_data()
    departments_data.load()
    catalogue.load()


@pytest.fixture
def categories(db):
    load_categories()
    return Category.objects.all()


@pytest.fixture
def api_key(categories):
    _client, key = open311_intake.issue_key(name="Test client")
    return key


def ticket(
    *,
    code: str = "street-light",
    status: str = Status.RECEIVED,
    received_at: datetime | None = None,
    public_allowed: bool = True,
    kind: str = Kind.HELP,
    **fields,
) -> Ticket:
    """A ticket in a given state, as the hotline's steps leave it (for reading only)."""
    return Ticket.objects.create(
        number=f"T-{next(_numbers):06d}",
        division_code="440100",
        channel=Channel.WEB,
        kind=kind,
        category=Category.objects.get(code=code),
        title="路灯不亮",
        description="天河路 100 号门口的路灯不亮",
        status=status,
        received_at=received_at or timezone.now(),
        public_allowed=public_allowed,
        **fields,
    )
