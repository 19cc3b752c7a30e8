"""Shapes of fee notices, counter receipts and the applicant's delivery choice in the API."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onewindow.api.case_serializers import VersionSerializer
from onewindow.cases.models import APPLICANT_DELIVERY_METHODS


class PaymentSerializer(serializers.Serializer):
    provider = serializers.CharField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    receipt_number = serializers.CharField()
    received_at = serializers.CharField(
        source="department.name", allow_null=True, default=None, help_text="The counter"
    )
    paid_at = serializers.DateTimeField()


class FeeNoticeSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="20 digits, ISO 7064 MOD 97-10 check")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    basis = serializers.CharField(help_text="The legal basis of the fee")
    payee = serializers.CharField()
    department = serializers.CharField(source="department.name")
    service_centre = serializers.CharField(
        source="service_centre.name", allow_null=True, default=None
    )
    issued_on = serializers.DateField()
    due_on = serializers.DateField()
    due_provisional = serializers.BooleanField()
    status = serializers.ChoiceField(choices=["due", "paid"])
    paid_at = serializers.DateTimeField(allow_null=True)
    payment = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField(help_text="The payment notice as PDF")

    @extend_schema_field(PaymentSerializer(allow_null=True))
    def get_payment(self, notice) -> dict | None:
        payment = getattr(notice, "payment", None) if notice.is_paid else None
        return PaymentSerializer(payment).data if payment is not None else None

    def get_document_url(self, notice) -> str:
        if not notice.document_number:
            return ""
        return reverse("case-document", args=[notice.case_number, notice.document_number])


class CounterPaymentSerializer(VersionSerializer):
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="Exactly the amount of the notice, in yuan"
    )
    receipt_number = serializers.CharField(max_length=40, help_text="The receipt given")
    provider = serializers.CharField(
        required=False, default="counter", help_text="An enabled payment provider"
    )


class DeliveryChoiceSerializer(VersionSerializer):
    method = serializers.ChoiceField(
        choices=[(m.value, m.label) for m in APPLICANT_DELIVERY_METHODS]
    )
    address = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="For post: the address with the recipient's name and phone",
    )
