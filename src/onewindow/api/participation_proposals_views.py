"""Citizens' proposals (市民建议) over the API: the published proposals (public), one of them
with its official answer (public), a support (signed-in citizens and enterprises) and the
official answer (the responsible department's participation officer).

Each view parses, calls one selector or service, answers. A proposal the caller may not see is
404; a wrong actor 403; a wrong state or bad input 400 naming the field; over a rate limit 429.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.identity import throttle
from onewindow.api.paging import Pagination, paginated
from onewindow.participation import proposals_authority as authority
from onewindow.participation.models import (
    AnswerKind,
    FlagState,
    ModerationReason,
    ProposalCategory,
    ProposalStatus,
)
from onewindow.participation.proposals_rules import ProposalNotFound
from onewindow.participation.selectors import proposals as selectors
from onewindow.participation.services import proposals as services


class ProposalRowSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    category = serializers.ChoiceField(choices=ProposalCategory.choices)
    district = serializers.CharField(source="district_id")
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    published_on = serializers.DateField(allow_null=True)
    support_ends_on = serializers.DateField(allow_null=True)
    supports_count = serializers.IntegerField()
    threshold = serializers.IntegerField()
    reached_on = serializers.DateField(allow_null=True)
    answer_due_on = serializers.DateField(allow_null=True)
    department = serializers.CharField(source="department.code", allow_null=True, default=None)


class ProposalAnswerSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    kind = serializers.ChoiceField(choices=AnswerKind.choices)
    text = serializers.CharField()
    text_en = serializers.CharField()
    action = serializers.CharField()
    link = serializers.CharField()
    reason = serializers.CharField()
    answered_on = serializers.DateField()


class ProposalSerializer(ProposalRowSerializer):
    body = serializers.SerializerMethodField()
    body_en = serializers.SerializerMethodField()
    hidden_reason = serializers.ChoiceField(choices=ModerationReason.choices, allow_blank=True)
    merged_into = serializers.CharField(source="merged_into.number", allow_null=True, default=None)
    answer = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="what the caller may do now")

    def get_body(self, proposal) -> str:
        return "" if proposal.hidden else proposal.body

    def get_body_en(self, proposal) -> str:
        return "" if proposal.hidden else proposal.body_en

    @extend_schema_field(ProposalAnswerSerializer(allow_null=True))
    def get_answer(self, proposal):
        found = selectors.answer_of(proposal)
        return ProposalAnswerSerializer(found).data if found else None

    def get_actions(self, proposal) -> list[str]:
        return authority.actions_for(self.context["user"], proposal)


class SupportResultSerializer(serializers.Serializer):
    counted = serializers.BooleanField(help_text="false while a moderator reviews the support")
    flag = serializers.ChoiceField(choices=FlagState.choices, allow_blank=True)
    supports_count = serializers.IntegerField()


class AnswerInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AnswerKind.choices)
    text = serializers.CharField(allow_blank=True, max_length=10000)
    text_en = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    action = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    link = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


def _public(request, number):
    """A proposal that was published (the public API shows nothing else)."""
    found = selectors.get(request.user, number)
    if found is None or found.published_on is None:
        raise ProposalNotFound(number)
    return found


class ProposalListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("category", enum=ProposalCategory.values),
            OpenApiParameter("district", description="division code, e.g. 440106"),
            OpenApiParameter("sort", enum=list(selectors.SORTS)),
        ],
        responses=paginated(ProposalRowSerializer, "PaginatedProposalList"),
        operation_id="participation_proposals_list",
    )
    def get(self, request):
        """Published and answered proposals, most supported (or newest) first."""
        rows = selectors.public(
            category=request.query_params.get("category", ""),
            district=request.query_params.get("district", "")[:12],
            sort=request.query_params.get("sort", "support"),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ProposalRowSerializer(page, many=True).data)


class ProposalDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ProposalSerializer, operation_id="participation_proposals_detail")
    def get(self, request, number):
        """One published proposal with its official answer ("merged into" for a duplicate; only
        the reason for a hidden one)."""
        found = _public(request, number)
        return Response(ProposalSerializer(found, context={"user": request.user}).data)


class SupportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={201: SupportResultSerializer},
        operation_id="participation_proposals_support",
    )
    def post(self, request, number):
        """Support a proposal: one per person, not one's own, within the support period."""
        _public(request, number)
        made = services.support(request.user, number, address=throttle.client_address(request))
        made.proposal.refresh_from_db(fields=["supports_count"])
        body = {
            "counted": made.counted,
            "flag": made.flag,
            "supports_count": made.proposal.supports_count,
        }
        return Response(SupportResultSerializer(body).data, status=status.HTTP_201_CREATED)


class AnswerView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AnswerInputSerializer,
        responses={201: ProposalSerializer},
        operation_id="participation_proposals_answer",
    )
    def post(self, request, number):
        """The responsible department's official answer."""
        _public(request, number)
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.answer(request.user, number, **data.validated_data)
        found = _public(request, number)
        body = ProposalSerializer(found, context={"user": request.user}).data
        return Response(body, status=status.HTTP_201_CREATED)
