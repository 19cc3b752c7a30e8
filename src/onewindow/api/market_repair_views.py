"""Credit repair (信用修复) over the API: for an enterprise on the registry, the records repair
may reach and its applications, and the application itself (multipart, with the evidence); for
a head of a market-supervision department, the applications made to their departments and the
decision. Each view parses, calls ``market.credit_repair``, answers; an application the caller
may not see is 404; bad input is 400 naming the field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api import market_repair_serializers as s
from onewindow.api.market_credit_views import PAGING
from onewindow.api.market_views import _page, _parsed
from onewindow.api.paging import paginated
from onewindow.market import authority, credit_repair, reports, serious_list


def _officials_only(user) -> None:
    if not authority.is_official(user):
        raise PermissionDenied(_("Credit repair is decided by officials."))


class MyRepairsView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=s.MarketMyRepairsSerializer, operation_id="market_my_repairs")
    def get(self, request):
        """The caller's enterprise's records that credit repair may reach, and its
        applications, newest first."""
        entity = reports.entity_of(request.user)
        body = {
            "options": credit_repair.options(entity),
            "applications": credit_repair.applications_of(entity),
        }
        return Response(s.MarketMyRepairsSerializer(body).data)

    @extend_schema(
        request={"multipart/form-data": s.MarketRepairInputSerializer},
        responses={201: s.MarketRepairSerializer},
        operation_id="market_my_repairs_apply",
    )
    def post(self, request):
        """Apply for credit repair of one record with the commitment signed, what was done
        and the evidence; the department decides by ``due_on``."""
        entity = reports.entity_of(request.user)
        data = _parsed(s.MarketRepairInputSerializer, request)
        upload = data["evidence"]
        application = credit_repair.apply(
            entity,
            actor=request.user,
            record=data["record"],
            committed=data["committed"],
            correction=data["correction"],
            evidence=(upload.name, upload.read()) if upload else None,
        )
        return Response(s.MarketRepairSerializer(application).data, status=status.HTTP_201_CREATED)


class RepairListView(APIView):
    @extend_schema(
        parameters=PAGING,
        responses=paginated(s.MarketRepairSerializer, "PaginatedMarketRepairList"),
        operation_id="market_repairs_list",
    )
    def get(self, request):
        """The applications made to the caller's departments (a head of a market-supervision
        department), those to decide first; empty for other officials."""
        _officials_only(request.user)
        return _page(request, self, credit_repair.queue_for(request.user), s.MarketRepairSerializer)


def _found(request, pk: int):
    _officials_only(request.user)
    found = credit_repair.queue_for(request.user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such application to your departments."))
    return found


class RepairView(APIView):
    @extend_schema(responses=s.MarketRepairSerializer, operation_id="market_repairs_read")
    def get(self, request, pk: int):
        """One application made to the caller's departments."""
        return Response(s.MarketRepairSerializer(_found(request, pk)).data)


class RepairDecisionView(APIView):
    @extend_schema(
        request=s.MarketRepairDecisionSerializer,
        responses=s.MarketRepairSerializer,
        operation_id="market_repairs_decide",
    )
    def post(self, request, pk: int):
        """Grant (the record ends today) or refuse with reasons; the enterprise is told."""
        found = _found(request, pk)
        data = _parsed(s.MarketRepairDecisionSerializer, request)
        decided = credit_repair.decide(
            found, actor=request.user, grant=data["grant"], reason=data["reason"]
        )
        return Response(s.MarketRepairSerializer(decided).data)


class ListingListView(APIView):
    @extend_schema(
        parameters=PAGING,
        responses=paginated(s.MarketListingSerializer, "PaginatedMarketListingList"),
        operation_id="market_listings_list",
    )
    def get(self, request):
        """The serious-dishonesty listings sent for the consent of the departments the caller
        heads, those waiting first; empty for other officials."""
        _officials_only(request.user)
        rows = serious_list.proposals_for(request.user)
        return _page(request, self, rows, s.MarketListingSerializer)


class ListingConsentView(APIView):
    @extend_schema(
        request=s.MarketListingDecisionSerializer,
        responses=s.MarketListingSerializer,
        operation_id="market_listings_consent",
    )
    def post(self, request, pk: int):
        """Agree (the enterprise is listed today) or refuse with reasons the proposing
        department is told."""
        _officials_only(request.user)
        found = serious_list.proposals_for(request.user).filter(pk=pk).first()
        if found is None:
            raise NotFound(_("No such listing sent to your departments."))
        data = _parsed(s.MarketListingDecisionSerializer, request)
        decided = serious_list.consent(
            found, actor=request.user, agree=data["agree"], reason=data["reason"]
        )
        return Response(s.MarketListingSerializer(decided).data)
