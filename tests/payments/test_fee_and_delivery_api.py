"""The fee and delivery endpoints: the applicant and the case's officials read the payment
notices, a window clerk records the counter receipt, the applicant chooses post or counter."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from onewindow.cases.models import Case, Status
from onewindow.payments.models import FeeNotice
from tests.factories import CitizenFactory
from tests.payments.conftest import CENTRE, CRJ

pytestmark = pytest.mark.django_db


def client(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_the_applicant_and_the_officials_read_the_payment_notice(staff, permit):
    url = f"/api/v1/cases/{permit.number}/fees/"
    for reader in (permit.applicant, staff.reviewer(CRJ), staff.clerk(CENTRE)):
        answer = client(reader).get(url)
        assert answer.status_code == 200
        (fee,) = answer.json()
        assert (fee["amount"], fee["status"]) == ("60.00", "due")
        assert "914号" in fee["basis"]
        assert fee["document_url"].endswith("-JK1/")
    assert client(CitizenFactory()).get(url).status_code == 404
    assert client(staff.clerk("440100-SCJG")).get(url).status_code == 404
    assert client().get(url).status_code in (401, 403)


def test_delivery_waits_for_the_fee_recorded_at_the_counter(staff, permit):
    reference = FeeNotice.objects.get(case_number=permit.number).reference
    clerk = client(staff.clerk(CENTRE))
    chose = client(permit.applicant).post(
        f"/api/v1/cases/{permit.number}/delivery-choice/",
        {"method": "post", "address": "广州市天河区体育西路103号 张晓明 13800138000"},
        format="json",
    )
    assert chose.status_code == 200
    assert chose.json()["delivery_address"].startswith("广州市天河区")
    posted = {"method": "post", "carrier": "ems", "tracking_number": "EA123456785CN"}
    early = clerk.post(f"/api/v1/cases/{permit.number}/delivery/", posted, format="json")
    assert early.status_code == 409
    assert reference in early.json()["detail"]

    payment_url = f"/api/v1/cases/{permit.number}/fees/{reference}/payment/"
    wrong = clerk.post(payment_url, {"amount": "6.00", "receipt_number": "GD44001"}, format="json")
    assert wrong.status_code == 400
    assert "amount" in wrong.json()
    paid = clerk.post(payment_url, {"amount": "60.00", "receipt_number": "GD44001"}, format="json")
    assert paid.status_code == 201
    assert paid.json()[0]["payment"]["receipt_number"] == "GD44001"
    again = clerk.post(payment_url, {"amount": "60.00", "receipt_number": "GD44002"}, format="json")
    assert again.status_code == 409

    delivered = clerk.post(f"/api/v1/cases/{permit.number}/delivery/", posted, format="json")
    assert delivered.status_code == 200
    body = delivered.json()
    assert (body["status"], body["tracking_number"], body["delivery_carrier"]) == (
        Status.CONCLUDED,
        "EA123456785CN",
        "ems",
    )
    assert Case.objects.get(number=permit.number).status == Status.CONCLUDED


def test_only_a_window_clerk_records_the_payment(staff, permit):
    reference = FeeNotice.objects.get(case_number=permit.number).reference
    url = f"/api/v1/cases/{permit.number}/fees/{reference}/payment/"
    body = {"amount": "60.00", "receipt_number": "GD44001"}
    assert client(staff.reviewer(CRJ)).post(url, body, format="json").status_code == 403
    assert client(permit.applicant).post(url, body, format="json").status_code == 403
    assert client(staff.clerk("440106-ZWFW-ZX")).post(url, body, format="json").status_code == 404
    assert client().post(url, body, format="json").status_code in (401, 403)
    assert FeeNotice.objects.get(reference=reference).status == "due"
