"""Case and review-task endpoints: parse, call one service or selector, render."""

from __future__ import annotations

from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api import case_serializers as s
from onewindow.api.paging import Pagination, paginated
from onewindow.api.schema import ErrorSerializer
from onewindow.cases import disclosure, downloads, selectors, services

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=(
        "Repeat a submit with the same key and the same body to get the same single case; "
        "the same key with a different body answers 422."
    ),
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="The case version you acted on (or pass version in the body).",
)


def _version(request, payload) -> int | None:
    if "version" in payload.validated_data:
        return payload.validated_data["version"]
    header = request.headers.get("If-Match", "").strip('"W/ ')
    return int(header) if header.isdigit() else None


def _detail(request, number: str, code=status.HTTP_200_OK) -> Response:
    case = selectors.case_detail(request.user, number)
    return Response(
        s.CaseDetailSerializer(case, context={"viewer": request.user}).data, status=code
    )


class CaseListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=paginated(s.CaseSummarySerializer, "CaseSummaryPage"),
        operation_id="cases_list",
    )
    def get(self, request):
        """My cases (an official: the cases my departments handle), newest first."""
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.visible_cases(request.user).order_by("-submitted_at", "-pk"), request
        )
        return paginator.get_paginated_response(s.CaseSummarySerializer(page, many=True).data)

    @extend_schema(
        request=s.SubmitSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: s.CaseDetailSerializer,
            200: s.CaseDetailSerializer,
            422: OpenApiResponse(
                ErrorSerializer,
                description="The Idempotency-Key was used before with a different body",
            ),
        },
        operation_id="cases_submit",
    )
    def post(self, request):
        """Apply for a service: form data by the item's schema, materials as files or base64."""
        payload = s.SubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "")
        repeated = bool(key) and selectors.case_by_idempotency_key(request.user, key) is not None
        case = services.submit(
            applicant=request.user,
            item_code=payload.validated_data["item"],
            form=payload.validated_data["form"],
            uploads=payload.uploads(request),
            idempotency_key=key,
            place=payload.validated_data.get("division", ""),
            commitments=set(payload.validated_data.get("commitments") or ()),
        )
        return _detail(request, case.number, status.HTTP_200_OK if repeated else 201)


class CaseDetailView(APIView):
    @extend_schema(responses=s.CaseDetailSerializer, operation_id="cases_retrieve")
    def get(self, request, number):
        """Status, due dates, flags, every department's task, notices and documents."""
        return _detail(request, number)


class CaseStatusView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                str,
                OpenApiParameter.HEADER,
                description="The ETag of an earlier answer: 304 while the case has not changed",
            )
        ],
        responses={200: s.CaseSummarySerializer, 304: None},
        operation_id="cases_status",
    )
    def get(self, request, number):
        """Status, due dates and card only, for polling; the ETag is the case's version."""
        case = selectors.case_status(request.user, number)
        etag = f'"{case.version}"'
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(s.CaseSummarySerializer(case).data)
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        return response


class TimelineView(APIView):
    @extend_schema(responses=s.TimelineEntrySerializer(many=True), operation_id="cases_timeline")
    def get(self, request, number):
        case = selectors.case_for(request.user, number)
        return Response(s.TimelineEntrySerializer(selectors.timeline(case), many=True).data)


class PersonalDataView(APIView):
    @extend_schema(
        request=s.RevealRequestSerializer,
        responses=s.RevealedSerializer,
        operation_id="cases_personal_data_reveal",
        description=(
            "The application's personal data (ID and phone numbers) in full, which every other "
            "answer masks: only with a purpose, and each reveal is in the audit chain."
        ),
    )
    def post(self, request, number):
        payload = s.RevealRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        purpose = payload.validated_data["purpose"]
        revealed = disclosure.reveal(actor=request.user, number=number, purpose=purpose)
        return Response(s.RevealedSerializer({"form_data": revealed, "purpose": purpose}).data)


class DocumentView(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY}, operation_id="cases_document"
    )
    def get(self, request, number, document):
        """A notice or decision the case issued, as PDF."""
        found = selectors.document_for(request.user, number, document)
        return downloads.document_response(found, attachment=False)


class MaterialView(APIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        operation_id="cases_material",
    )
    def get(self, request, number, material):
        """An uploaded material of the shared file (信息共享)."""
        found = selectors.material_for(request.user, number, material)
        return downloads.material_response(found, attachment=False)


