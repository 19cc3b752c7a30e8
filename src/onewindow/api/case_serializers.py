"""Shapes of cases and review tasks in the API."""

from __future__ import annotations

import base64
import binascii
import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onewindow.api.progress_serializers import ProgressSerializer
from onewindow.cases import application, disclosure, joint_measures, progress
from onewindow.cases.delivery import Carrier
from onewindow.cases.models import Case, DeliveryMethod, PauseReason, Verification


def flag_of(case: Case) -> str:
    if case.red_at:
        return "red"
    if case.yellow_at:
        return "yellow"
    return ""


class CaseSummarySerializer(serializers.Serializer):
    number = serializers.CharField()
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.display_name")
    lead_department = serializers.CharField(source="lead_department.name")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    outcome = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    received_on = serializers.DateField()
    intake_due = serializers.DateField(allow_null=True)
    accepted_on = serializers.DateField(allow_null=True)
    promised_due = serializers.DateField(allow_null=True)
    statutory_due = serializers.DateField(allow_null=True)
    delivery_due = serializers.DateField(allow_null=True)
    due_provisional = serializers.BooleanField(
        help_text="True when a due date crosses a year whose holiday arrangement is not "
        "published yet (counted Monday to Friday); the dates move when it is entered"
    )
    clock_paused = serializers.BooleanField()
    flag = serializers.SerializerMethodField(help_text="red, yellow or empty")
    version = serializers.IntegerField()

    def get_flag(self, case) -> str:
        return flag_of(case)


class CaseMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    source = serializers.CharField()
    reference = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    digest = serializers.CharField()
    round = serializers.IntegerField()
    superseded = serializers.BooleanField()


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.CharField(source="case.number")
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    stage = serializers.CharField()
    benefit_item = serializers.CharField(source="benefit_item.code", allow_null=True, default=None)
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    opinion = serializers.CharField()
    conditions = serializers.CharField()
    opened_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)


class InboxTaskSerializer(TaskSerializer):
    item_name = serializers.CharField(source="case.item.display_name")
    case_version = serializers.IntegerField(source="case.version")
    flag = serializers.SerializerMethodField()

    def get_flag(self, task) -> str:
        return flag_of(task.case)


class CorrectionSerializer(serializers.Serializer):
    items = serializers.JSONField()
    note = serializers.CharField()
    issued_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)


class PauseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    reason = serializers.CharField()
    department = serializers.CharField(source="department.name")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    working_days = serializers.IntegerField()
    supplement_items = serializers.JSONField()


class ExtensionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    days = serializers.IntegerField()
    article = serializers.CharField()
    reason = serializers.CharField()
    status = serializers.CharField()
    requested_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class DocumentSerializer(serializers.Serializer):
    number = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    issued_at = serializers.DateTimeField()
    sm3 = serializers.CharField(
        source="digest", help_text="SM3 of the PDF; empty until the PDF is rendered"
    )
    rendered_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return reverse("case-document", args=[document.case.number, document.number])


class CreditFlagSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="serious_list, abnormal_list, good_credit, …")
    label = serializers.CharField(source="text")
    since = serializers.CharField(allow_blank=True, default="")
    basis = serializers.CharField(source="basis_text", default="")
    positive = serializers.BooleanField(default=False, help_text="an incentive, not a warning")


class JointMeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="text")
    effect = serializers.CharField(
        help_text="block, tolerate (容缺受理) or commit (告知承诺: a commitment may replace a "
        "certification)"
    )
    basis = serializers.CharField(source="basis_text")


class DeferredMaterialSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField(source="display_name")
    due_on = serializers.DateField()
    due_provisional = serializers.BooleanField()
    supplied_at = serializers.DateTimeField(allow_null=True)


class CommittedMaterialSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField(source="display_name")
    commitment = serializers.CharField(
        source="display_text", help_text="the notice and the commitment the applicant made"
    )
    verify_by = serializers.DateField(help_text="the department checks it by this day")
    verify_provisional = serializers.BooleanField()
    outcome = serializers.ChoiceField(
        choices=Verification.choices,
        help_text="pending, true, untrue, or ended (the case ended before the check)",
    )
    verified_at = serializers.DateTimeField(allow_null=True)
    finding = serializers.CharField(help_text="how it was checked and what was found")
    repaired_on = serializers.DateField(
        allow_null=True, help_text="an untrue commitment's credit repair was granted that day"
    )


class CreditCheckSerializer(serializers.Serializer):
    """The joint punishment and incentive check (联合奖惩) made at submission."""

    verified = serializers.BooleanField(
        help_text="the registry answer's SM2 signature verifies against the published key"
    )
    flags = CreditFlagSerializer(many=True)
    joint_measures = JointMeasureSerializer(many=True)
    deferred_materials = DeferredMaterialSerializer(
        many=True, help_text="materials the case was accepted without (容缺受理), owed by due_on"
    )
    committed_materials = CommittedMaterialSerializer(
        many=True,
        help_text="certifications replaced by a written commitment (告知承诺, 国办发〔2020〕42号), "
        "checked by the department by verify_by",
    )


class CaseDetailSerializer(CaseSummarySerializer):
    applicant = serializers.CharField(source="applicant.display_name")
    form_data = serializers.SerializerMethodField(
        help_text=(
            "field name → value; ID and phone numbers masked (4401**********123X). "
            "POST …/personal-data/ with a purpose to see them in full (logged)."
        )
    )
    accepted_by_law = serializers.BooleanField()
    statutory_limit = serializers.IntegerField(allow_null=True)
    promised_limit = serializers.IntegerField(allow_null=True)
    extension_days = serializers.IntegerField()
    paused_days = serializers.IntegerField()
    yellow_at = serializers.DateTimeField(allow_null=True)
    red_at = serializers.DateTimeField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    decision_note = serializers.CharField()
    delivery_method = serializers.CharField()
    tracking_number = serializers.CharField()
    delivery_carrier = serializers.CharField()
    delivery_address = serializers.CharField()
    collected_by = serializers.CharField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    materials = CaseMaterialSerializer(many=True, source="materials.all")
    tasks = TaskSerializer(many=True, source="tasks.all")
    corrections = CorrectionSerializer(many=True, source="corrections.all")
    pauses = PauseSerializer(many=True, source="pauses.all")
    extensions = ExtensionSerializer(many=True, source="extensions.all")
    documents = DocumentSerializer(many=True, source="documents.all")
    progress = serializers.SerializerMethodField(
        help_text="The steps at a glance (as on the case page), with what the applicant must do"
    )
    progress_code = serializers.SerializerMethodField(
        help_text="For the applicant: the code for the public progress lookup; else empty"
    )
    credit_check = serializers.SerializerMethodField(
        help_text="The credit check at submission (联合奖惩); null when none was made"
    )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_form_data(self, case) -> dict:
        return disclosure.masked(case)

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, case) -> dict:
        return ProgressSerializer(progress.steps(case, self.context.get("viewer"))).data

    @extend_schema_field(CreditCheckSerializer(allow_null=True))
    def get_credit_check(self, case) -> dict | None:
        credit = joint_measures.case_credit(case)
        if credit is None:
            return None
        return CreditCheckSerializer(
            {
                "verified": bool(credit.check and credit.check.verified),
                "flags": credit.check.flags if credit.check else [],
                "joint_measures": credit.measures,
                "deferred_materials": credit.owed,
                "committed_materials": credit.committed,
            }
        ).data

    def get_progress_code(self, case) -> str:
        viewer = self.context.get("viewer")
        return progress.code_of(case) if viewer and viewer.pk == case.applicant_id else ""


class RevealRequestSerializer(serializers.Serializer):
    purpose = serializers.CharField(
        max_length=200, help_text="Why the full values are needed; logged in the audit chain"
    )


class RevealedSerializer(serializers.Serializer):
    form_data = serializers.DictField(
        child=serializers.CharField(), help_text="the form's personal fields, in full"
    )
    purpose = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    department = serializers.CharField()
    text = serializers.CharField()


class UploadedFileSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    content = serializers.CharField(help_text="base64")

    def validate_content(self, value):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError(_("The file content is not valid base64.")) from exc


class _MaterialsMixin(serializers.Serializer):
    """Materials as JSON (base64) or, in a multipart request, as files named materials.<key>."""

    materials = serializers.DictField(child=UploadedFileSerializer(), required=False)

    def to_internal_value(self, data):
        if hasattr(data, "getlist"):  # multipart: the files are read from request.FILES
            data = {k: v for k, v in data.items() if not k.startswith(application.MATERIAL_FIELD)}
        return super().to_internal_value(data)

    def uploads(self, request) -> dict[str, tuple[str, bytes]]:
        found = {
            key: (entry["name"], entry["content"])
            for key, entry in self.validated_data.get("materials", {}).items()
        }
        return found | application.uploads_from(request.FILES)


class _FormField(serializers.JSONField):
    """A JSON object, also accepted as a JSON string (multipart requests)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise serializers.ValidationError(_("The form is not valid JSON.")) from exc
        return super().to_internal_value(data)


class SubmitSerializer(_MaterialsMixin):
    item = serializers.CharField(help_text="service item code")
    form = _FormField(help_text="field name → value, by the item's form schema")
    division = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text="the district or street to apply in (its division code, one of the item's "
        "instances); by default the applicant's registered division",
    )
    commitments = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        max_length=20,
        help_text="告知承诺: the keys of materials replaced by a written commitment instead of an "
        "upload (materials the catalogue marks committable; enterprises of good credit only). "
        "400 names a material that may not be.",
    )


class SupplyDeferredSerializer(_MaterialsMixin):
    version = serializers.IntegerField(required=False)


class ResubmitSerializer(_MaterialsMixin):
    form = _FormField(required=False)
    version = serializers.IntegerField(required=False)


class AmendSerializer(serializers.Serializer):
    form = _FormField(help_text="the whole form as it should now read, by the item's schema")
    reason = serializers.CharField(
        allow_blank=True, help_text="why it changes; every department reads it"
    )
    version = serializers.IntegerField(required=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="optimistic concurrency check")


class CorrectionItemSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, help_text="a material to upload again")
    field = serializers.CharField(
        required=False, help_text="or a form field to correct (not one naming the applicant)"
    )
    problem = serializers.CharField(allow_blank=True)


class CorrectionRequestSerializer(VersionSerializer):
    items = CorrectionItemSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RefuseSerializer(VersionSerializer):
    reason = serializers.CharField(allow_blank=True)


class VerifyCommitmentSerializer(VersionSerializer):
    truthful = serializers.BooleanField(
        help_text="true: what the certification would prove is so; false: the commitment is "
        "untrue (the case is denied, a licence granted on it revoked, the credit record shows it)"
    )
    finding = serializers.CharField(
        allow_blank=True, help_text="how it was checked and what was found (the applicant reads it)"
    )


class PauseRequestSerializer(VersionSerializer):
    kind = serializers.ChoiceField(choices=[c for c in PauseReason.values if c != "supplement"])
    reason = serializers.CharField(allow_blank=True)


class ExtensionRequestSerializer(VersionSerializer):
    days = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class ExtensionDecisionSerializer(VersionSerializer):
    approve = serializers.BooleanField(default=True)


class DecisionSerializer(VersionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeliverySerializer(VersionSerializer):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    carrier = serializers.ChoiceField(
        choices=Carrier.choices, required=False, allow_blank=True, default=""
    )
    tracking_number = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    collected_by = serializers.CharField(required=False, allow_blank=True, default="")
    collector_id_number = serializers.CharField(required=False, allow_blank=True, default="")
    id_checked = serializers.BooleanField(required=False, default=False)


class ApproveSerializer(VersionSerializer):
    opinion = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class DenySerializer(VersionSerializer):
    reasons = serializers.CharField(allow_blank=True)


class SupplementRequestSerializer(VersionSerializer):
    items = CorrectionItemSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
