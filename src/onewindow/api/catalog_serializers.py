"""The public catalogue in the API: service items as their guides publish them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onewindow.catalog.vocabulary import Domain, LifeEvent


class ServiceQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100, help_text=_("Chinese full text"))
    domain = serializers.ChoiceField(choices=Domain.choices, required=False)
    life_event = serializers.ChoiceField(choices=LifeEvent.choices, required=False)
    department = serializers.CharField(
        required=False, max_length=32, help_text=_("Lead or co-handling department code")
    )


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ServiceItemSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    domain = serializers.CharField()
    domain_label = serializers.CharField(source="get_domain_display")
    item_type = serializers.CharField()
    applicant = serializers.CharField()
    lead_department = DepartmentRefSerializer()
    statutory_limit = serializers.IntegerField(help_text=_("Working days"))
    promised_limit = serializers.IntegerField(help_text=_("Working days"))
    instant = serializers.BooleanField()
    online_depth = serializers.IntegerField()
    guide_url = serializers.SerializerMethodField()

    def get_guide_url(self, item) -> str:
        return reverse("portal:guide", args=[item.code])


class MaterialSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    form = serializers.CharField()
    requirement = serializers.CharField()
    condition = serializers.CharField()
    copies = serializers.IntegerField(help_text=_("Paper copies to hand in; 0 when not submitted"))
    source = serializers.CharField(help_text=_("upload, registry:<field> or certificate:<type>"))
    no_submission_needed = serializers.BooleanField()


class FeeSerializer(serializers.Serializer):
    free = serializers.BooleanField(source="is_free")
    amount = serializers.DecimalField(
        source="fee_amount", max_digits=10, decimal_places=2, allow_null=True
    )
    basis = serializers.CharField(source="fee_basis")


class InPersonStepSerializer(serializers.Serializer):
    what = serializers.CharField()
    what_en = serializers.CharField()
    why = serializers.CharField(help_text=_("Legal basis of the visit"))
    why_en = serializers.CharField()
    appointment = serializers.BooleanField()


class JointHandlingSourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    issuer = serializers.CharField()
    document_number = serializers.CharField()
    year = serializers.IntegerField()


class LocationSerializer(serializers.Serializer):
    centre = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    address = serializers.CharField()
    address_en = serializers.CharField()
    hours = serializers.CharField()
    hours_en = serializers.CharField()


class ServiceItemSerializer(ServiceItemSummarySerializer):
    summary = serializers.CharField()
    summary_en = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    life_events = serializers.SerializerMethodField()
    co_departments = DepartmentRefSerializer(many=True)
    legal_basis = serializers.JSONField()
    fee = FeeSerializer(source="*")
    materials = MaterialSerializer(many=True)
    form_schema = serializers.JSONField(help_text=_("A JSON-Schema subset"))
    process = serializers.SerializerMethodField()
    output = serializers.SerializerMethodField()
    faq = serializers.JSONField()
    acceptance_conditions = serializers.CharField()
    acceptance_conditions_en = serializers.CharField()
    in_person_steps = InPersonStepSerializer(many=True)
    joint_handling_source = JointHandlingSourceSerializer(allow_null=True)
    locations = LocationSerializer(source="service_locations", many=True)
    consultation_phone = serializers.CharField()
    complaint_phone = serializers.CharField()
    reviewed_on = serializers.DateField(allow_null=True)
    forms = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_forms(self, item):
        return {
            kind: reverse("portal:form_pdf", args=[item.code, kind]) for kind in ("blank", "sample")
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_life_events(self, item):
        return [tag.event for tag in item.life_events.all()]

    @extend_schema_field(serializers.DictField())
    def get_process(self, item):
        return {
            "pattern": item.process.pattern,
            "parameters": item.process_parameters,
            "bpmn_url": reverse("portal:diagram", args=[item.code]),
        }

    @extend_schema_field(serializers.DictField())
    def get_output(self, item):
        return {
            "certificate": item.output_certificate.code if item.output_certificate else None,
            "description": item.output_description,
            "description_en": item.output_description_en,
            "delivery": list(item.delivery_methods),
        }


class InstanceQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        max_length=40,
        help_text=_("A district or street name (Chinese or English) or a division code prefix"),
    )


class ItemDivisionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    level = serializers.CharField()
    parent = serializers.CharField(source="parent_id", allow_null=True)


class ServiceCentreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    address = serializers.CharField()
    address_en = serializers.CharField()
    hours = serializers.CharField()
    hours_en = serializers.CharField()
    phone = serializers.CharField()


class ItemInstanceSerializer(serializers.Serializer):
    """One instance of an item (实施清单): where and by whom it is handled."""

    level = serializers.CharField()
    division = ItemDivisionRefSerializer()
    department = DepartmentRefSerializer()
    service_centre = ServiceCentreSerializer()
    window = serializers.CharField()
    window_en = serializers.CharField()
    promised_limit = serializers.IntegerField(help_text=_("Working days"))
