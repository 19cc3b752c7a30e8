"""Administrative penalty cases (行政处罚) over the API: for the officials of a department that
publishes a discretion benchmark, its cases and one POST per step of the flow; for the party,
its own cases from the prior notice on, its statement or hearing request and the documents
delivered to it; for anyone, the published decisions (masked) and the benchmarks.

Each view parses, calls one selector or service of ``market``, answers. A citizen or an
enterprise gets 403 on the officials' endpoints; a case the caller may not see is 404, as one
that does not exist (``market.penalty_selectors``); a step the caller may not take now is 403
(``market.penalties``); bad input is 400 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api import market_penalty_serializers as s
from onewindow.api.market_credit_views import PAGING
from onewindow.api.market_views import _page, _parsed
from onewindow.api.paging import paginated
from onewindow.market import authority, penalties, selectors
from onewindow.market import penalty_selectors as cases
from onewindow.market.penalty_models import Stage


def _officials_only(user) -> None:
    if not authority.is_official(user):
        raise PermissionDenied(_("The penalty cases API is for officials."))


def _detail(request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    case = cases.case_for(request.user, pk)
    context = {"request": request, "steps": cases.steps_for(request.user, case)}
    return Response(s.MarketPenaltyCaseSerializer(case, context=context).data, status=code)


class PenaltyListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("stage", str, enum=Stage.values),
            OpenApiParameter("waiting", str, enum=["1"], description="only where you act next"),
            *PAGING,
        ],
        responses=paginated(s.MarketPenaltyRowSerializer, "PaginatedMarketPenaltyList"),
        operation_id="market_penalties_list",
    )
    def get(self, request):
        """The cases of the caller's departments, newest first; ``waiting=1``: those where the
        caller takes the next step."""
        _officials_only(request.user)
        waiting = request.query_params.get("waiting")
        rows = cases.waiting_for(request.user) if waiting == "1" else cases.cases_for(request.user)
        stage = request.query_params.get("stage")
        if stage is not None:
            if stage not in Stage.values:
                raise ValidationError({"stage": _("Choose a stage from the list.")})
            rows = rows.filter(stage=stage)
        return _page(request, self, rows, s.MarketPenaltyRowSerializer)

    @extend_schema(
        request=s.MarketPenaltyLeadInputSerializer,
        responses={201: s.MarketPenaltyCaseSerializer},
        operation_id="market_penalties_create",
    )
    def post(self, request):
        """A lead (线索) against an enterprise on the registry, from a 12345 report, a referral
        or an inspection, by an enforcement officer of the department."""
        _officials_only(request.user)
        if not authority.investigating_for(request.user):  # before reading the body
            raise PermissionDenied(
                _("Only an enforcement officer of the department records a lead.")
            )
        data = _parsed(s.MarketPenaltyLeadInputSerializer, request)
        case = penalties.open_lead(actor=request.user, **data)
        return _detail(request, case.pk, code=status.HTTP_201_CREATED)


class FindingPenaltyView(APIView):
    @extend_schema(
        request=None,
        responses={201: s.MarketPenaltyCaseSerializer},
        operation_id="market_findings_penalty",
    )
    def post(self, request, pk: int):
        """A finding of a problem to be dealt with opens a case of its department, by one of
        its enforcement officers; a finding on a visit the caller may not see is 404."""
        _officials_only(request.user)
        finding = selectors.finding_for(request.user, pk)
        case = penalties.open_from_finding(finding, actor=request.user)
        return _detail(request, case.pk, code=status.HTTP_201_CREATED)


class PenaltyDetailView(APIView):
    @extend_schema(responses=s.MarketPenaltyCaseSerializer, operation_id="market_penalties_detail")
    def get(self, request, pk: int):
        """One case: its stage and dates, evidence, documents, clocks, and the caller's steps."""
        _officials_only(request.user)
        return _detail(request, pk)