def _post_view(serializer_class, call, render, *, description, operation_id, code, response):
    """A POST endpoint: validate the body, run one service, render the result."""

    class PostView(APIView):
        @extend_schema(
            request=serializer_class,
            parameters=[IF_MATCH],
            responses={code: response},
            operation_id=operation_id,
            description=description,
        )
        def post(self, request, **kwargs):
            payload = serializer_class(data=request.data)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
            data.pop("version", None)
            call(request, data, _version(request, payload), payload=payload, **kwargs)
            return render(request, code, **kwargs)

    PostView.__name__ = f"{operation_id.title().replace('_', '')}View"
    return PostView.as_view()


def _action(serializer_class, call, *, description: str, operation_id: str, code=200):
    """A POST on one case; ``call(request, number, data, version, **url)``; returns the case."""
    return _post_view(
        serializer_class,
        lambda request, data, version, payload, number, **url: call(
            request, number, data, version, **url
        ),
        lambda request, status_code, number, **url: _detail(request, number, status_code),
        description=description,
        operation_id=operation_id,
        code=code,
        response=s.CaseDetailSerializer,
    )


def _task_action(serializer_class, call, *, description: str, operation_id: str):
    """A POST on one review task; ``call(request, task_id, data, version)``; returns the task."""
    return _post_view(
        serializer_class,
        lambda request, data, version, payload, task_id: call(request, task_id, data, version),
        lambda request, status_code, task_id: Response(
            s.TaskSerializer(selectors.task_for(request.user, task_id)).data
        ),
        description=description,
        operation_id=operation_id,
        code=200,
        response=s.TaskSerializer,
    )


def _uploading(serializer_class, call, *, description: str, operation_id: str):
    """A POST of the applicant's files on one case (``materials.<key>``);
    ``call(request, number, data, uploads, version)``; returns the case."""
    return _post_view(
        serializer_class,
        lambda request, data, version, payload, number: call(
            request, number, data, payload.uploads(request), version
        ),
        lambda request, status_code, number: _detail(request, number, status_code),
        description=description,
        operation_id=operation_id,
        code=200,
        response=s.CaseDetailSerializer,
    )


