"""Payment providers are plug-ins: a second one registered and enabled takes payments through
the same service, with its own rule for who records them; one not enabled is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from onewindow.cases import services
from onewindow.payments import selectors
from onewindow.payments.models import FeeNotice, FeeStatus, Payment
from onewindow.payments.providers import registry
from onewindow.payments.providers.base import Provider, Receipt

pytestmark = pytest.mark.django_db


class BankTransfer(Provider):
    """A stand-in for a bank statement import: the payer's own bank reference, any official
    of the charging department books it."""

    name = "bank_transfer"
    label = "Bank transfer"

    def may_record(self, actor, notice) -> bool:
        return actor.role_assignments.filter(department=notice.department).exists()

    def receive(self, *, notice, actor, data, now) -> Receipt:
        if not str(data["receipt_number"]).startswith("BANK"):
            raise ValidationError({"receipt_number": ["A bank reference starts with BANK."]})
        return Receipt(
            amount=Decimal(str(data["amount"])), receipt_number=data["receipt_number"], paid_at=now
        )


@pytest.fixture
def bank_transfer(settings):
    registry.register(BankTransfer)
    settings.ONEWINDOW_PAYMENT_PROVIDERS = ["counter", "bank_transfer"]
    yield
    registry.unregister("bank_transfer")


def test_the_counter_is_registered_and_enabled_by_default():
    assert "counter" in registry.names()
    assert [p.name for p in registry.enabled()] == ["counter"]


def test_a_registered_and_enabled_second_provider_settles_a_notice(staff, permit, bank_transfer):
    from tests.payments.conftest import CRJ

    notice = FeeNotice.objects.get(case_number=permit.number)
    reviewer = staff.reviewer(CRJ)
    assert selectors.may_record(reviewer, notice, "bank_transfer")
    assert not selectors.may_record(reviewer, notice, "counter")
    with pytest.raises(ValidationError) as refused:
        services.record_fee_payment(
            number=permit.number,
            actor=reviewer,
            reference=notice.reference,
            amount="60.00",
            receipt_number="GD4400012345",
            provider="bank_transfer",
        )
    assert "receipt_number" in refused.value.message_dict
    services.record_fee_payment(
        number=permit.number,
        actor=reviewer,
        reference=notice.reference,
        amount="60.00",
        receipt_number="BANK20261104001",
        provider="bank_transfer",
    )
    notice.refresh_from_db()
    assert notice.status == FeeStatus.PAID
    assert Payment.objects.get().provider == "bank_transfer"


def test_a_provider_that_is_not_enabled_is_refused(staff, permit, settings):
    registry.register(BankTransfer)
    try:
        notice = FeeNotice.objects.get(case_number=permit.number)
        with pytest.raises(ValidationError) as refused:
            services.record_fee_payment(
                number=permit.number,
                actor=staff.clerk("440100-CRJ"),
                reference=notice.reference,
                amount="60.00",
                receipt_number="BANK1",
                provider="bank_transfer",
            )
        assert "provider" in refused.value.message_dict
    finally:
        registry.unregister("bank_transfer")
    assert not Payment.objects.exists()


def test_registering_twice_or_enabling_an_unknown_provider_fails_loudly(settings):
    with pytest.raises(ValueError, match="already registered"):
        registry.register(type("Again", (Provider,), {"name": "counter"}))
    settings.ONEWINDOW_PAYMENT_PROVIDERS = ["counter", "gateway"]
    with pytest.raises(ImproperlyConfigured):
        registry.enabled()
