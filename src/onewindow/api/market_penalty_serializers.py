"""The shapes of administrative penalty cases (行政处罚) in the API: a case as the department's
officials see it (with the steps the caller may take now), the party's view of its own case,
the public's masked publications and discretion benchmarks, and the inputs of the steps. Who
sees what is decided by ``market.penalty_selectors``; the rules of each input are the services'
(``market.penalties``), which name every field at fault.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onewindow.core.identifiers import normalize_uscc
from onewindow.market import penalties, penalty_ledger
from onewindow.market.penalty_models import (
    BandLevel,
    LeadSource,
    Measure,
    PenaltyDocumentKind,
    Stage,
)
from onewindow.registry.models import LegalEntity

ID = {"min_value": 1, "max_value": 2**31 - 1}
# choice sets written out, not enum components (their field names recur across the apps)
STAGE = ", ".join(Stage.values)
SOURCE = ", ".join(LeadSource.values)
LEVEL = ", ".join(BandLevel.values)
MEASURES = ", ".join(Measure.values)
DOCUMENT_KIND = ", ".join(PenaltyDocumentKind.values)
STEPS = (
    "what the caller may do now, each the POST of the same name under the case: propose_filing "
    "(propose-filing/), drop, approve_filing (approve-filing/), evidence, notify, respond, "
    "proceed, schedule_hearing (hearing/), record_hearing (hearing-record/), review, decide, "
    "deliver, payment, publish, withdraw"
)
YUAN = "yuan, e.g. 20000.00"
DAY = "YYYY-MM-DD"


# --- what a case shows --------------------------------------------------------------------------


class MarketPenaltyDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=DOCUMENT_KIND)
    kind_label = serializers.CharField(source="get_kind_display")
    number = serializers.CharField(help_text="the document's number (文号)")
    issued_on = serializers.DateField()
    digest = serializers.CharField(help_text="SM3 of the PDF, signed with the department's seal")
    url = serializers.SerializerMethodField(help_text="the sealed PDF")

    def get_url(self, document) -> str:
        path = reverse("market-penalty-document-api", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class MarketPenaltyRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="e.g. 440106-SCJG-CF2026-0001")
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.display_name")
    uscc = serializers.CharField(source="entity.uscc", help_text="the party")
    name = serializers.CharField(source="entity.name")
    stage = serializers.CharField(help_text=STAGE)
    stage_label = serializers.CharField(source="get_stage_display")
    notified_on = serializers.DateField(allow_null=True, help_text="the prior notice (告知)")
    statement_due = serializers.DateField(
        allow_null=True, help_text="the party states or asks for a hearing by (Art. 64)"
    )
    hearing_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    fine = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text=YUAN
    )
    payment_due = serializers.DateField(allow_null=True, help_text="15 days from delivery")
    closed_at = serializers.DateTimeField(allow_null=True)


class MarketPenaltyPartyCaseSerializer(MarketPenaltyRowSerializer):
    """A case as its party sees it, from the prior notice on."""

    violation = serializers.CharField(source="violation.name", allow_null=True, default=None)
    provision = serializers.CharField(source="violation.provision", allow_null=True, default=None)
    penalty_provision = serializers.CharField(
        source="violation.penalty_provision", allow_null=True, default=None
    )
    facts = serializers.CharField()
    band_level = serializers.CharField(
        source="band.level", allow_null=True, default=None, help_text=LEVEL
    )
    proposed_fine = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text=YUAN
    )
    proposed_measures = serializers.ListField(child=serializers.CharField(), help_text=MEASURES)
    grounds = serializers.CharField(help_text="why the band of the benchmark")
    hearing_allowed = serializers.SerializerMethodField(
        help_text="the penalty proposed allows the party to ask for a hearing (Art. 63)"
    )
    statement = serializers.CharField()
    stated_on = serializers.DateField(allow_null=True)
    hearing_requested_on = serializers.DateField(allow_null=True)
    hearing_place = serializers.CharField()
    measures = serializers.ListField(child=serializers.CharField(), help_text=MEASURES)
    delivered_on = serializers.DateField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    late_charge = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="3 % a day, at most the fine"
    )
    paid_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text=YUAN
    )
    documents = MarketPenaltyDocumentSerializer(many=True, source="documents.all")

    def get_hearing_allowed(self, case) -> bool:
        return penalties.hearing_allowed(case)


class MarketPenaltyOfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class MarketPenaltyEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    digest = serializers.CharField(help_text="SM3 of the file; empty without a file")
    collected_by = serializers.CharField(source="collected_by.display_name")
    collected_at = serializers.DateTimeField()


class MarketPenaltyDeadlineSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="market-penalty or market-penalty-publication")
    stage = serializers.CharField(help_text="deciding, delivering, payment or publishing")
    started_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    state = serializers.CharField(help_text="open, closed, …")


class MarketPenaltyPublicationStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    published_on = serializers.DateField()
    ends_on = serializers.DateField()
    withdrawn_on = serializers.DateField(allow_null=True)
    withdrawal_reason = serializers.CharField(
        help_text="expired, revoked or repaired; empty while shown"
    )


class MarketPenaltyCaseSerializer(MarketPenaltyPartyCaseSerializer):
    """A case as the department's officials see it; ``steps`` needs ``context["steps"]``."""

    source = serializers.CharField(help_text=SOURCE)
    source_reference = serializers.CharField(help_text="the 12345 ticket or referral number")
    finding = serializers.IntegerField(source="finding_id", allow_null=True)
    inspection = serializers.CharField(
        source="finding.inspection.reference", allow_null=True, default=None
    )
    opened_at = serializers.DateTimeField()
    opened_by = serializers.CharField(source="opened_by.display_name")
    violation_id = serializers.IntegerField(allow_null=True)
    violation_code = serializers.CharField(source="violation.code", allow_null=True, default=None)
    occurred_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    discovered_on = serializers.DateField(allow_null=True)
    officers = MarketPenaltyOfficerSerializer(many=True, source="officers.all")
    filed_on = serializers.DateField(allow_null=True, help_text="立案; Art. 60's 90 days start")
    band = serializers.IntegerField(source="band_id", allow_null=True)
    major = serializers.BooleanField(help_text="legal review and a collective decision")
    hearing_notified_on = serializers.DateField(allow_null=True)
    hearing_host = serializers.CharField(
        source="hearing_host.display_name", allow_null=True, default=None
    )
    hearing_record = serializers.CharField()
    legal_opinion = serializers.CharField()
    legal_reviewed_on = serializers.DateField(allow_null=True)
    collective_minutes = serializers.CharField()
    decided_by = serializers.CharField(
        source="decided_by.display_name", allow_null=True, default=None
    )
    evidence = MarketPenaltyEvidenceSerializer(many=True, source="evidence.all")
    deadlines = serializers.SerializerMethodField(
        help_text="the case's clocks in the supervision ledger"
    )
    publication = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField(help_text=STEPS)

    @extend_schema_field(MarketPenaltyDeadlineSerializer(many=True))
    def get_deadlines(self, case):
        return MarketPenaltyDeadlineSerializer(penalty_ledger.rows(case), many=True).data

    @extend_schema_field(MarketPenaltyPublicationStateSerializer(allow_null=True))
    def get_publication(self, case):
        publication = getattr(case, "publication", None)
        if publication is None:
            return None
        return MarketPenaltyPublicationStateSerializer(publication).data

    def get_steps(self, case) -> list[str]:
        return sorted(self.context.get("steps", ()))


