"""Fees and delivery of a case: the payment notices, the counter's receipt, the applicant's
choice of counter or post. Parse, call one service or selector, render."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api import fee_serializers as f
from onewindow.api.case_views import _action, _post_view
from onewindow.cases import selectors, services


def _fees(request, number: str, code: int = 200) -> Response:
    case = selectors.case_for(request.user, number)
    return Response(f.FeeNoticeSerializer(selectors.fee_notices(case), many=True).data, code)


class FeeListView(APIView):
    @extend_schema(responses=f.FeeNoticeSerializer(many=True), operation_id="cases_fees")
    def get(self, request, number):
        """The case's payment notices (缴款通知书): amount, legal basis, reference, due date,
        paid or not. The applicant and the officials who see the case read them."""
        return _fees(request, number)


def _record_payment(request, data, version, payload, number, payment_reference):
    services.record_fee_payment(
        number=number,
        actor=request.user,
        reference=payment_reference,
        amount=data["amount"],
        receipt_number=data["receipt_number"],
        provider=data["provider"],
        expected_version=version,
    )


payment = _post_view(
    f.CounterPaymentSerializer,
    _record_payment,
    lambda request, status_code, number, payment_reference: _fees(request, number, status_code),
    description=(
        "Record a fee paid at the counter: a window clerk of the charging department or of the "
        "service centre, exactly the notice's amount (400 names `amount`), the receipt number. "
        "409 once paid. Answers the case's payment notices."
    ),
    operation_id="cases_fee_payment",
    code=201,
    response=f.FeeNoticeSerializer(many=True),
)

delivery_choice = _action(
    f.DeliveryChoiceSerializer,
    lambda r, n, d, v: services.choose_delivery(
        number=n, applicant=r.user, method=d["method"], address=d["address"], expected_version=v
    ),
    description=(
        "The applicant chooses how to receive the result (统一出件): pickup at the service "
        "centre's output window, or post to an address (400 names `address` if missing)."
    ),
    operation_id="cases_delivery_choice",
)
