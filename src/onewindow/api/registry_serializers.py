"""Reference registries in the API: indicators and their trends, divisions, standard addresses."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onewindow.registry.indicators import CITY


class DivisionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class LocatedDivisionSerializer(DivisionRefSerializer):
    level = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    unit_en = serializers.CharField()
    source = serializers.CharField()
    frequency = serializers.CharField()
    description = serializers.CharField()


class TrendQuerySerializer(serializers.Serializer):
    division = serializers.CharField(
        required=False, default=CITY, max_length=12, help_text=_("Division code")
    )
    start = serializers.CharField(
        required=False, default="", max_length=8, help_text=_("First period, e.g. 2018")
    )
    end = serializers.CharField(
        required=False, default="", max_length=8, help_text=_("Last period, e.g. 2024")
    )


class TrendPointSerializer(serializers.Serializer):
    period = serializers.CharField(help_text=_("2024, 2024Q3 or 2024-07"))
    value = serializers.FloatField()


class TrendSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    division = DivisionRefSerializer()
    points = TrendPointSerializer(many=True)

    def to_representation(self, trend):
        points = [{"period": p, "value": v} for p, v in trend.points]
        return super().to_representation(
            {"indicator": trend.indicator, "division": trend.division, "points": points}
        )


class LocateQuerySerializer(serializers.Serializer):
    """Documents the parameters; ``registry.geo.validate_coordinates`` checks them."""

    lng = serializers.CharField(help_text=_("Longitude in degrees (GCJ-02)"))
    lat = serializers.CharField(help_text=_("Latitude in degrees (GCJ-02)"))


class PlaceQuerySerializer(serializers.Serializer):
    division = serializers.CharField(
        required=False, default=CITY, max_length=12, help_text=_("Division code")
    )
    street = serializers.CharField(required=False, default="", max_length=64)


class PlaceSerializer(serializers.Serializer):
    code = serializers.CharField()
    division = DivisionRefSerializer()
    street = serializers.CharField()
    number = serializers.CharField()
    building = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False)
