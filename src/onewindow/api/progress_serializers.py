"""Shapes of a case's step list (cases.progress): the applicant's, and the public lookup's."""

from __future__ import annotations

from rest_framework import serializers

from onewindow.certificates import codes

STATES = ["done", "current", "upcoming"]


class PublicStepSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="submitted, correction, intake, accepted, refused, review (one "
        "department's), reviews (none opened yet), decision, delivery, withdrawn or concluded"
    )
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=STATES)
    on = serializers.DateField(allow_null=True, help_text="When the step was done")
    department = serializers.CharField()
    result = serializers.CharField()
    due = serializers.DateField(allow_null=True, help_text="For a current step: due by")
    provisional = serializers.BooleanField(help_text="The due date may still move (year end)")


class StepSerializer(PublicStepSerializer):
    tone = serializers.CharField(help_text="ok, stop (refused, denied, withdrawn), wait or empty")
    opinion = serializers.CharField(help_text="The department's opinion")
    conditions = serializers.CharField()


class ActionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["correction", "supplement", "fee", "delivery", "collect"]
    )
    title = serializers.CharField()
    text = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    provisional = serializers.BooleanField()


class PublicProgressSerializer(serializers.Serializer):
    number = serializers.CharField()
    item = serializers.CharField(help_text="The service's name")
    status = serializers.CharField()
    status_label = serializers.CharField()
    current = serializers.CharField(source="current.key", allow_null=True, default=None)
    due = serializers.DateField(allow_null=True, help_text="When the running stage is due")
    due_label = serializers.CharField()
    provisional = serializers.BooleanField()
    finished = serializers.BooleanField()
    steps = PublicStepSerializer(many=True)


class ProgressSerializer(PublicProgressSerializer):
    card = serializers.CharField(help_text="red, yellow or empty")
    steps = StepSerializer(many=True)
    actions = ActionSerializer(many=True, help_text="What the applicant must do now")


class LookupSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=32, help_text="The case number")
    code = serializers.CharField(
        max_length=codes.LENGTH * 2,
        help_text="The progress lookup code on the acceptance notice (K7P2Q-XM9RT; dashes and "
        "case do not matter)",
    )
