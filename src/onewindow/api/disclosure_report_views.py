"""The published annual reports on government information disclosure (政府信息公开条例
Art. 49–50): the list, and one report with its text in both languages and its frozen tables.
Public, read-only."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.disclosure.report_models import SECTIONS
from onewindow.disclosure.selectors import reports as selectors


class ReportSummarySerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code", help_text="the agency's code")
    agency_name = serializers.CharField(source="agency.name")
    agency_name_en = serializers.CharField(source="agency.name_en")
    year = serializers.IntegerField(help_text="the year reported on")
    published_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="this report in the API")
    pdf = serializers.SerializerMethodField(help_text="the report as a PDF (Chinese)")

    def get_url(self, report) -> str:
        return self._absolute(
            reverse("disclosure-annual-report", args=[report.agency.code, report.year])
        )

    def get_pdf(self, report) -> str:
        return self._absolute(
            reverse("portal:disclosure-report-pdf", args=[report.agency.code, report.year])
        )

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReportSerializer(ReportSummarySerializer):
    sections = serializers.SerializerMethodField(
        help_text="the text parts: overview, proactive, requests, management, problems, other "
        "(zh), each also with an _en key"
    )
    tables = serializers.JSONField(
        help_text="the tables frozen at publication: proactive (table 1), requests (table 3, "
        "per requester kind and total: received, carried_in, outcomes, groups, concluded, "
        "carried_out) and remedies (table 4, per kind and result)"
    )

    def get_sections(self, report) -> dict[str, str]:
        return {
            f"{name}{suffix}": getattr(report, f"{name}{suffix}")
            for name in SECTIONS
            for suffix in ("", "_en")
        }


class ReportListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ReportSummarySerializer(many=True), operation_id="disclosure_reports")
    def get(self, request):
        """Every published annual disclosure report, newest year first."""
        data = ReportSummarySerializer(
            selectors.published_list(), many=True, context={"request": request}
        ).data
        return Response(data)


class ReportDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ReportSerializer, operation_id="disclosure_report")
    def get(self, request, agency: str, year: int):
        """One agency's published report on a year; 404 for a draft or none."""
        report = selectors.published(agency, year)
        return Response(ReportSerializer(report, context={"request": request}).data)
