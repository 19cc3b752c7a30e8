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

from onewindow.disclosure.annual_report import COLUMNS, REMEDY_COLUMNS
from onewindow.disclosure.report_models import SECTIONS
from onewindow.disclosure.selectors import reports as selectors
from onewindow.disclosure.vocab import DocumentForm, Outcome, OutcomeGroup, RemedyKind


def _table(name: str, rows, cell, doc: str) -> type[serializers.Serializer]:
    """A serializer of a fixed table: one field per row key, each ``cell()``."""
    fields = {row: cell() for row in rows}
    return type(name, (serializers.Serializer,), {**fields, "__doc__": doc})


def _counts(name: str, columns, doc: str) -> type[serializers.Serializer]:
    return _table(name, columns, lambda: serializers.IntegerField(min_value=0), doc)


RequestColumns = _counts(
    "DisclosureRequestColumns",
    COLUMNS,
    "One line of table 3: per kind of requester (自然人, then the five kinds of legal persons) "
    "and the total.",
)
RemedyColumns = _counts(
    "DisclosureRemedyColumns", REMEDY_COLUMNS, "One line of table 4: per result, and the total."
)
DocumentCounts = _counts(
    "DisclosureDocumentCounts",
    ["issued", "repealed", "in_force"],
    "Rules or normative documents issued and repealed this year, and in force at its end.",
)


class DisclosureProactiveTableSerializer(serializers.Serializer):
    """Table 1 (主动公开政府信息情况)."""

    documents = _table(
        "DisclosureDocumentForms", [DocumentForm.RULE.value, DocumentForm.NORMATIVE.value],
        DocumentCounts, "Per form: rules (规章) and normative documents (规范性文件).",
    )()  # fmt: skip
    licensing = serializers.IntegerField(help_text="licensing decisions made this year")
    penalties = serializers.IntegerField(
        allow_null=True, help_text="null: no module records penalties yet"
    )
    enforcement = serializers.IntegerField(
        allow_null=True, help_text="null: no module records enforcement yet"
    )
    fees = serializers.CharField(help_text="administrative fees collected, 万元, 4 decimals")


class DisclosureRequestTableSerializer(serializers.Serializer):
    """Table 3 (收到和处理政府信息公开申请情况): in every column received + carried_in =
    concluded + carried_out."""

    received = RequestColumns()
    carried_in = RequestColumns(help_text="received earlier and still open at the year's start")
    outcomes = _table(
        "DisclosureOutcomeLines", Outcome.values, RequestColumns,
        "Concluded this year, one line per outcome cell of the national template.",
    )()  # fmt: skip
    groups = _table(
        "DisclosureOutcomeGroups", OutcomeGroup.values, RequestColumns,
        "The subtotals (一)–(六) of the outcome lines.",
    )()  # fmt: skip
    concluded = RequestColumns(help_text="(七) the total concluded this year")
    carried_out = RequestColumns(help_text="still open at the year's end")


RemedyTableSerializer = _table(
    "DisclosureRemedyTable", RemedyKind.values, RemedyColumns,
    "Table 4 (政府信息公开行政复议、行政诉讼情况): per kind, by result.",
)  # fmt: skip


class DisclosureReportTablesSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    agency = serializers.CharField(help_text="the agency's code")
    agencies = serializers.IntegerField(help_text="how many agencies the report aggregates")
    proactive = DisclosureProactiveTableSerializer()
    requests = DisclosureRequestTableSerializer()
    remedies = RemedyTableSerializer()


class DisclosureReportSummarySerializer(serializers.Serializer):
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


class DisclosureReportSerializer(DisclosureReportSummarySerializer):
    sections = serializers.SerializerMethodField(
        help_text="the text parts: overview, proactive, requests, management, problems, other "
        "(zh), each also with an _en key"
    )
    tables = DisclosureReportTablesSerializer(help_text="the tables frozen at publication")

    def get_sections(self, report) -> dict[str, str]:
        return {
            f"{name}{suffix}": getattr(report, f"{name}{suffix}")
            for name in SECTIONS
            for suffix in ("", "_en")
        }


class ReportListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=DisclosureReportSummarySerializer(many=True), operation_id="disclosure_reports"
    )
    def get(self, request):
        """Every published annual disclosure report, newest year first."""
        data = DisclosureReportSummarySerializer(
            selectors.published_list(), many=True, context={"request": request}
        ).data
        return Response(data)


class ReportDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=DisclosureReportSerializer, operation_id="disclosure_report")
    def get(self, request, agency: str, year: int):
        """One agency's published report on a year; 404 for a draft or none."""
        report = selectors.published(agency, year)
        return Response(DisclosureReportSerializer(report, context={"request": request}).data)
