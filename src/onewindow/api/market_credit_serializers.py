"""The shapes of annual reports (年报) and the abnormal-operation list (经营异常名录) in the API.
Who sees what is decided by ``market.lists`` and ``market.reports`` before anything is shaped
here; the rules of a report's fields are ``market.reports``', which names each field at fault.
"""

from __future__ import annotations

from rest_framework import serializers

from onewindow.api.market_penalty_serializers import MarketPenaltyPublicationSerializer
from onewindow.market.credit_models import ListKind, ListReason, OperatingStatus, Removal
from onewindow.market.models import Result

AMOUNT = "in 10,000 yuan (万元), e.g. 12.50"

# --- the abnormal-operation list ----------------------------------------------------------------


class MarketListEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uscc = serializers.CharField(source="entity.uscc", help_text="the enterprise listed")
    name = serializers.CharField(source="entity.name")
    kind = serializers.ChoiceField(choices=ListKind.choices)
    reason = serializers.ChoiceField(choices=ListReason.choices)
    year = serializers.IntegerField(
        allow_null=True, help_text="the annual report not filed (reason no_report)"
    )
    basis = serializers.CharField(help_text="the legal basis")
    basis_en = serializers.CharField(help_text="the legal basis in English")
    department = serializers.CharField(source="department.code", help_text="listed by")
    department_name = serializers.CharField(source="department.display_name")
    listed_on = serializers.DateField()
    inspection = serializers.CharField(
        source="inspection.reference",
        allow_null=True,
        default=None,
        help_text="the visit that could not reach the enterprise (reason unreachable)",
    )
    open = serializers.SerializerMethodField(help_text="still on the list")
    removed_on = serializers.DateField(allow_null=True, help_text="taken off on")
    removal = serializers.ChoiceField(
        choices=[("", ""), *Removal.choices], help_text="why it was taken off; empty while open"
    )

    def get_open(self, entry) -> bool:
        return entry.removed_on is None


class MarketReachedInputSerializer(serializers.Serializer):
    """A head's finding that an enterprise listed as unreachable can be reached again."""

    note = serializers.CharField(
        max_length=300, help_text="how the enterprise was reached: a visit, a new address"
    )


# --- annual reports -----------------------------------------------------------------------------


class MarketWebsiteSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    url = serializers.CharField(allow_blank=True, max_length=200, help_text="https://…")


class MarketShareholderSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, max_length=100)
    subscribed = serializers.CharField(help_text=f"contribution subscribed, {AMOUNT}")
    paid = serializers.CharField(help_text=f"contribution paid, {AMOUNT}; at most subscribed")


class MarketAnnualReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField(help_text="the year reported on")
    uscc = serializers.CharField(source="entity.uscc")
    name = serializers.CharField(source="entity.name")
    address = serializers.CharField(help_text="for correspondence")
    postal_code = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    operating_status = serializers.ChoiceField(choices=OperatingStatus.choices)
    employees = serializers.IntegerField()
    employees_public = serializers.BooleanField()
    total_assets = serializers.DecimalField(max_digits=14, decimal_places=2, help_text=AMOUNT)
    total_liabilities = serializers.DecimalField(max_digits=14, decimal_places=2, help_text=AMOUNT)
    revenue = serializers.DecimalField(max_digits=14, decimal_places=2, help_text=AMOUNT)
    net_profit = serializers.DecimalField(max_digits=14, decimal_places=2, help_text=AMOUNT)
    tax_paid = serializers.DecimalField(max_digits=14, decimal_places=2, help_text=AMOUNT)
    assets_public = serializers.BooleanField(help_text="the amounts are public")
    websites = MarketWebsiteSerializer(many=True)
    shareholders = MarketShareholderSerializer(many=True)
    filed_at = serializers.DateTimeField()
    corrected_at = serializers.DateTimeField(allow_null=True)
    corrections = serializers.IntegerField()
    late = serializers.BooleanField(help_text="first filed after 30 June")


