"""Warnings over the API: what a warning and its messages look like, and what a duty officer
sends to issue, change, cancel or approve one."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onewindow.emergency import incident_selectors, selectors
from onewindow.emergency.incident_models import EventClass, Grade, IncidentState, Source
from onewindow.emergency.models import (
    Change,
    Hazard,
    Level,
    MessageState,
    MessageType,
    WarningState,
)


class WarningMessageSerializer(serializers.Serializer):
    """One change to a warning; once sent, a signed CAP 1.2 alert."""

    id = serializers.IntegerField()
    change = serializers.ChoiceField(choices=Change.choices)
    msg_type = serializers.ChoiceField(
        source="message_type", choices=MessageType.choices, help_text="CAP msgType"
    )
    level = serializers.ChoiceField(choices=Level.choices)
    state = serializers.ChoiceField(choices=MessageState.choices)
    note = serializers.CharField()
    proposed_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    reasons = serializers.CharField(help_text="why a second person refused it")
    identifier = serializers.CharField(help_text="CAP identifier; empty until sent")
    sent_at = serializers.DateTimeField(allow_null=True)
    reached = serializers.IntegerField(help_text="residents it was queued for")
    cap_url = serializers.SerializerMethodField(help_text="the signed CAP 1.2 alert")
    warning = serializers.CharField(source="warning.number")

    def get_cap_url(self, message) -> str:
        if not message.identifier:
            return ""
        path = reverse("portal:warning-cap", args=[message.identifier])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class WarningSerializer(serializers.Serializer):
    number = serializers.CharField()
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    hazard = serializers.ChoiceField(choices=Hazard.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    grade = serializers.CharField(help_text="I (red) … IV (blue)")
    state = serializers.ChoiceField(choices=WarningState.choices)
    in_force = serializers.SerializerMethodField()
    headline = serializers.CharField()
    headline_en = serializers.CharField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    advice = serializers.CharField()
    advice_en = serializers.CharField()
    divisions = serializers.SerializerMethodField(help_text="GB/T 2260 codes")
    polygon = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        help_text="a closed ring of [latitude, longitude] pairs, or empty",
    )
    responsible = serializers.SerializerMethodField(help_text="department codes")
    effective_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    messages = serializers.SerializerMethodField()

    def get_in_force(self, warning) -> bool:
        return selectors.is_in_force(warning)

    def get_divisions(self, warning) -> list[str]:
        return [d.code for d in warning.divisions.all()]

    def get_responsible(self, warning) -> list[str]:
        return [d.code for d in warning.responsible.all()]

    @extend_schema_field(WarningMessageSerializer(many=True))
    def get_messages(self, warning) -> list[dict]:
        rows = selectors.sent_messages(warning)
        return WarningMessageSerializer(rows, many=True, context=self.context).data


class WarningContentSerializer(serializers.Serializer):
    """What a warning says; the service checks it against the department and the hazard."""

    level = serializers.ChoiceField(choices=Level.choices)
    headline = serializers.CharField(max_length=160, allow_blank=True, default="")
    headline_en = serializers.CharField(max_length=240, allow_blank=True, default="")
    description = serializers.CharField(max_length=2000, allow_blank=True, default="")
    description_en = serializers.CharField(max_length=2000, allow_blank=True, default="")
    advice = serializers.CharField(max_length=2000)
    advice_en = serializers.CharField(max_length=2000)
    divisions = serializers.ListField(
        child=serializers.CharField(max_length=12), max_length=200, default=list
    )
    polygon = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        max_length=200,
        default=list,
        help_text="[latitude, longitude] corners; closed if not already",
    )
    responsible = serializers.ListField(
        child=serializers.CharField(max_length=32), max_length=100, default=list
    )
    effective_at = serializers.DateTimeField(required=False, help_text="default: now")
    expires_at = serializers.DateTimeField()


class WarningIssueSerializer(WarningContentSerializer):
    department = serializers.CharField(
        max_length=32, required=False, help_text="default: the caller's first duty department"
    )
    hazard = serializers.ChoiceField(choices=Hazard.choices)


class WarningChangeSerializer(WarningContentSerializer):
    change = serializers.ChoiceField(
        choices=[(c, c) for c in (Change.UPDATE, Change.RAISE, Change.LOWER)]
    )
    note = serializers.CharField(max_length=500, allow_blank=True, default="")


class WarningCancelSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, help_text="why it is lifted; sent to the public")


class WarningDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reasons = serializers.CharField(
        max_length=2000, allow_blank=True, default="", help_text="required to refuse"
    )


class IncidentReportSerializer(serializers.Serializer):
    """One step up the tree, with its 2-hour clock."""

    id = serializers.IntegerField()
    sender = serializers.CharField(source="sender.code")
    recipient = serializers.CharField(source="recipient.code")
    started_at = serializers.DateTimeField(help_text="when the sender learned of the incident")
    due_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()
    late = serializers.BooleanField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)


class IncidentSerializer(serializers.Serializer):
    number = serializers.CharField()
    department = serializers.CharField(source="department.code")
    event_class = serializers.ChoiceField(choices=EventClass.choices)
    grade = serializers.ChoiceField(choices=Grade.choices)
    title = serializers.CharField()
    title_en = serializers.CharField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    division = serializers.CharField(source="division_id")
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    occurred_at = serializers.DateTimeField()
    deaths = serializers.IntegerField()
    injured = serializers.IntegerField()
    missing = serializers.IntegerField()
    affected = serializers.IntegerField()
    losses = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="10,000 yuan")
    source = serializers.ChoiceField(choices=Source.choices)
    ticket_number = serializers.CharField(help_text="the 12345 ticket it was escalated from")
    state = serializers.ChoiceField(choices=IncidentState.choices)
    reports = serializers.SerializerMethodField()

    @extend_schema_field(IncidentReportSerializer(many=True))
    def get_reports(self, incident) -> list[dict]:
        rows = [step.report for step in incident_selectors.steps(incident)]
        return IncidentReportSerializer(rows, many=True).data


class IncidentFiguresSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    deaths = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    injured = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    missing = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    affected = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    losses = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, default=0, help_text="10,000 yuan"
    )


class IncidentInputSerializer(IncidentFiguresSerializer):
    event_class = serializers.ChoiceField(choices=EventClass.choices)
    title = serializers.CharField(max_length=160)
    title_en = serializers.CharField(max_length=240, allow_blank=True, default="")
    description = serializers.CharField(max_length=4000)
    description_en = serializers.CharField(max_length=4000, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    occurred_at = serializers.DateTimeField(required=False, help_text="default: now")


class IncidentEscalationSerializer(serializers.Serializer):
    ticket = serializers.CharField(max_length=24, help_text="the 12345 ticket's number")
    department = serializers.CharField(
        max_length=32, help_text="an emergency management department, e.g. 440106-YJGL"
    )
    event_class = serializers.ChoiceField(choices=EventClass.choices)
    grade = serializers.ChoiceField(choices=Grade.choices)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True,
        help_text="where it happened, when the ticket has no place on the map",
    )  # fmt: skip
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True,
        help_text="where it happened, when the ticket has no place on the map",
    )  # fmt: skip


class IncidentNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)
