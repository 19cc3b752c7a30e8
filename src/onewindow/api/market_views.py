"""Random inspections (双随机一公开) over the API: for officials, the plans of their departments
(made, committed and drawn by a market-supervision head), the visits, the findings each drawn
inspector records for their department with their photos, the record's closing (the party's
signature or refusal, sent as multipart/form-data) and publication; for anyone, the record of
each draw (commitment, frozen lists, seed) to re-run it.

Each view parses, calls one selector or service of ``market``, answers. A citizen or an
enterprise gets 403; a plan or visit the caller may not see is 404, as for one that does not
exist (``market.selectors``); a step the caller may not take now is 403 (``market.authority``
and the services); bad input is 400 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api import market_serializers as s
from onewindow.api.paging import Pagination, paginated
from onewindow.market import authority, inspections, rectification, selectors
from onewindow.market.models import InspectionStatus


def _officials_only(user) -> None:
    if not authority.is_official(user):
        raise PermissionDenied(_("The random inspections API is for officials."))


def _parsed(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _page(request, view, rows, serializer_class):
    paginator = Pagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    body = serializer_class(page, many=True, context={"request": request}).data
    return paginator.get_paginated_response(body)


class ItemListView(APIView):
    @extend_schema(
        responses=paginated(s.MarketItemSerializer, "PaginatedMarketItemList"),
        operation_id="market_items_list",
    )
    def get(self, request):
        """The inspection items a head may put in a plan (every department's list in force: a
        joint plan takes other departments' items); empty for anyone else."""
        _officials_only(request.user)
        return _page(request, self, selectors.items_for(request.user), s.MarketItemSerializer)


# --- plans --------------------------------------------------------------------------------------


def _plan(request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    found = selectors.plan_for(request.user, pk)
    return Response(s.MarketPlanSerializer(found).data, status=code)


class PlanListView(APIView):
    @extend_schema(
        responses=paginated(s.MarketPlanRowSerializer, "PaginatedMarketPlanList"),
        operation_id="market_plans_list",
    )
    def get(self, request):
        """The plans any of the caller's departments takes part in, newest first."""
        _officials_only(request.user)
        return _page(request, self, selectors.plans_for(request.user), s.MarketPlanRowSerializer)

    @extend_schema(
        request=s.MarketPlanInputSerializer,
        responses={201: s.MarketPlanSerializer},
        operation_id="market_plans_create",
    )
    def post(self, request):
        """A draft plan by a market-supervision head: the item each department inspects
        (``parts``), the scope of targets, the sample ratio and the period."""
        _officials_only(request.user)
        if not authority.plans_for(request.user):  # before reading the body, as the service
            raise PermissionDenied(
                _("Only the head of a department with an inspection-item list makes plans.")
            )
        data = _parsed(s.MarketPlanInputSerializer, request)
        data["parts"] = [dict(part) for part in data["parts"]]
        made = inspections.create_plan(actor=request.user, data=data)
        return _plan(request, made.pk, code=status.HTTP_201_CREATED)


class PlanDetailView(APIView):
    @extend_schema(responses=s.MarketPlanSerializer, operation_id="market_plans_detail")
    def get(self, request, pk: int):
        """One plan with its departments' parts, its commitment and, once drawn, its seed."""
        _officials_only(request.user)
        return _plan(request, pk)


class PlanCommitView(APIView):
    @extend_schema(
        request=None, responses=s.MarketPlanSerializer, operation_id="market_plans_commit"
    )
    def post(self, request, pk: int):
        """Freeze the target and inspector lists and commit to a secret seed: the lists and the
        seed's SM3 digest are published before the draw."""
        _officials_only(request.user)
        found = selectors.plan_for(request.user, pk)
        inspections.commit(found, actor=request.user)
        return _plan(request, pk)


class PlanDrawView(APIView):
    @extend_schema(request=None, responses=s.MarketPlanSerializer, operation_id="market_plans_draw")
    def post(self, request, pk: int):
        """Draw the targets and each visit's team from the frozen lists with the committed
        seed, tell the inspectors drawn, and publish the seed."""
        _officials_only(request.user)
        found = selectors.plan_for(request.user, pk)
        inspections.run_draw(found, actor=request.user)
        return _plan(request, pk)


# --- visits -------------------------------------------------------------------------------------


def _inspection(request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    found = selectors.inspection_for(request.user, pk)
    return Response(s.MarketInspectionSerializer(found).data, status=code)


class InspectionListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=InspectionStatus.values)],
        responses=paginated(s.MarketInspectionRowSerializer, "PaginatedMarketInspectionList"),
        operation_id="market_inspections_list",
    )
    def get(self, request):
        """The visits the caller is drawn for, and every visit of their departments' plans."""
        _officials_only(request.user)
        rows = selectors.inspections_for(request.user).order_by(
            "-plan__drawn_at", "plan_id", "rank"
        )
        wanted = request.query_params.get("status")
        if wanted in InspectionStatus.values:
            rows = rows.filter(status=wanted)
        return _page(request, self, rows, s.MarketInspectionRowSerializer)


