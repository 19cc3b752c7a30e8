"""Annual reports (年报) and the abnormal-operation list (经营异常名录) over the API: for a
market-supervision head, the entries of their departments' list and the finding that takes
an unreachable enterprise off; for an enterprise on the registry, its own reports, filed and
corrected in the period (企业信息公示暂行条例 Art. 8).

Each view parses, calls one service or selector of ``market``, answers. A citizen or an
enterprise gets 403 on the list, an official or a citizen 403 on the reports; an entry the
caller may not see is 404, as one that does not exist; bad input is 400 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api import market_credit_serializers as s
from onewindow.api.market_views import _page, _parsed
from onewindow.api.paging import paginated
from onewindow.market import authority, credit_record, lists, reports
from onewindow.market.credit_models import ListReason

OPEN = ("true", "false")
PAGING = [
    OpenApiParameter("limit", int, description="rows per page, at most 100; default 20"),
    OpenApiParameter("offset", int, description="rows to skip"),
]


def _officials_only(user) -> None:
    if not authority.is_official(user):
        raise PermissionDenied(_("The abnormal-operation list API is for officials."))


def _bad(field: str, message: str) -> None:
    raise ValidationError({field: message})


# --- the abnormal-operation list ----------------------------------------------------------------


class ListEntryListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("reason", str, enum=ListReason.values),
            OpenApiParameter("open", str, enum=OPEN, description="still on the list, or not"),
            *PAGING,
        ],
        responses=paginated(s.MarketListEntrySerializer, "PaginatedMarketListEntryList"),
        operation_id="market_list_entries_list",
    )
    def get(self, request):
        """The entries of the abnormal-operation list kept by the caller's departments (a
        market-supervision head), those still on it first; empty for other officials."""
        _officials_only(request.user)
        rows = lists.entries_for(request.user)
        reason, open_ = request.query_params.get("reason"), request.query_params.get("open")
        if reason is not None:
            if reason not in ListReason.values:
                _bad("reason", _("Choose a reason from the list."))
            rows = rows.filter(reason=reason)
        if open_ is not None:
            if open_ not in OPEN:
                _bad("open", _("Give true or false."))
            rows = rows.filter(removed_on__isnull=open_ == "true")
        return _page(request, self, rows, s.MarketListEntrySerializer)


class ListEntryReachedView(APIView):
    @extend_schema(
        request=s.MarketReachedInputSerializer,
        responses=s.MarketListEntrySerializer,
        operation_id="market_list_entries_reached",
    )
    def post(self, request, pk: int):
        """A head of the listing department takes off an enterprise listed as unreachable,
        saying how it was reached again (企业经营异常名录管理暂行办法 Art. 13); the enterprise
        is told."""
        _officials_only(request.user)
        entry = lists.entries_for(request.user).filter(pk=pk).first()
        if entry is None:
            raise NotFound(_("No such entry on your departments' list."))
        data = _parsed(s.MarketReachedInputSerializer, request)
        lists.take_off_reached(entry, actor=request.user, note=data["note"])
        entry = lists.entries_for(request.user).get(pk=pk)
        return Response(s.MarketListEntrySerializer(entry).data)


# --- annual reports -----------------------------------------------------------------------------


class AnnualReportListView(APIView):
    @extend_schema(
        parameters=PAGING,
        responses=paginated(s.MarketAnnualReportSerializer, "PaginatedMarketAnnualReportList"),
        operation_id="market_annual_reports_list",
    )
    def get(self, request):
        """The caller's enterprise's annual reports, newest year first."""
        return _page(
            request, self, reports.reports_of(request.user), s.MarketAnnualReportSerializer
        )

    @extend_schema(
        request=s.MarketAnnualReportInputSerializer,
        responses={201: s.MarketAnnualReportSerializer, 200: s.MarketAnnualReportSerializer},
        operation_id="market_annual_reports_file",
    )
    def post(self, request):
        """File the report on a year (last year by default): 201. Filed again before 30 June
        of the next year, it corrects the report: 200. Filed late, it is taken and takes the
        enterprise off the abnormal-operation list for that year."""
        reports.entity_of(request.user)  # before reading the body, as the service
        data = _parsed(s.MarketAnnualReportInputSerializer, request)
        year = data.pop("year", None)
        data["websites"] = [dict(row) for row in data["websites"]]
        data["shareholders"] = [dict(row) for row in data["shareholders"]]
        report = reports.file(actor=request.user, data=data, year=year)
        code = status.HTTP_201_CREATED if report.corrected_at is None else status.HTTP_200_OK
        return Response(s.MarketAnnualReportSerializer(report).data, status=code)


# --- the public credit record -------------------------------------------------------------------


class CreditSearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description="a whole USCC, or 2 or more of the name"
            )
        ],
        responses=s.MarketCreditEntitySerializer(many=True),
        operation_id="market_credit_search",
    )
    def get(self, request):
        """Enterprises on the registry by USCC or name, at most 20, for their credit records."""
        query = str(request.query_params.get("q", ""))
        if len(" ".join(query.split())) < 2:
            _bad("q", _("Give at least two characters of the name, or the whole code."))
        return Response(s.MarketCreditEntitySerializer(credit_record.find(query), many=True).data)


class CreditRecordView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: s.MarketCreditRecordSerializer,
            404: OpenApiResponse(description="no such enterprise"),
        },
        operation_id="market_credit_record",
    )
    def get(self, request, uscc: str):
        """An enterprise's public credit record (企业信用记录), as the hall's page shows it."""
        try:
            entity = credit_record.entity(uscc)
        except Http404 as missing:
            raise NotFound(_("No enterprise on the registry has this code.")) from missing
        return Response(s.MarketCreditRecordSerializer(credit_record.record(entity)).data)