# --- what the public sees -----------------------------------------------------------------------


class MarketPenaltyPublicationSerializer(serializers.Serializer):
    """A published decision (行政处罚信息公示), personal data masked when it was published."""

    id = serializers.IntegerField()
    document_number = serializers.CharField(source="text.document_number", default="")
    party = serializers.CharField(source="text.party", default="")
    uscc = serializers.CharField(source="text.uscc", default="")
    representative = serializers.CharField(
        source="text.representative", default="", help_text="masked: the first character"
    )
    violation = serializers.CharField(source="text.violation", default="")
    violation_en = serializers.CharField(source="text.violation_en", default="")
    facts = serializers.CharField(
        source="text.facts", default="", help_text="ID, mobile and card numbers masked"
    )
    provision = serializers.CharField(source="text.provision", default="")
    penalty_provision = serializers.CharField(source="text.penalty_provision", default="")
    penalty = serializers.CharField(source="text.penalty", default="")
    fine = serializers.CharField(source="text.fine", default="", help_text=YUAN)
    measures = serializers.ListField(
        child=serializers.CharField(), source="text.measures", default=list, help_text=MEASURES
    )
    department = serializers.CharField(source="text.department", default="")
    department_en = serializers.CharField(source="text.department_en", default="")
    decided_on = serializers.CharField(source="text.decided_on", default="", help_text=DAY)
    published_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="shown until")


class MarketBandSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="what a prior notice names as its band")
    level = serializers.CharField(help_text=LEVEL)
    level_label = serializers.CharField(source="get_level_display")
    circumstances = serializers.CharField()
    circumstances_en = serializers.CharField()
    fine_min = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=YUAN)
    fine_max = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=YUAN)
    measures = serializers.ListField(
        child=serializers.CharField(), help_text=f"besides a warning: {MEASURES}"
    )


