"""Two grants at the same instant, by an issuer with no seal yet: one seal, two numbers
(PostgreSQL, real threads and connections)."""

import pytest
from django.db import connection

from onewindow.accounts import departments_data
from onewindow.catalog.models import CertificateType
from onewindow.certificates import services
from onewindow.certificates.models import Certificate, Seal
from onewindow.certificates.verification import Status, verify_number
from tests import catalogue_snapshot
from tests.cases.test_concurrent_join import run_together
from tests.conftest import restore_migration_data
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are proven on PostgreSQL")
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()


def test_first_uses_at_once_share_one_seal_and_take_distinct_numbers(loaded):
    licence = CertificateType.objects.get(code="food_business_licence")
    holders = [services.HolderIdentity.of(EnterpriseFactory()) for _ in range(3)]

    def issue(holder):
        return lambda: services.issue(
            certificate_type=licence, holder=holder, facts=services.Facts()
        )

    errors = run_together(*(issue(holder) for holder in holders))
    assert errors == []
    assert Seal.objects.filter(department=licence.issuer).count() == 1
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"440100-SCJG-{n[12:16]}-00000{i}" for i, n in enumerate(numbers, 1)]
    assert all(
        verify_number(c.number, c.verification_code).status == Status.VALID
        for c in Certificate.objects.all()
    )
