"""Two first signatures by a provider at the same instant make one key (PostgreSQL, real
threads and connections)."""

import pytest
from django.db import connection
from django.utils import timezone

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department
from onewindow.registry import signing
from onewindow.registry.models import ExchangeKey
from tests.cases.test_concurrent_join import run_together
from tests.conftest import restore_migration_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_first_uses_at_once_make_one_key():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are proven on PostgreSQL")
    restore_migration_data()
    departments_data.load()
    provider = Department.objects.get(code="440100-GA")
    envelope = {
        "registry": "person",
        "provider": {"code": provider.code, "name": provider.name},
        "issued_at": timezone.now().isoformat(),
        "data": {"name": "张三"},
    }
    signed = []
    errors = run_together(*[lambda: signed.append(signing.sign(provider, envelope))] * 3)
    assert errors == []
    assert ExchangeKey.objects.filter(department=provider).count() == 1
    assert len({s["signature"]["key_id"] for s in signed}) == 1
    assert all(signing.verify(s) for s in signed)
