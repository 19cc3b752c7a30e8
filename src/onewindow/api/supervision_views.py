"""The e-supervision ledger for supervisors: carded matters of every kind, filtered, by key."""

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.supervision import selectors


class MatterSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="case, ticket, … (the module that registered it)")
    kind_label = serializers.CharField()
    key = serializers.CharField(help_text="the matter's number within its kind")
    title = serializers.CharField(source="display_title")
    link = serializers.CharField(help_text="its workbench page")
    stage = serializers.CharField()
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.display_name")
    division_code = serializers.CharField()
    unit = serializers.CharField(help_text="working_days, calendar_days or hours")
    started_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True, help_text="the last day of the limit")
    due_at = serializers.DateTimeField(allow_null=True, help_text="overdue from this instant")
    provisional = serializers.BooleanField(help_text="the due date may still move (year end)")
    state = serializers.ChoiceField(choices=["open", "paused", "closed"])
    card = serializers.ChoiceField(choices=["yellow", "red"])
    yellow_at = serializers.DateTimeField(allow_null=True)
    red_at = serializers.DateTimeField(allow_null=True)


class MatterPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="the next page's URL, if any")
    results = MatterSerializer(many=True)


class MatterListView(APIView):
    @extend_schema(
        responses=MatterPageSerializer,
        operation_id="supervision_matters",
        parameters=[
            OpenApiParameter("card", OpenApiTypes.STR, enum=["red", "yellow"]),
            OpenApiParameter("kind", OpenApiTypes.STR, description="case, ticket, …"),
            OpenApiParameter("department", OpenApiTypes.STR, description="department code"),
            OpenApiParameter("after", OpenApiTypes.STR, description="the key of the next page"),
        ],
    )
    def get(self, request):
        """Open matters with a red or yellow card from the e-supervision ledger, earliest due
        first, in the divisions the supervisor watches; 403 for anyone but a supervisor."""
        selectors.require_supervisor(request.user)
        params = request.query_params
        card = params.get("card", "")
        if card not in ("", "red", "yellow"):
            raise ValidationError({"card": ["red or yellow"]})
        filters = {
            "kind": params.get("kind", "").strip(),
            "card": card,
            "department": params.get("department", "").strip(),
        }
        try:
            page = selectors.flagged(request.user, after=params.get("after", ""), **filters)
        except ValueError:
            raise ValidationError({"after": ["This page key is not valid."]}) from None
        following = None
        if page.next_key:
            query = {k: v for k, v in filters.items() if v} | {"after": page.next_key}
            following = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
        return Response(MatterPageSerializer({"next": following, "results": page.rows}).data)