class MarketBenchmarkSerializer(serializers.Serializer):
    """A violation on a department's discretion benchmark (裁量基准, Art. 34) with its bands."""

    id = serializers.IntegerField(help_text="what a filing names as its violation")
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.display_name")
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    provision = serializers.CharField(help_text="the provision violated")
    provision_en = serializers.CharField()
    penalty_provision = serializers.CharField(help_text="the provision that punishes it")
    penalty_provision_en = serializers.CharField()
    endangers_safety = serializers.BooleanField(help_text="five years' limitation, not two")
    bands = MarketBandSerializer(many=True, source="bands.all")


# --- the inputs of the steps --------------------------------------------------------------------


class _UsccField(serializers.SlugRelatedField):
    def to_internal_value(self, data):
        return super().to_internal_value(normalize_uscc(str(data)))


@extend_schema_field(OpenApiTypes.BINARY)
class _Upload(serializers.FileField):
    """A file part of a multipart/form-data request."""


class MarketPenaltyLeadInputSerializer(serializers.Serializer):
    """A lead (线索) recorded by an enforcement officer of the department."""

    department = serializers.IntegerField(help_text="the department's id", **ID)
    uscc = _UsccField(
        slug_field="uscc",
        queryset=LegalEntity.objects.all(),
        source="entity",
        help_text="the party's unified social credit code",
        error_messages={
            "does_not_exist": _("No one on the registry has this unified social credit code.")
        },
    )
    facts = serializers.CharField(allow_blank=True)
    source = serializers.CharField(
        allow_blank=True, help_text=f"{SOURCE}; a hotline or referral lead gives its reference"
    )
    reference = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="the 12345 ticket or referral"
    )


class MarketProposeFilingInputSerializer(serializers.Serializer):
    violation = serializers.IntegerField(help_text="a violation on the benchmark (its id)", **ID)
    occurred_on = serializers.CharField(allow_blank=True, help_text=DAY)
    ended_on = serializers.CharField(
        allow_blank=True, help_text=f"{DAY}; the day of discovery if still going on"
    )
    discovered_on = serializers.CharField(allow_blank=True, help_text=DAY)
    officers = serializers.ListField(
        child=serializers.IntegerField(**ID),
        required=False,
        default=list,
        help_text="the other enforcement officers who investigate with you (ids); two at least",
    )


class MarketReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="why the lead is not filed")


class MarketApproveFilingInputSerializer(serializers.Serializer):
    approved = serializers.BooleanField(help_text="filed (立案), or not")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MarketEvidenceInputSerializer(serializers.Serializer):
    """A piece of evidence, sent as multipart/form-data."""

    title = serializers.CharField(allow_blank=True)
    file = _Upload(required=False, default=None, help_text="at most 20 MB; kept with its SM3")


class MarketNotifyInputSerializer(serializers.Serializer):
    """The prior notice (告知书): the band, the proposed penalty and why."""

    band = serializers.IntegerField(help_text="a band of the case's violation (its id)", **ID)
    fine = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=f"{YUAN}; within the band"
    )
    measures = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text=MEASURES
    )
    grounds = serializers.CharField(allow_blank=True)
    complex = serializers.BooleanField(
        required=False,
        default=False,
        help_text="a complex case: legal review and collective decision",
    )


class MarketRespondInputSerializer(serializers.Serializer):
    statement = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="required unless a hearing"
    )
    hearing = serializers.BooleanField(
        required=False, default=False, help_text="ask for a hearing, where Art. 63 allows one"
    )


class MarketScheduleHearingInputSerializer(serializers.Serializer):
    hearing_on = serializers.CharField(allow_blank=True, help_text=f"{DAY}; 7 working days on")
    place = serializers.CharField(allow_blank=True)
    host = serializers.IntegerField(
        help_text="an official of the department who did not investigate (id)", **ID
    )


class MarketHearingRecordInputSerializer(serializers.Serializer):
    record = serializers.CharField(allow_blank=True)


class MarketReviewInputSerializer(serializers.Serializer):
    opinion = serializers.CharField(allow_blank=True, help_text="the legal review's opinion")


class MarketDecideInputSerializer(serializers.Serializer):
    fine = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=f"{YUAN}; not above the notice's"
    )
    measures = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text=MEASURES
    )
    minutes = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="required in a major case"
    )


class MarketDeliverInputSerializer(serializers.Serializer):
    delivered_on = serializers.CharField(allow_blank=True, help_text=DAY)


class MarketPaymentInputSerializer(serializers.Serializer):
    paid_on = serializers.CharField(allow_blank=True, help_text=DAY)


class MarketWithdrawInputSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, help_text="how the decision was revoked")
