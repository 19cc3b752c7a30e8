"""`onewindow demo` shows fees alive: one granted case with its fee unpaid, one paid at the
city service centre's counter and posted by EMS with a tracking number; twice is the same."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from onewindow.cases.delivery import is_s10
from onewindow.cases.models import Case, Status
from onewindow.payments.models import FeeNotice, FeeStatus, Payment
from tests.cases.test_single_department_lifecycle import at

# CI runs it once, on PostgreSQL: the demo is built on SQLite by the CI's make-demo step.
pytestmark = [pytest.mark.django_db, pytest.mark.once]


def test_demo_has_an_unpaid_fee_and_a_paid_case_posted_with_tracking(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with at(date(2026, 11, 16)):
        call_command("demo", json=True, stdout=io.StringIO())
        call_command("demo", json=True, stdout=io.StringIO())  # safe to run twice
    unpaid = Case.objects.get(idempotency_key="demo-fee-unpaid")
    posted = Case.objects.get(idempotency_key="demo-fee-posted")
    assert unpaid.status == Status.AWAITING_DELIVERY
    assert FeeNotice.objects.get(case_number=unpaid.number).status == FeeStatus.DUE
    assert posted.status == Status.CONCLUDED
    assert posted.delivery_carrier == "ems"
    assert is_s10(posted.tracking_number)
    payment = Payment.objects.get(notice__case_number=posted.number)
    assert payment.department.code == "440100-ZWFW-ZX"  # the city's service centre
    assert payment.recorded_by.username == "clerk"
    assert Case.objects.filter(idempotency_key__startswith="demo-fee").count() == 2