class InspectionDetailView(APIView):
    @extend_schema(responses=s.MarketInspectionSerializer, operation_id="market_inspections_detail")
    def get(self, request, pk: int):
        """One visit: the target, the team of every department, the findings recorded."""
        _officials_only(request.user)
        return _inspection(request, pk)


class FindingView(APIView):
    @extend_schema(
        request=s.MarketFindingInputSerializer,
        responses=s.MarketInspectionSerializer,
        operation_id="market_inspections_findings",
    )
    def post(self, request, pk: int):
        """A team member's finding on their department's item, on the visit's shared record;
        recorded again, it replaces the department's earlier one until the record is closed."""
        _officials_only(request.user)
        found = selectors.inspection_for(request.user, pk)
        data = _parsed(s.MarketFindingInputSerializer, request)
        inspections.record_finding(found, actor=request.user, data=data)
        return _inspection(request, pk)


class RectificationView(APIView):
    @extend_schema(
        request=s.MarketRectificationInputSerializer,
        responses=s.MarketInspectionSerializer,
        operation_id="market_inspections_rectification",
    )
    def post(self, request, pk: int):
        """An enforcement officer of the finding's department confirms at a review visit (复查)
        that the problem was rectified; the ledger's clock stops. A finding not on this visit
        is 404."""
        _officials_only(request.user)
        found = selectors.inspection_for(request.user, pk)
        data = _parsed(s.MarketRectificationInputSerializer, request)
        finding = found.findings.filter(pk=data["finding"]).first()
        if finding is None:
            raise Http404
        rectification.review(finding, actor=request.user, data=data)
        return _inspection(request, pk)


class PhotoView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.MarketPhotoInputSerializer},
        responses={201: s.MarketInspectionSerializer},
        operation_id="market_inspections_photos",
    )
    def post(self, request, pk: int):
        """A photo on a finding of the visit, by a team member of the finding's department while
        the record is open; kept with its SM3 digest. A finding not on this visit is 404."""
        _officials_only(request.user)
        found = selectors.inspection_for(request.user, pk)  # before reading the body
        data = _parsed(s.MarketPhotoInputSerializer, request)
        finding = found.findings.filter(pk=data["finding"]).first()
        if finding is None:
            raise Http404
        inspections.add_photo(finding, actor=request.user, upload=data["photo"])
        return _inspection(request, pk, code=status.HTTP_201_CREATED)


class CloseView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.MarketCloseInputSerializer},
        responses=s.MarketInspectionSerializer,
        operation_id="market_inspections_close",
    )
    def post(self, request, pk: int):
        """Close the shared record once every department has recorded its finding: the party
        signs, or its refusal and who witnessed it are recorded. Starts the publication clock."""
        _officials_only(request.user)
        found = selectors.inspection_for(request.user, pk)  # before reading the body
        data = _parsed(s.MarketCloseInputSerializer, request)
        signature = data.pop("signature")
        inspections.close_record(found, actor=request.user, data=data, signature=signature)
        return _inspection(request, pk)


class PublishView(APIView):
    @extend_schema(
        request=None,
        responses=s.MarketInspectionSerializer,
        operation_id="market_inspections_publish",
    )
    def post(self, request, pk: int):
        """抽查结果公示: the lead department's head publishes the result of a closed record;
        the plan closes when every visit is published."""
        _officials_only(request.user)
        found = selectors.inspection_for(request.user, pk)
        inspections.publish([found], actor=request.user)
        return _inspection(request, pk)


# --- the public record of each draw -------------------------------------------------------------


class DrawListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=paginated(s.MarketDrawSerializer, "PaginatedMarketDrawList"),
        operation_id="market_draws_list",
    )
    def get(self, request):
        """Every plan from its commitment on, newest first: the seed's commitment and the
        frozen lists' digest before the draw, the seed after it."""
        return _page(request, self, selectors.public_plans(), s.MarketDrawSerializer)


class DrawListsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The frozen lists exactly as committed (their SM3 is the plan's "
                "lists_digest): the draw's input, format onewindow-draw/1",
            )
        },
        operation_id="market_draws_lists",
    )
    def get(self, request, number: str):
        """The frozen lists of a committed plan, byte for byte: with the seed published after
        the draw, anyone re-runs it (``python -m onewindow.market.draw LISTS.json SEED``)."""
        found = selectors.public_plan(number)
        _lists, content = inspections.read_lists(found)
        response = HttpResponse(content, content_type="application/json")
        response["Content-Disposition"] = f'inline; filename="{found.number}.json"'
        return response
