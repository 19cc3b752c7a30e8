"""The province's roll-up for supervisors: per city and district, on-time rates and overdue."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.cases import rollup as rollup_selectors


class RollupTallySerializer(serializers.Serializer):
    code = serializers.CharField(source="division.code")
    name = serializers.CharField(source="division.name")
    name_en = serializers.CharField(source="division.name_en")
    received = serializers.IntegerField(help_text="applications numbered in this division")
    finished = serializers.IntegerField(help_text="decided")
    on_time = serializers.IntegerField(help_text="decided on or before the promised due date")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="on_time / finished")
    open = serializers.IntegerField()
    overdue = serializers.IntegerField(help_text="open with a red card")


class CityRollupTallySerializer(RollupTallySerializer):
    districts = RollupTallySerializer(
        many=True, help_text="its districts; the city's own departments under the city's code"
    )


class RollupSerializer(serializers.Serializer):
    scope = serializers.CharField(source="scope.code")
    total = RollupTallySerializer()
    cities = CityRollupTallySerializer(many=True)


class RollupView(APIView):
    @extend_schema(responses=RollupSerializer, operation_id="supervision_rollup")
    def get(self, request):
        """Counts and on-time rates per city of the province and per district: a province
        supervisor sees every city, a city supervisor their own; 403 for anyone else."""
        return Response(RollupSerializer(rollup_selectors.rollup(request.user)).data)