class MarketAnnualReportInputSerializer(serializers.Serializer):
    """A report on ``year`` (last year by default), or its correction until 30 June: what
    ``market.reports.file`` takes; its rules name their field."""

    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1900,
        max_value=9999,
        help_text="the year reported on; default: last year",
    )
    address = serializers.CharField(allow_blank=True, max_length=1000)
    postal_code = serializers.CharField(allow_blank=True, max_length=100, help_text="six digits")
    phone = serializers.CharField(allow_blank=True, max_length=100)
    email = serializers.CharField(required=False, allow_blank=True, default="", max_length=254)
    operating_status = serializers.ChoiceField(choices=OperatingStatus.choices)
    employees = serializers.IntegerField(help_text="0 to 10,000,000")
    employees_public = serializers.BooleanField(required=False, default=False)
    total_assets = serializers.CharField(max_length=100, help_text=AMOUNT)
    total_liabilities = serializers.CharField(max_length=100, help_text=AMOUNT)
    revenue = serializers.CharField(max_length=100, help_text=AMOUNT)
    net_profit = serializers.CharField(max_length=100, help_text=f"{AMOUNT}; may be negative")
    tax_paid = serializers.CharField(max_length=100, help_text=AMOUNT)
    assets_public = serializers.BooleanField(required=False, default=False)
    websites = MarketWebsiteSerializer(many=True, required=False, default=list)
    shareholders = MarketShareholderSerializer(many=True, required=False, default=list)


# --- the public credit record -------------------------------------------------------------------


class MarketCreditEntitySerializer(serializers.Serializer):
    uscc = serializers.CharField(help_text="unified social credit code")
    name = serializers.CharField()
    status = serializers.CharField(help_text="the registry's status: active, revoked, cancelled")


class MarketCreditLicenceSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="the e-certificate's number")
    type_name = serializers.CharField()
    issuer_name = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True, help_text="null: no end date")


class MarketCreditListEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ListKind.choices)
    reason = serializers.ChoiceField(choices=ListReason.choices)
    year = serializers.IntegerField(allow_null=True, help_text="the annual report not filed")
    basis = serializers.CharField(help_text="the legal basis")
    basis_en = serializers.CharField(help_text="the legal basis in English")
    department = serializers.CharField(source="department.code", help_text="listed by")
    department_name = serializers.CharField(source="department.display_name")
    listed_on = serializers.DateField()
    removed_on = serializers.DateField(allow_null=True, help_text="taken off on; null: on it")
    removal = serializers.ChoiceField(
        choices=[("", ""), *Removal.choices], help_text="why it was taken off; empty while on it"
    )


class MarketCreditReportYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="the year reported on")
    filed_on = serializers.DateField(allow_null=True, help_text="null: not filed")
    late = serializers.BooleanField(help_text="filed after 30 June")
    open_until = serializers.DateField(
        allow_null=True, help_text="the last day to file, while the period is open"
    )


class MarketCreditInspectionSerializer(serializers.Serializer):
    plan = serializers.CharField(source="inspection.plan.number", help_text="the draw's number")
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.display_name")
    item = serializers.CharField(source="item.code", help_text="the inspection item")
    item_name = serializers.CharField(source="item.display_name")
    result = serializers.ChoiceField(choices=Result.choices)
    published_at = serializers.DateTimeField(source="inspection.published_at")


class MarketCreditRecordSerializer(serializers.Serializer):
    """An enterprise's public credit record: registration, licences in force, penalties in
    their publication period, credit-list entries, annual reports, inspection results."""

    uscc = serializers.CharField(source="entity.uscc")
    name = serializers.CharField(source="entity.name")
    entity_type = serializers.CharField(source="entity.entity_type")
    status = serializers.CharField(source="entity.status")
    legal_representative = serializers.CharField(source="entity.legal_representative.name")
    established_on = serializers.DateField(source="entity.established_on")
    registration_authority = serializers.CharField(source="entity.registration_authority")
    address = serializers.CharField(source="entity.address")
    seriously_dishonest = serializers.BooleanField(help_text="on the serious-dishonesty list")
    abnormal = serializers.BooleanField(help_text="on the abnormal-operation list")
    licences = MarketCreditLicenceSerializer(many=True)
    penalties = MarketPenaltyPublicationSerializer(many=True)
    listed = MarketCreditListEntrySerializer(many=True, help_text="on a list now")
    taken_off = MarketCreditListEntrySerializer(many=True)
    reports = MarketCreditReportYearSerializer(many=True)
    inspections = MarketCreditInspectionSerializer(many=True, help_text="published results")
