"""Emergency resources over the API: what a resource, a dispatch and a request for resources
look like, and what a desk sends to dispatch, move a dispatch on, or ask and answer."""

from __future__ import annotations

from rest_framework import serializers

from onewindow.emergency.resource_models import (
    MOVES,
    DispatchStatus,
    RequestState,
    ResourceKind,
    ResourceStatus,
)

COUNT = {"min_value": 0, "max_value": 10_000_000}


class ResourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    department = serializers.CharField(source="department.code", help_text="the keeper")
    department_name = serializers.CharField(source="department.name")
    name = serializers.CharField()
    name_en = serializers.CharField()
    division = serializers.CharField(source="division_id", help_text="GB/T 2260 code")
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    contact_name = serializers.CharField()
    phone = serializers.CharField()
    status = serializers.ChoiceField(choices=ResourceStatus.choices)
    capacity = serializers.IntegerField(help_text="members of a team, places in a shelter")
    occupancy = serializers.IntegerField(help_text="shelters: the people in it now")
    quantity = serializers.IntegerField(help_text="supplies: how many in stock")
    unit = serializers.CharField()
    unit_en = serializers.CharField()
    speciality = serializers.CharField()
    speciality_en = serializers.CharField()
    updated_at = serializers.DateTimeField()


class ShelterOccupancySerializer(serializers.Serializer):
    occupancy = serializers.IntegerField(**COUNT, help_text="never more than the places")


class DispatchSerializer(serializers.Serializer):
    """A resource sent to an incident; its keeper acknowledges it by ``acknowledge_by``."""

    id = serializers.IntegerField()
    resource = serializers.IntegerField(source="resource_id")
    resource_name = serializers.CharField(source="resource.name")
    kind = serializers.ChoiceField(source="resource.kind", choices=ResourceKind.choices)
    incident = serializers.CharField(source="incident.number")
    assignment = serializers.IntegerField(
        source="assignment_id", allow_null=True, help_text="the response task, if any"
    )
    department = serializers.CharField(source="department.code", help_text="who dispatched it")
    quantity = serializers.IntegerField(help_text="supplies only; 0 otherwise")
    note = serializers.CharField()
    status = serializers.ChoiceField(choices=DispatchStatus.choices)
    dispatched_at = serializers.DateTimeField()
    acknowledge_by = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField(help_text="acknowledged after acknowledge_by")
    en_route_at = serializers.DateTimeField(allow_null=True)
    on_site_at = serializers.DateTimeField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()


class DispatchInputSerializer(serializers.Serializer):
    resource = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(required=False, **COUNT, help_text="supplies only")
    assignment = serializers.IntegerField(
        required=False, allow_null=True, help_text="a task of a response to the incident"
    )
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class DispatchMoveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MOVES)
    reason = serializers.CharField(
        max_length=2000, allow_blank=True, default="", help_text="required to cancel"
    )


class ResourceRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    incident = serializers.CharField(source="incident.number")
    sender = serializers.CharField(source="sender.code")
    recipient = serializers.CharField(source="recipient.code")
    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    quantity = serializers.IntegerField()
    text = serializers.CharField()
    text_en = serializers.CharField()
    state = serializers.ChoiceField(choices=RequestState.choices)
    sent_at = serializers.DateTimeField()
    answer_by = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(help_text="why it was refused")
    dispatch = serializers.IntegerField(source="dispatch_id", allow_null=True)


class ResourceRequestInputSerializer(serializers.Serializer):
    incident = serializers.CharField(max_length=40, help_text="the incident's number")
    sender = serializers.CharField(
        max_length=32, required=False, help_text="default: the caller's first desk on its chain"
    )
    recipient = serializers.CharField(max_length=32, help_text="a department code")
    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    text = serializers.CharField(max_length=2000)
    text_en = serializers.CharField(max_length=2000, allow_blank=True, default="")


class ResourceGrantSerializer(serializers.Serializer):
    resource = serializers.IntegerField(min_value=1, help_text="one of the recipient's")
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class ResourceRefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
