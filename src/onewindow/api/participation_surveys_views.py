"""Surveys (问卷) in the API: a published survey's definition (public: its questions, options
and skip rules) and its live results (the participation officers of its department only)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.participation import surveys_logic as logic
from onewindow.participation.selectors import surveys as selectors


class SurveyQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField(help_text="single, multiple, scale, ranking, text or matrix")
    text = serializers.CharField()
    text_en = serializers.CharField()
    required = serializers.BooleanField()
    options = serializers.JSONField(help_text='[{"key", "label", "label_en"}]')
    rows = serializers.JSONField(help_text="a matrix's rows, in the shape of options")
    scale_max = serializers.IntegerField(help_text="a scale's highest point (the lowest is 1)")
    skip_rules = serializers.SerializerMethodField(
        help_text="{option key: question id to go to, or null for the end}"
    )

    def get_skip_rules(self, question) -> dict:
        rules = self.context["rules"]
        return {key: target for (qid, key), target in rules.items() if qid == question.pk}


class SurveySerializer(serializers.Serializer):
    number = serializers.CharField()
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    title = serializers.CharField()
    title_en = serializers.CharField()
    intro = serializers.CharField()
    intro_en = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    status = serializers.CharField(help_text="open or closed")
    audience = serializers.CharField(help_text="everyone, residents or enterprises")
    districts = serializers.JSONField(help_text="county-level division codes (residents)")
    industries = serializers.JSONField(help_text="GB/T 4754 section letters (enterprises)")
    questions = serializers.SerializerMethodField()

    def get_questions(self, survey) -> list[dict]:
        questions, rules = logic.questions_and_rules(survey)
        return SurveyQuestionSerializer(questions, many=True, context={"rules": rules}).data


class SurveyQuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    kind = serializers.CharField(source="question.kind")
    answered = serializers.IntegerField()
    bars = serializers.JSONField(
        help_text="[label, count] per option or scale point; for a ranking, [label, mean points]"
    )
    mean = serializers.FloatField(allow_null=True)
    matrix = serializers.JSONField(help_text="[row label, [count per column]]")


class SurveyResultsSerializer(serializers.Serializer):
    number = serializers.CharField()
    responses = serializers.IntegerField(help_text="how many people have answered")
    questions = SurveyQuestionResultSerializer(many=True)


class SurveyDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=SurveySerializer, operation_id="participation_survey")
    def get(self, request, number: str):
        """A published survey's definition; 404 for a draft or none."""
        survey = selectors.public_survey(number)
        if survey is None:
            raise Http404
        return Response(SurveySerializer(survey).data)


class SurveyResultsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=SurveyResultsSerializer, operation_id="participation_survey_results")
    def get(self, request, number: str):
        """Live results per question (no text answers, no personal data); only for the
        participation officers of the survey's department, 404 for anyone else."""
        survey = selectors.office_survey(request.user, number)
        if survey is None:
            raise Http404
        data = {
            "number": survey.number,
            "responses": survey.response_count,
            "questions": selectors.results(survey),
        }
        return Response(SurveyResultsSerializer(data).data)