def _step(name: str, serializer_class, call, description: str):
    """A POST of one step on a case the caller sees: ``call(case, actor, data)``; the case."""

    class StepView(APIView):
        @extend_schema(
            request=serializer_class,
            responses=s.MarketPenaltyCaseSerializer,
            operation_id=f"market_penalties_{name}",
            description=description,
        )
        def post(self, request, pk: int):
            _officials_only(request.user)
            case = cases.case_for(request.user, pk)  # before reading the body
            data = _parsed(serializer_class, request) if serializer_class else {}
            call(case, request.user, data)
            return _detail(request, pk)

    StepView.__name__ = StepView.__qualname__ = f"Penalty{name.title().replace('_', '')}View"
    return StepView


ProposeFilingView = _step(
    "propose_filing",
    s.MarketProposeFilingInputSerializer,
    lambda case, actor, data: penalties.propose_filing(case, actor=actor, data=data),
    "An enforcement officer proposes filing: the violation on the benchmark, when it began, "
    "ended and was discovered (Art. 36's limitation), and the officers who investigate.",
)
DropView = _step(
    "drop",
    s.MarketReasonInputSerializer,
    lambda case, actor, data: penalties.drop_lead(case, actor=actor, reason=data["reason"]),
    "An enforcement officer does not file the lead, saying why.",
)
ApproveFilingView = _step(
    "approve_filing",
    s.MarketApproveFilingInputSerializer,
    lambda case, actor, data: penalties.approve_filing(case, actor=actor, **data),
    "The head approves the filing (立案, Art. 54), which starts Art. 60's 90 days, or not.",
)
NotifyView = _step(
    "notify",
    s.MarketNotifyInputSerializer,
    lambda case, actor, data: penalties.notify(case, actor=actor, data=data),
    "The prior notice (告知书, Art. 44–45): the band of the benchmark, the proposed penalty and "
    "why; the party is told and may state or ask for a hearing within 5 working days.",
)
ProceedView = _step(
    "proceed",
    None,
    lambda case, actor, data: penalties.proceed(case, actor=actor),
    "The day given has passed without a word from the party: the case goes on.",
)
ScheduleHearingView = _step(
    "schedule_hearing",
    s.MarketScheduleHearingInputSerializer,
    lambda case, actor, data: penalties.schedule_hearing(case, actor=actor, data=data),
    "The hearing notice, at least 7 working days ahead (Art. 64), held by an official of the "
    "department who did not investigate.",
)
RecordHearingView = _step(
    "record_hearing",
    s.MarketHearingRecordInputSerializer,
    lambda case, actor, data: penalties.record_hearing(case, actor=actor, record=data["record"]),
    "The hearing officer records the hearing, on or after its day; legal review follows.",
)
ReviewView = _step(
    "review",
    s.MarketReviewInputSerializer,
    lambda case, actor, data: penalties.review(case, actor=actor, opinion=data["opinion"]),
    "法制审核 (Art. 58) by the department's legal reviewer.",
)
DecideView = _step(
    "decide",
    s.MarketDecideInputSerializer,
    lambda case, actor, data: penalties.decide(case, actor=actor, data=data),
    "The head decides within the band and not heavier than the notice (Art. 45, 57); a major "
    "case with the minutes of the collective discussion. The decision is sealed.",
)
DeliverView = _step(
    "deliver",
    s.MarketDeliverInputSerializer,
    lambda case, actor, data: penalties.deliver(case, actor=actor, **data),
    "The day the party received the decision (Art. 61); the fine's 15 days start.",
)
PaymentView = _step(
    "payment",
    s.MarketPaymentInputSerializer,
    lambda case, actor, data: penalties.record_payment(case, actor=actor, **data),
    "The day the fine was paid: the late charge is computed (Art. 72) and the case closes.",
)
PublishView = _step(
    "publish",
    None,
    lambda case, actor, data: penalties.publish(case, actor=actor),
    "行政处罚信息公示: the decision's summary, personal data masked, for its period.",
)
WithdrawView = _step(
    "withdraw",
    s.MarketWithdrawInputSerializer,
    lambda case, actor, data: penalties.withdraw_revoked(case, actor=actor, **data),
    "The head takes down the publication of a decision that was revoked.",
)


