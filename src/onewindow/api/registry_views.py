"""Reference registries over HTTP: economic indicators and their trends (public), the district
of a point (public), and standard addresses (officials)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api import registry_serializers as s
from onewindow.api.paging import Pagination, paginated
from onewindow.registry import geo, indicators


class IsOfficial(BasePermission):
    message = _("Standard addresses are for government officials.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_official)


class IndicatorListView(APIView):
    """Every indicator with its unit and source."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=s.IndicatorSerializer(many=True), operation_id="registry_indicators")
    def get(self, request):
        return Response(s.IndicatorSerializer(indicators.all_indicators(), many=True).data)


class TrendView(APIView):
    """An indicator's values for one division in period order, for charts."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[s.TrendQuerySerializer],
        responses=s.TrendSerializer,
        operation_id="registry_indicator_trend",
    )
    def get(self, request, code):
        query = s.TrendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            trend = indicators.trend(
                code,
                query.validated_data["division"],
                start=query.validated_data["start"],
                end=query.validated_data["end"],
            )
        except indicators.IndicatorNotFound:
            raise NotFound(_("There is no indicator with this code.")) from None
        return Response(s.TrendSerializer(trend).data)


class LocateView(APIView):
    """The district whose boundary covers a point (GCJ-02 longitude and latitude)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[s.LocateQuerySerializer],
        responses=s.LocatedDivisionSerializer,
        operation_id="registry_divisions_locate",
    )
    def get(self, request):
        lng, lat = geo.validate_coordinates(
            request.query_params.get("lng"), request.query_params.get("lat"), fields=("lng", "lat")
        )
        division = geo.locate(lng, lat)
        if division is None:
            raise NotFound(_("No district boundary covers this point."))
        return Response(s.LocatedDivisionSerializer(division).data)


class PlaceListView(APIView):
    """Standard addresses (标准地址) in a division and below it, by code; officials only."""

    permission_classes = [IsOfficial]

    @extend_schema(
        parameters=[
            s.PlaceQuerySerializer,
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=paginated(s.PlaceSerializer, "PlacePage"),
        operation_id="registry_places",
    )
    def get(self, request):
        query = s.PlaceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        places = geo.places_in(
            query.validated_data["division"], street=query.validated_data["street"]
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(places, request)
        return paginator.get_paginated_response(s.PlaceSerializer(page, many=True).data)


urlpatterns_v1 = [
    path("v1/registry/indicators/", IndicatorListView.as_view(), name="registry-indicators"),
    path(
        "v1/registry/indicators/<str:code>/trend",
        TrendView.as_view(),
        name="registry-indicator-trend",
    ),
    path("v1/registry/divisions/locate", LocateView.as_view(), name="registry-locate"),
    path("v1/registry/places/", PlaceListView.as_view(), name="registry-places"),
]
