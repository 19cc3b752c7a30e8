"""The shapes of random inspections (双随机一公开) in the API: plans with their departments'
parts, the draw's public record, visits with their team and findings, and the inputs of the
steps. Who sees what is decided by ``market.selectors`` before anything is shaped here; the
seed itself is never shaped, only the published one after the draw.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onewindow.market.models import InspectionStatus, Method, PlanStatus, Result

ID = {"min_value": 1, "max_value": 2**31 - 1}
# "status" is a choice set of its own in every app: written out, not an enum component
PLAN_STATUS = ", ".join(PlanStatus.values)
INSPECTION_STATUS = ", ".join(InspectionStatus.values)

# --- inspection items -------------------------------------------------------------------------


class MarketItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="what a plan's part names as its item")
    department = serializers.CharField(source="department.code")
    department_id = serializers.IntegerField(help_text="what a plan names as its department")
    code = serializers.CharField()
    name = serializers.CharField(source="display_name")
    scope = serializers.CharField(source="display_scope", help_text="what is inspected")
    legal_basis = serializers.CharField(source="display_legal_basis")
    method = serializers.ChoiceField(choices=Method.choices)


# --- plans --------------------------------------------------------------------------------------


class MarketPlanPartSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.display_name")
    item = serializers.IntegerField(source="item_id")
    item_code = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.display_name")
    inspectors = serializers.IntegerField(help_text="of this department on each visit")


class MarketPlanRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="e.g. SJ-440106-2027-001")
    title = serializers.CharField()
    title_en = serializers.CharField()
    status = serializers.CharField(help_text=PLAN_STATUS)
    department = serializers.CharField(source="department.code", help_text="the lead department")
    department_name = serializers.CharField(source="department.display_name")
    district = serializers.CharField(source="district_id", help_text="division code")
    joint = serializers.BooleanField(help_text="several departments inspect together")
    ratio = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="sample, %")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    target_count = serializers.IntegerField(help_text="targets in scope, frozen at the commit")
    visits = serializers.IntegerField(help_text="targets drawn")
    published = serializers.IntegerField(help_text="visits whose results are published")
    created_at = serializers.DateTimeField()
    drawn_at = serializers.DateTimeField(allow_null=True)


class MarketPlanSerializer(MarketPlanRowSerializer):
    industries = serializers.ListField(child=serializers.CharField(), help_text="GB/T 4754")
    licence_type = serializers.CharField(help_text="targets hold a licence of this type")
    risk_grades = serializers.ListField(child=serializers.CharField(), help_text="A to D")
    weighted = serializers.BooleanField(help_text="higher credit risk is drawn more often")
    publish_within = serializers.IntegerField(help_text="results public within, working days")
    created_by = serializers.CharField(source="created_by.username")
    committed_at = serializers.DateTimeField(allow_null=True)
    commitment = serializers.CharField(help_text="SM3 of the seed, published before the draw")
    lists_digest = serializers.CharField(help_text="SM3 of the frozen lists file")
    revealed_seed = serializers.CharField(help_text="the seed, published after the draw")
    drawn_by = serializers.CharField(source="drawn_by.username", allow_null=True, default=None)
    parts = MarketPlanPartSerializer(many=True, source="parts.all")


class MarketPartInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="an inspection item in force (its id)", **ID)
    inspectors = serializers.IntegerField(
        required=False, min_value=1, max_value=99, help_text="per visit, 2 to 5; default 2"
    )


class MarketPlanInputSerializer(serializers.Serializer):
    """A new plan: what ``market.inspections.create_plan`` takes; its rules name their field."""

    department = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="the lead department's id; default: the one whose plans you make", **ID,
    )  # fmt: skip
    title = serializers.CharField(allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True, default="")
    district = serializers.CharField(allow_blank=True, help_text="a district's code, e.g. 440106")
    industries = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="GB/T 4754 codes"
    )
    licence_type = serializers.CharField(required=False, allow_blank=True, default="")
    risk_grades = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="A to D"
    )
    weighted = serializers.BooleanField(required=False, help_text="default: true")
    ratio = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="0.01 to 100")
    starts_on = serializers.CharField(allow_blank=True, help_text="YYYY-MM-DD, today or later")
    ends_on = serializers.CharField(allow_blank=True, help_text="YYYY-MM-DD")
    publish_within = serializers.IntegerField(
        required=False, min_value=1, max_value=999, help_text="working days, 1 to 60; default 20"
    )
    parts = MarketPartInputSerializer(many=True, help_text="one item per department")


# --- the public record of the draw --------------------------------------------------------------


class MarketDrawSerializer(serializers.Serializer):
    """A plan from its commitment on, as anyone sees it: re-run the draw with
    ``python -m onewindow.market.draw LISTS.json SEED``."""

    number = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    department = serializers.CharField(source="department.code", help_text="the lead department")
    status = serializers.CharField(help_text=PLAN_STATUS)
    commitment = serializers.CharField(help_text="SM3 of the seed, published before the draw")
    lists_digest = serializers.CharField(help_text="SM3 of the frozen lists file")
    lists = serializers.SerializerMethodField(help_text="the frozen lists file")
    target_count = serializers.IntegerField(help_text="targets in scope")
    committed_at = serializers.DateTimeField()
    revealed_seed = serializers.CharField(help_text="empty until the draw")
    drawn_at = serializers.DateTimeField(allow_null=True)

    def get_lists(self, plan) -> str:
        path = reverse("market-draw-lists-api", args=[plan.number])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# --- visits -------------------------------------------------------------------------------------


class MarketTargetSerializer(serializers.Serializer):
    uscc = serializers.CharField(source="entity.uscc")
    name = serializers.CharField(source="entity.name")
    address = serializers.CharField(source="entity.address")
    street = serializers.CharField(source="street_id", allow_null=True)
    risk_grade = serializers.CharField()


class MarketInspectionRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="the plan's number and the rank drawn")
    plan = serializers.IntegerField(source="plan_id")
    plan_number = serializers.CharField(source="plan.number")
    rank = serializers.IntegerField(help_text="drawn as")
    target = MarketTargetSerializer()
    status = serializers.CharField(help_text=INSPECTION_STATUS)
    visited_on = serializers.DateField(allow_null=True)
    recorded_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)


class MarketTeamMemberSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    certificate = serializers.CharField(source="inspector.certificate_number")
    name = serializers.CharField(source="inspector.user.display_name")


class MarketFindingSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="what a photo names as its finding")
    department = serializers.CharField(source="department.code")
    item = serializers.IntegerField(source="item_id")
    item_code = serializers.CharField(source="item.code")
    result = serializers.ChoiceField(choices=Result.choices)
    description = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.username")
    recorded_at = serializers.DateTimeField()
    rectify_by = serializers.DateField(
        allow_null=True, help_text="the date the party is ordered to rectify the problem by"
    )
    rectified_at = serializers.DateTimeField(
        allow_null=True, help_text="when a review visit confirmed the rectification"
    )
    photos = serializers.SerializerMethodField(help_text="SM3 digests of the photos")

    def get_photos(self, finding) -> list[str]:
        return [photo.digest for photo in finding.photos.all()]


class MarketInspectionSerializer(MarketInspectionRowSerializer):
    party_signed_by = serializers.CharField()
    party_refused = serializers.BooleanField(help_text="the party refused to sign the record")
    refusal_note = serializers.CharField(help_text="who witnessed the refusal")
    team = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    @extend_schema_field(MarketTeamMemberSerializer(many=True))
    def get_team(self, inspection):
        return MarketTeamMemberSerializer(inspection.team.all(), many=True).data

    @extend_schema_field(MarketFindingSerializer(many=True))
    def get_findings(self, inspection):
        return MarketFindingSerializer(inspection.findings.all(), many=True).data


class MarketFindingInputSerializer(serializers.Serializer):
    """A team member's finding on their department's item; recorded again, it replaces it."""

    department = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="the department's id; default: the one you inspect for", **ID,
    )  # fmt: skip
    result = serializers.ChoiceField(choices=Result.choices)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="required unless compliant"
    )
    visited_on = serializers.DateField(
        required=False, allow_null=True, help_text="default: the day recorded before, or today"
    )
    rectify_by = serializers.DateField(
        required=False, allow_null=True,
        help_text="for a problem to be dealt with: the date the party is ordered to rectify it by",
    )  # fmt: skip


class MarketRectificationInputSerializer(serializers.Serializer):
    """A review visit (复查) confirms a finding's rectification."""

    finding = serializers.IntegerField(help_text="the finding's id", **ID)
    note = serializers.CharField(max_length=2000, help_text="what the review visit found")


@extend_schema_field(OpenApiTypes.BINARY)
class _Upload(serializers.FileField):
    """A file part of a multipart/form-data request (a FileField is a URI in a response)."""


class MarketPhotoInputSerializer(serializers.Serializer):
    """A photo for a finding of the visit, sent as multipart/form-data."""

    finding = serializers.IntegerField(help_text="a finding of this visit (its id)", **ID)
    photo = _Upload(help_text="a JPEG or PNG image, at most 10 MB")


class MarketCloseInputSerializer(serializers.Serializer):
    """The record's closing, sent as multipart/form-data: the party signs (``signed_by`` and
    ``signature``) or refuses (``refused`` and ``refusal_note``)."""

    signed_by = serializers.CharField(
        required=False, allow_blank=True, max_length=64, default="",
        help_text="who signs for the party; required unless refused",
    )  # fmt: skip
    signature = _Upload(
        required=False, default=None,
        help_text="the signed record, a JPEG or PNG image; required unless refused",
    )  # fmt: skip
    refused = serializers.BooleanField(
        required=False, default=False, help_text="the party refused to sign"
    )
    refusal_note = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default="",
        help_text="who refused and who witnessed it; required if refused",
    )  # fmt: skip
