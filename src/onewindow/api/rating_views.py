"""好差评 statistics and the rectification of poor ratings (差评整改) over the API."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.models import Department
from onewindow.cases import rating_stats, ratings
from onewindow.cases.models import Rectification


class TallySerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="ratings")
    satisfied = serializers.IntegerField(help_text="ratings at 基本满意 (3) or above")
    poor = serializers.IntegerField(help_text="poor ratings (差评): 1 or 2")
    satisfaction_rate = serializers.FloatField(allow_null=True, help_text="satisfied / total")
    answered = serializers.IntegerField(help_text="poor ratings rectified and answered")
    rectification_rate = serializers.FloatField(allow_null=True, help_text="answered / poor")
    answered_on_time = serializers.IntegerField(help_text="answered by their deadline")
    open = serializers.IntegerField(help_text="rectifications not answered yet")
    overdue = serializers.IntegerField(help_text="open rectifications past their deadline")


class LevelSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class ReasonSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()

    def to_representation(self, instance):
        label, count = instance  # rating_stats gives (label, count) pairs
        return super().to_representation({"label": label, "count": count})


class MonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="the first day of the month")
    total = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    poor = serializers.IntegerField()
    satisfaction_rate = serializers.FloatField(allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    tally = TallySerializer()
    levels = LevelSerializer(many=True)
    reasons = ReasonSerializer(many=True, help_text="reasons of poor ratings, most frequent first")
    months = MonthSerializer(many=True)


class DepartmentRowSerializer(serializers.Serializer):
    code = serializers.CharField(source="subject.code")
    name = serializers.CharField(source="subject.name")
    tally = TallySerializer()


class RatingsOverviewSerializer(serializers.Serializer):
    statistics = StatisticsSerializer()
    departments = DepartmentRowSerializer(many=True)


class DepartmentRatingsSerializer(serializers.Serializer):
    code = serializers.CharField(source="department.code")
    name = serializers.CharField(source="department.name")
    statistics = StatisticsSerializer()
    items = DepartmentRowSerializer(many=True, help_text="one row per service item")


class RectificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    case = serializers.CharField(source="rating.case.number")
    item = serializers.CharField(source="rating.case.item.code")
    department = serializers.CharField(source="department.code")
    score = serializers.IntegerField(source="rating.score")
    problems = serializers.ListField(child=serializers.CharField(), source="rating.problems")
    comment = serializers.CharField(source="rating.comment")
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    due = serializers.DateField(help_text="rectify and answer by (15 working days)")
    overdue = serializers.BooleanField()
    findings = serializers.CharField()
    actions = serializers.CharField()
    reply = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class AnswerSerializer(serializers.Serializer):
    findings = serializers.CharField(allow_blank=True, help_text="what the verification found")
    actions = serializers.CharField(allow_blank=True, help_text="what the department did")
    reply = serializers.CharField(allow_blank=True, help_text="the reply the rater reads")


class RatingsOverviewView(APIView):
    @extend_schema(responses=RatingsOverviewSerializer, operation_id="supervision_ratings")
    def get(self, request):
        """好差评 per department: a supervisor's across departments, an official's of their own
        departments; 403 for anyone else. The five levels, the satisfaction rate (levels 3–5
        among all ratings), reasons of poor ratings, months and rectification."""
        stats, rows = rating_stats.overview(request.user)
        data = {"statistics": stats, "departments": rows}
        return Response(RatingsOverviewSerializer(data).data)


class DepartmentRatingsView(APIView):
    @extend_schema(
        responses=DepartmentRatingsSerializer, operation_id="supervision_ratings_department"
    )
    def get(self, request, code):
        """One department's 好差评, per service item: its own officials and supervisors."""
        try:
            department, stats, rows = rating_stats.for_department(request.user, code)
        except Department.DoesNotExist:
            raise NotFound() from None
        data = {"department": department, "statistics": stats, "items": rows}
        return Response(DepartmentRatingsSerializer(data).data)


class RectificationListView(APIView):
    @extend_schema(responses=RectificationSerializer(many=True), operation_id="rectifications_list")
    def get(self, request):
        """The poor ratings the caller's departments must rectify (a supervisor: all), open
        ones first, earliest deadline first; 403 for citizens and enterprises."""
        if not request.user.is_official:
            raise PermissionDenied(_("Only officials can see the rectification of poor ratings."))
        rows = ratings.rectifications(request.user)
        return Response(RectificationSerializer(rows, many=True).data)


class RectificationAnswerView(APIView):
    @extend_schema(
        request=AnswerSerializer,
        responses=RectificationSerializer,
        operation_id="rectifications_answer",
    )
    def post(self, request, pk):
        """The department's head or reviewer records what was found and done and answers the
        rater; 400 names the empty field, 409 once answered, 404 for another department's."""
        try:
            ratings.rectification_for(request.user, pk)
        except Rectification.DoesNotExist:
            raise NotFound() from None
        payload = AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        found = ratings.answer_rectification(
            rectification_id=pk, actor=request.user, **payload.validated_data
        )
        found = ratings.rectification_for(request.user, found.pk)
        return Response(RectificationSerializer(found).data)