resubmit = _uploading(
    s.ResubmitSerializer,
    lambda r, n, d, uploads, v: services.resubmit(
        number=n, applicant=r.user, uploads=uploads, form=d.get("form"), expected_version=v
    ),
    description=(
        "Answer a correction notice or a supplement request with the named materials. A form "
        "sent along may change only the fields the request named: any other change is a 409 "
        "whose `fields` lists them (amend the application instead)."
    ),
    operation_id="cases_resubmit",
)
supply_deferred = _uploading(
    s.SupplyDeferredSerializer,
    lambda r, n, d, uploads, v: services.supply_deferred(
        number=n, applicant=r.user, uploads=uploads, expected_version=v
    ),
    description=(
        "容缺受理: send materials the case was accepted without (`credit_check."
        "deferred_materials`), each as `materials.<key>`. 400 names a material the case does "
        "not owe; 409 when it owes none or is closed."
    ),
    operation_id="cases_supply_deferred",
)
amend = _action(
    s.AmendSerializer,
    lambda r, n, d, v: services.amend(
        number=n, applicant=r.user, form=d["form"], reason=d["reason"], expected_version=v
    ),
    description=(
        "Amend the application (变更申请) before the decision: the whole form with a reason. "
        "Every completed review reopens and each department sees the changes. 400 names a bad "
        "field or the missing reason; 409 once decided or while a supplement is awaited."
    ),
    operation_id="cases_amend",
)
withdraw = _action(
    s.VersionSerializer,
    lambda r, n, d, v: services.withdraw(number=n, applicant=r.user, expected_version=v),
    description="Withdraw the application before the decision.",
    operation_id="cases_withdraw",
)
accept = _action(
    s.VersionSerializer,
    lambda r, n, d, v: services.accept(number=n, actor=r.user, expected_version=v),
    description="Unified intake: accept; the clocks start and an acceptance notice is issued.",
    operation_id="cases_accept",
)
correction = _action(
    s.CorrectionRequestSerializer,
    lambda r, n, d, v: services.send_correction_notice(
        number=n, actor=r.user, items=d["items"], note=d["note"], expected_version=v
    ),
    description="One correction notice listing every material to correct (Art. 32).",
    operation_id="cases_correction",
)
refuse = _action(
    s.RefuseSerializer,
    lambda r, n, d, v: services.refuse(
        number=n, actor=r.user, reason=d["reason"], expected_version=v
    ),
    description="Do not accept, with the reason; the notice states the remedies.",
    operation_id="cases_refuse",
)
verify_commitment = _action(
    s.VerifyCommitmentSerializer,
    lambda r, n, d, v, key: services.verify_commitment(
        number=n,
        key=key,
        actor=r.user,
        truthful=d["truthful"],
        finding=d["finding"],
        expected_version=v,
    ),
    description=(
        "告知承诺: record the lead department's check of a commitment (`credit_check."
        "committed_materials`), by a reviewer or head of it; an untrue one after the grant by a "
        "head only, revoking the certificate (国办发〔2020〕42号)."
    ),
    operation_id="cases_verify_commitment",
)
pause = _action(
    s.PauseRequestSerializer,
    lambda r, n, d, v: services.pause_clock(
        number=n, actor=r.user, kind=d["kind"], reason=d["reason"], expected_version=v
    ),
    description=(
        "Stop the clock for testing, quarantine, appraisal, expert review or a hearing (Art. 45) "
        "or an on-site inspection."
    ),
    operation_id="cases_pause",
    code=201,
)
resume = _action(
    s.VersionSerializer,
    lambda r, n, d, v, pause_id: services.resume_clock(
        number=n, pause_id=pause_id, actor=r.user, expected_version=v
    ),
    description="The clock runs again from today.",
    operation_id="cases_resume",
)
extension = _action(
    s.ExtensionRequestSerializer,
    lambda r, n, d, v: services.request_extension(
        number=n, actor=r.user, days=d["days"], reason=d["reason"], expected_version=v
    ),
    description=(
        "Request an extension (Art. 42 para. 1: up to 10; joint handling under Art. 26, "
        "Art. 42 para. 2: up to 15)."
    ),
    operation_id="cases_extension",
    code=201,
)
extension_decision = _action(
    s.ExtensionDecisionSerializer,
    lambda r, n, d, v, extension_id: services.decide_extension(
        number=n, extension_id=extension_id, actor=r.user, approve=d["approve"], expected_version=v
    ),
    description="The head of the lead department approves or rejects the extension.",
    operation_id="cases_extension_approve",
)
decision = _action(
    s.DecisionSerializer,
    lambda r, n, d, v: services.decide(number=n, actor=r.user, note=d["note"], expected_version=v),
    description="One decision for all departments: any denial denies; issues the PDF.",
    operation_id="cases_decision",
)
delivery = _action(
    s.DeliverySerializer,
    lambda r, n, d, v: services.deliver(number=n, actor=r.user, expected_version=v, **d),
    description=(
        "统一出件: record the result handed over at the output window (the collector's ID card "
        "checked), posted (carrier, tracking number, address) or online; the case is concluded. "
        "409 while a fee is unpaid. A window clerk of the lead department or the service centre."
    ),
    operation_id="cases_delivery",
)


class TaskListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
        responses=paginated(s.InboxTaskSerializer, "InboxTaskPage"),
        operation_id="tasks_list",
    )
    def get(self, request):
        """My departments' open review tasks, oldest due first."""
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.open_tasks_for(request.user), request)
        return paginator.get_paginated_response(s.InboxTaskSerializer(page, many=True).data)


approve = _task_action(
    s.ApproveSerializer,
    lambda r, t, d, v: services.approve(
        task_id=t,
        actor=r.user,
        opinion=d["opinion"],
        conditions=d["conditions"],
        expected_version=v,
    ),
    description="Approve this department's part, optionally with conditions.",
    operation_id="tasks_approve",
)
deny = _task_action(
    s.DenySerializer,
    lambda r, t, d, v: services.deny(
        task_id=t, actor=r.user, reasons=d["reasons"], expected_version=v
    ),
    description="Deny this department's part with reasons.",
    operation_id="tasks_deny",
)
request_supplement = _task_action(
    s.SupplementRequestSerializer,
    lambda r, t, d, v: services.request_supplement(
        task_id=t, actor=r.user, items=d["items"], note=d["note"], expected_version=v
    ),
    description="Ask the applicant, through the lead department, for more; the clock pauses.",
    operation_id="tasks_request_supplement",
)
