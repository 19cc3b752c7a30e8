"""Emergency plans and responses over the API: what a plan owes at each level, a response with
each task's clocks, and the inputs of activating, changing, ending and acting on a task."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onewindow.emergency import plan_selectors
from onewindow.emergency.incident_models import EventClass
from onewindow.emergency.plan_models import ActivationState, ResponseLevel

LEVEL = serializers.ChoiceField(choices=ResponseLevel.choices, help_text="1 (I, highest) to 4 (IV)")


class EmergencyPlanLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    trigger = serializers.CharField()
    trigger_en = serializers.CharField()
    warning_level = serializers.CharField(help_text="a warning of the plan's kinds at this level")
    incident_grade = serializers.CharField(
        help_text="an open incident of the plan's class at this grade or above (ordinary, larger, "
        "major, gravest), or empty"
    )
    lead = serializers.CharField()
    lead_en = serializers.CharField()


class EmergencyPlanGroupSerializer(serializers.Serializer):
    name = serializers.CharField()
    name_en = serializers.CharField()
    department = serializers.CharField(source="department.code")


class EmergencyPlanTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    department = serializers.CharField(source="department.code")
    group = serializers.CharField(source="group.name", allow_null=True, default=None)
    level = serializers.IntegerField(help_text="owed at this response level and the higher ones")
    text = serializers.CharField()
    text_en = serializers.CharField()
    acknowledge_hours = serializers.IntegerField()
    report_hours = serializers.IntegerField()


class EmergencyPlanSerializer(serializers.Serializer):
    code = serializers.CharField()
    department = serializers.CharField(source="department.code")
    title = serializers.CharField()
    title_en = serializers.CharField()
    event_class = serializers.ChoiceField(choices=EventClass.choices)
    hazards = serializers.ListField(child=serializers.CharField())
    adopted_on = serializers.DateField()
    triggered_level = serializers.SerializerMethodField(
        help_text="the highest response level its conditions call for now, or null"
    )

    def get_triggered_level(self, plan) -> int | None:
        trigger = plan_selectors.triggered(plan)
        return trigger.level if trigger else None


class EmergencyPlanDetailSerializer(EmergencyPlanSerializer):
    summary = serializers.CharField()
    summary_en = serializers.CharField()
    levels = EmergencyPlanLevelSerializer(many=True, source="levels.all")
    groups = EmergencyPlanGroupSerializer(many=True, source="groups.all")
    tasks = EmergencyPlanTaskSerializer(many=True, source="tasks.all")


class ResponseTaskSerializer(serializers.Serializer):
    """An assigned task, with its next deadline and the colour the pages give it."""

    id = serializers.IntegerField(source="assignment.pk")
    department = serializers.CharField(source="assignment.department.code")
    group = serializers.CharField(source="assignment.group_name")
    text = serializers.CharField(source="assignment.text")
    text_en = serializers.CharField(source="assignment.text_en")
    stage = serializers.ChoiceField(choices=["acknowledge", "report", "reported", "withdrawn"])
    colour = serializers.ChoiceField(
        choices=["green", "yellow", "red", "done", "late", "withdrawn"]
    )
    due_at = serializers.DateTimeField(allow_null=True)
    acknowledge_by = serializers.DateTimeField(source="assignment.acknowledge_by")
    acknowledged_at = serializers.DateTimeField(
        source="assignment.acknowledged_at", allow_null=True
    )
    report_by = serializers.DateTimeField(source="assignment.report_by", allow_null=True)
    reported_at = serializers.DateTimeField(source="assignment.reported_at", allow_null=True)
    report = serializers.CharField(source="assignment.report")


class EmergencyResponseSerializer(serializers.Serializer):
    number = serializers.CharField()
    plan = serializers.CharField(source="plan.code")
    level = serializers.IntegerField()
    state = serializers.ChoiceField(choices=ActivationState.choices)
    incident = serializers.CharField(source="incident.number", allow_null=True, default=None)
    warning = serializers.CharField(source="warning_number")
    reason = serializers.CharField()
    activated_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    tasks = serializers.SerializerMethodField()

    @extend_schema_field(ResponseTaskSerializer(many=True))
    def get_tasks(self, activation) -> list[dict]:
        return ResponseTaskSerializer(plan_selectors.tasks_of(activation), many=True).data


class PlanActivationSerializer(serializers.Serializer):
    level = LEVEL
    reason = serializers.CharField(max_length=4000)
    incident = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    warning = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ResponseLevelChangeSerializer(serializers.Serializer):
    level = LEVEL
    reason = serializers.CharField(max_length=4000)


class ResponseEndSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)


class TaskReportBackSerializer(serializers.Serializer):
    report = serializers.CharField(max_length=4000)