class EvidenceView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.MarketEvidenceInputSerializer},
        responses={201: s.MarketPenaltyCaseSerializer},
        operation_id="market_penalties_evidence",
    )
    def post(self, request, pk: int):
        """A piece of evidence (证据) by an officer of the investigation, its file kept with
        its SM3 digest."""
        _officials_only(request.user)
        case = cases.case_for(request.user, pk)  # before reading the body
        data = _parsed(s.MarketEvidenceInputSerializer, request)
        penalties.add_evidence(case, actor=request.user, title=data["title"], upload=data["file"])
        return _detail(request, pk, code=status.HTTP_201_CREATED)


class RespondView(APIView):
    @extend_schema(
        request=s.MarketRespondInputSerializer,
        responses={
            200: OpenApiResponse(
                s.MarketPenaltyPartyCaseSerializer,
                description="The case as the party sees it; an officer gets the whole case "
                "(MarketPenaltyCase), which has every field of this one.",
            )
        },
        operation_id="market_penalties_respond",
    )
    def post(self, request, pk: int):
        """The party states and defends, or asks for a hearing, by the day the notice gave
        (Art. 45, 64); or an officer of the case records what the party gave on paper."""
        if authority.is_official(request.user):
            case = cases.case_for(request.user, pk)
        else:
            case = cases.cases_of_party(request.user).filter(pk=pk).first()
            if case is None:
                raise Http404
        data = _parsed(s.MarketRespondInputSerializer, request)
        penalties.respond(case, actor=request.user, **data)
        if authority.is_official(request.user):
            return _detail(request, pk)
        case = cases.cases_of_party(request.user).get(pk=pk)
        context = {"request": request}
        return Response(s.MarketPenaltyPartyCaseSerializer(case, context=context).data)


class PenaltyDocumentView(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        operation_id="market_penalty_documents_pdf",
    )
    def get(self, request, pk: int):
        """A sealed document of a case (notice, hearing notice, decision), for the officials of
        its department and for the party."""
        document = cases.document_for(request.user, pk)
        return FileResponse(
            document.pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{document.number}.pdf",
        )


# --- the party ----------------------------------------------------------------------------------


class MyPenaltyListView(APIView):
    @extend_schema(
        parameters=PAGING,
        responses=paginated(s.MarketPenaltyPartyCaseSerializer, "PaginatedMarketMyPenaltyList"),
        operation_id="market_my_penalties_list",
    )
    def get(self, request):
        """The enterprise's own cases from the prior notice on, with the documents delivered to
        it; empty for anyone else."""
        rows = cases.cases_of_party(request.user)
        return _page(request, self, rows, s.MarketPenaltyPartyCaseSerializer)


# --- the public ---------------------------------------------------------------------------------


class PublicationListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="the party's name or its USCC"),
            *PAGING,
        ],
        responses=paginated(
            s.MarketPenaltyPublicationSerializer, "PaginatedMarketPenaltyPublicationList"
        ),
        operation_id="market_penalty_publications_list",
    )
    def get(self, request):
        """行政处罚信息公示: the decisions in their publication period, newest first, personal
        data masked."""
        rows = cases.public_publications(request.query_params.get("q", ""))
        return _page(request, self, rows, s.MarketPenaltyPublicationSerializer)


class BenchmarkListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=PAGING,
        responses=paginated(s.MarketBenchmarkSerializer, "PaginatedMarketBenchmarkList"),
        operation_id="market_benchmarks_list",
    )
    def get(self, request):
        """The discretion benchmarks in force (裁量基准, Art. 34): each violation, the provisions
        and the bands a penalty is chosen within."""
        return _page(request, self, cases.public_benchmarks(), s.MarketBenchmarkSerializer)
