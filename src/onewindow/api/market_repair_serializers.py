"""The shapes of credit repair (信用修复) in the API. Who sees what and every rule are
``market.credit_repair``'s; the service names each field at fault."""

from __future__ import annotations

from rest_framework import serializers

from onewindow.api.market_serializers import _Upload
from onewindow.market.credit_models import Consent, RepairStatus, RepairTarget


class MarketRepairOptionSerializer(serializers.Serializer):
    """A record of the enterprise that credit repair may reach, and what stands in the way."""

    record = serializers.CharField(source="key", help_text="what to send as `record` to apply")
    target = serializers.ChoiceField(choices=RepairTarget.choices)
    title = serializers.CharField(
        help_text="the penalty case number, the list's reason, or the case and material of a "
        "commitment found untrue",
    )
    department = serializers.CharField(source="department.code", help_text="decides")
    from_day = serializers.DateField(allow_null=True, help_text="first day to apply")
    eligible = serializers.BooleanField(help_text="an application may be made now")
    unmet = serializers.ListField(
        child=serializers.CharField(), help_text="conditions not met yet, in the reader's language"
    )
    never = serializers.CharField(help_text="why it is never repaired early; empty otherwise")
    pending = serializers.CharField(
        source="pending.reference", allow_null=True, default=None,
        help_text="the application being decided",
    )  # fmt: skip


class MarketRepairSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    uscc = serializers.CharField(source="entity.uscc")
    name = serializers.CharField(source="entity.name")
    target = serializers.ChoiceField(choices=RepairTarget.choices)
    penalty_case = serializers.CharField(
        source="publication.case.number", allow_null=True, default=None,
        help_text="the published penalty to stop early (target publication)",
    )  # fmt: skip
    list_entry = serializers.IntegerField(
        source="entry_id", allow_null=True, help_text="the list entry (targets serious, abnormal)"
    )
    commitment_case = serializers.CharField(
        source="false_commitment.case.number", allow_null=True, default=None,
        help_text="the case whose commitment was found untrue (target commitment)",
    )  # fmt: skip
    commitment_material = serializers.CharField(
        source="false_commitment.key", allow_null=True, default=None,
        help_text="the material the false commitment replaced (target commitment)",
    )  # fmt: skip
    department = serializers.CharField(source="department.code", help_text="decides")
    commitment = serializers.CharField(help_text="the credit commitment signed (守信承诺书)")
    correction = serializers.CharField(help_text="what the enterprise did to put things right")
    evidence_name = serializers.CharField()
    evidence_sm3 = serializers.CharField(source="evidence_digest")
    applied_at = serializers.DateTimeField()
    due_on = serializers.DateField(help_text="to be decided by (working days, in the ledger)")
    status = serializers.ChoiceField(choices=RepairStatus.choices)
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(help_text="the reasons given with the decision")


class MarketMyRepairsSerializer(serializers.Serializer):
    options = MarketRepairOptionSerializer(many=True)
    applications = MarketRepairSerializer(many=True)


class MarketRepairInputSerializer(serializers.Serializer):
    """An application, sent as multipart/form-data."""

    record = serializers.CharField(max_length=32, help_text="an option's `record`")
    committed = serializers.BooleanField(help_text="the credit commitment is signed")
    correction = serializers.CharField(
        max_length=4000, allow_blank=True, help_text="what was done to put things right"
    )
    evidence = _Upload(required=False, default=None, help_text="a PDF, JPG, PNG or OFD file")


class MarketRepairDecisionSerializer(serializers.Serializer):
    grant = serializers.BooleanField()
    reason = serializers.CharField(
        max_length=4000, allow_blank=True, default="", help_text="required to refuse"
    )


class MarketListingSerializer(serializers.Serializer):
    """A serious-dishonesty listing sent to the level above for its consent."""

    id = serializers.IntegerField()
    uscc = serializers.CharField(source="entity.uscc")
    name = serializers.CharField(source="entity.name")
    penalty_case = serializers.CharField(source="penalty.number")
    department = serializers.CharField(source="department.code", help_text="proposed the listing")
    consenting = serializers.CharField(
        source="consenting.code", help_text="the market-supervision department one level up"
    )
    grounds = serializers.CharField(help_text="why the violation is serious")
    proposed_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Consent.choices)
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(help_text="the reasons for refusing")
    listed_on = serializers.DateField(
        source="entry.listed_on", allow_null=True, default=None, help_text="agreed: listed from"
    )


class MarketListingDecisionSerializer(serializers.Serializer):
    agree = serializers.BooleanField()
    reason = serializers.CharField(
        max_length=2000, allow_blank=True, default="", help_text="required to refuse"
    )
