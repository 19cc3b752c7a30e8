"""Fees and delivery on the pages: the output window's clerk sees "fee due", records the
payment at the counter and hands the result out; the applicant sees the notice, its status
and chooses how to receive the result."""

from __future__ import annotations

from datetime import date

import pytest

from onewindow.cases.models import Case, Status
from onewindow.payments.models import FeeNotice, FeeStatus
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import zh
from tests.payments.conftest import CENTRE
from tests.workbench.conftest import case_links, page_version, signed_in, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


def test_the_output_window_records_the_fee_then_hands_the_result_out(staff, permit):
    notice = FeeNotice.objects.get(case_number=permit.number)
    clerk = signed_in(staff.clerk(CENTRE))
    with at(date(2026, 11, 4)):
        assert permit.number in case_links(text(clerk.get("/workbench/?status=delivery")))
        page = text(clerk.get(f"/workbench/cases/{permit.number}/"))
        assert zh("Fee due") in page
        assert zh("Record payment at the counter") in page
        assert notice.reference in page
        wrong = clerk.post(
            f"/workbench/cases/{permit.number}/fee-payment/",
            {
                "version": page_version(page, "fee-payment"),
                "reference": notice.reference,
                "amount": "6.00",
                "receipt_number": "GD44001",
            },
        )
        assert 'id="id_fee_payment_amount_error"' in text(wrong)
        assert FeeNotice.objects.get(pk=notice.pk).status == FeeStatus.DUE
        paid = clerk.post(
            f"/workbench/cases/{permit.number}/fee-payment/",
            {
                "version": page_version(page, "fee-payment"),
                "reference": notice.reference,
                "amount": "60.00",
                "receipt_number": "GD44001",
            },
            follow=True,
        )
        page = text(paid)
        assert zh("The payment is recorded; the result can now be handed out.") in page
        assert zh("Record payment at the counter") not in page
        delivered = clerk.post(
            f"/workbench/cases/{permit.number}/delivery/",
            {
                "version": page_version(page, "delivery"),
                "method": "counter",
                "collected_by": permit.applicant.real_name,
                "collector_id_number": permit.applicant.id_number,
                "id_checked": "on",
            },
            follow=True,
        )
    assert zh("The delivery is recorded.") in text(delivered)
    assert Case.objects.get(pk=permit.pk).status == Status.CONCLUDED


def test_the_applicant_sees_the_fee_and_chooses_postal_delivery(staff, permit):
    notice = FeeNotice.objects.get(case_number=permit.number)
    applicant = signed_in(permit.applicant)
    page = text(applicant.get(f"/my/cases/{permit.number}/"))
    assert notice.reference in page
    assert zh("Fee due") in page
    assert "914号" in page
    assert f"{permit.number}-JK1" in page  # the payment notice among the documents
    refused = text(
        applicant.post(f"/my/cases/{permit.number}/delivery/", {"method": "post", "address": ""})
    )
    assert 'id="delivery-address-error"' in refused
    chosen = applicant.post(
        f"/my/cases/{permit.number}/delivery/",
        {"method": "post", "address": "广州市天河区体育西路103号 张晓明 13800138000"},
        follow=True,
    )
    assert zh("Your choice of delivery is recorded.") in text(chosen)
    case = Case.objects.get(pk=permit.pk)
    assert (case.delivery_method, case.delivery_address[:6]) == ("post", "广州市天河区")
