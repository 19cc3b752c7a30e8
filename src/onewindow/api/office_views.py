"""公文 over the API, for officials: outgoing documents (发文) and their steps, incoming
documents (收文) and instructions (督办) with progress reports.

Each view parses, calls one selector or service of ``office``, answers. A citizen or an
enterprise gets 403; a document the caller may not read is 404, as for one that does not
exist (``office.selectors.document_for``); a step the caller may not take now is 403 (the
one table is ``office.authority``); bad input is 400 naming the field. Officials' sessions
passed the second factor (TOTP) at sign-in, as for the workbench's pages, which ask no other
step-up for signing off or issuing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.models import Department, Role
from onewindow.api import office_serializers as s
from onewindow.api.paging import Pagination, paginated
from onewindow.office import authority, incoming, incoming_selectors, instructions_ledger
from onewindow.office import selectors as office_selectors
from onewindow.office import services as office
from onewindow.office.models import DocumentStatus


def _officials_only(user) -> None:
    if not authority.is_official(user):
        raise PermissionDenied(_("The office API is for officials."))


def _parsed(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _page(request, view, rows, serializer_class, context=None):
    paginator = Pagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    context = context(page) if callable(context) else (context or {})
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)


# --- outgoing documents (发文) -----------------------------------------------------------------


def _document(request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    found = office_selectors.document_for(request.user, pk)
    body = s.OfficeDocumentSerializer(found, context={"user": request.user}).data
    return Response(body, status=code)


def _department(code: str, field: str, among=None) -> Department:
    found = Department.objects.filter(code=code)
    if among is not None:
        found = found.filter(pk__in=among)
    department = found.first()
    if department is None:
        raise DjangoValidationError({field: _("Choose departments from the list.")})
    return department


class DocumentListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=DocumentStatus.values)],
        responses=paginated(s.OfficeDocumentRowSerializer, "PaginatedOfficeDocumentList"),
        operation_id="office_documents_list",
    )
    def get(self, request):
        """The outgoing documents the caller may read (their department's, those asked to
        countersign, those sent to them), newest first."""
        _officials_only(request.user)
        rows = office_selectors.readable(request.user)
        wanted = request.query_params.get("status")
        if wanted in DocumentStatus.values:
            rows = rows.filter(status=wanted)
        return _page(request, self, rows, s.OfficeDocumentRowSerializer)

    @extend_schema(
        request=s.OfficeDraftSerializer,
        responses={201: s.OfficeDocumentSerializer},
        operation_id="office_documents_create",
    )
    def post(self, request):
        """拟稿: a new draft of the caller's department (``department``, when they draft for
        several); version 1 of its text."""
        _officials_only(request.user)
        drafting = authority.departments_with(request.user, (Role.DOCUMENT_DRAFTER,))
        if not drafting:
            raise PermissionDenied(_("You may not draft documents for this department."))
        data = _parsed(s.OfficeDraftSerializer, request)
        code = data.pop("department")
        if code:
            department = _department(code, "department", among=drafting)
        else:
            department = Department.objects.filter(pk__in=drafting).order_by("code").first()
        made = office.create_draft(department, data, actor=request.user)
        return _document(request, made.pk, code=status.HTTP_201_CREATED)


class DocumentDetailView(APIView):
    @extend_schema(responses=s.OfficeDocumentSerializer, operation_id="office_documents_detail")
    def get(self, request, pk: int):
        """One document with its text, opinions (核稿, 会签, 签发: who, when, agreed or
        returned), dispatches (who signed for it, when) and the steps open to the caller."""
        _officials_only(request.user)
        return _document(request, pk)


def _step_view(name: str, doc: str, payload, act):
    """The POST view of one step on a document: 404 unless the caller may read it, then the
    payload parsed, then ``act(document, data, user)`` (one service call)."""

    class View(APIView):
        @extend_schema(
            request=payload,
            responses=s.OfficeDocumentSerializer,
            operation_id=f"office_documents_{name}",
        )
        def post(self, request, pk: int):
            _officials_only(request.user)
            found = office_selectors.document_for(request.user, pk)
            data = _parsed(payload, request) if payload is not None else {}
            act(found, data, request.user)
            return _document(request, pk)

    View.post.__doc__ = doc
    View.__name__ = View.__qualname__ = f"Document{name.title().replace('_', '')}View"
    return View.as_view()


def _countersign(document, data, user):
    department = _department(data.pop("department"), "department")
    office.countersign(document, department, actor=user, **data)


# URL segment -> the view of one step of ``office.services``
ACTIONS = {
    "submit": _step_view(
        "submit",
        "The drafter sends the draft to the office's review (核稿).",
        None,
        lambda document, data, user: office.submit(document, actor=user),
    ),
    "review": _step_view(
        "review",
        "核稿: agree (on to countersigning or sign-off) or return the draft with comments.",
        s.OfficeDecisionSerializer,
        lambda document, data, user: office.review(document, actor=user, **data),
    ),
    "countersign": _step_view(
        "countersign",
        "会签 for one of the departments asked: agree, or return the draft with comments.",
        s.OfficeCountersignSerializer,
        _countersign,
    ),
    "sign-off": _step_view(
        "sign_off",
        "签发 by the authorised leader: its day is the 成文日期; or return with comments.",
        s.OfficeDecisionSerializer,
        lambda document, data, user: office.sign_off(document, actor=user, **data),
    ),
    "issue": _step_view(
        "issue",
        "编号、用印: the clerk numbers the document (文号), lays it out as PDF and OFD and "
        "seals it with the department's SM2 seal.",
        None,
        lambda document, data, user: office.issue(document, actor=user),
    ),
    "send": _step_view(
        "send",
        "分发: the clerk sends the issued document to agencies on the platform.",
        s.OfficeSendSerializer,
        lambda document, data, user: office.send(document, data["recipients"], actor=user),
    ),
}


class SignForView(APIView):
    @extend_schema(
        request=None, responses=s.OfficeDocumentSerializer, operation_id="office_documents_sign_for"
    )
    def post(self, request, pk: int, dispatch_pk: int):
        """签收: the receiving agency's clerk signs for the document, once; it is registered
        as an incoming document (登记)."""
        _officials_only(request.user)
        found = office_selectors.document_for(request.user, pk)
        dispatch = found.dispatches.filter(pk=dispatch_pk).first()
        if dispatch is None:
            raise Http404
        office.sign_for(dispatch, actor=request.user)
        return _document(request, pk)


# --- incoming documents (收文) and instructions (督办) ------------------------------------------


def _matters(instructions) -> dict:
    return instructions_ledger.matters(instructions)


class IncomingListView(APIView):
    @extend_schema(
        responses=paginated(s.OfficeIncomingRowSerializer, "PaginatedOfficeIncomingList"),
        operation_id="office_incoming_list",
    )
    def get(self, request):
        """The incoming documents the caller may see (receiving clerks and leaders, the
        handling department, the readers, the leader who assigned it), newest first."""
        _officials_only(request.user)
        rows = incoming_selectors.incoming_for(request.user)
        return _page(request, self, rows, s.OfficeIncomingRowSerializer)


class IncomingDetailView(APIView):
    @extend_schema(responses=s.OfficeIncomingSerializer, operation_id="office_incoming_detail")
    def get(self, request, pk: int):
        """One incoming document with its read round, its instructions and the steps open to
        the caller."""
        _officials_only(request.user)
        found = incoming_selectors.document_for(request.user, pk)
        context = {"user": request.user, "matters": _matters(found.instructions.all())}
        return Response(s.OfficeIncomingSerializer(found, context=context).data)


class InstructionListView(APIView):
    @extend_schema(
        responses=paginated(s.OfficeInstructionRowSerializer, "PaginatedOfficeInstructionList"),
        operation_id="office_instructions_list",
    )
    def get(self, request):
        """The instructions the caller gave, must act on or may see through their document,
        with the due date and the e-supervision ledger's card, newest first."""
        _officials_only(request.user)
        rows = incoming_selectors.instructions_for(request.user)
        return _page(
            request,
            self,
            rows,
            s.OfficeInstructionRowSerializer,
            context=lambda page: {"matters": _matters(page)},
        )


def _instruction(request, found, *, code: int = status.HTTP_200_OK) -> Response:
    context = {"user": request.user, "matters": _matters([found])}
    return Response(s.OfficeInstructionSerializer(found, context=context).data, status=code)


class InstructionDetailView(APIView):
    @extend_schema(
        responses=s.OfficeInstructionSerializer, operation_id="office_instructions_detail"
    )
    def get(self, request, pk: int):
        """One instruction with its progress reports."""
        _officials_only(request.user)
        return _instruction(request, incoming_selectors.instruction_for(request.user, pk))


class InstructionReportView(APIView):
    @extend_schema(
        request=s.OfficeReportInputSerializer,
        responses={201: s.OfficeInstructionSerializer},
        operation_id="office_instructions_report",
    )
    def post(self, request, pk: int):
        """A progress report by the acting department's staff while the instruction is open
        (催办, 条例 Art. 24 (六)); files are attached on the workbench page."""
        _officials_only(request.user)
        found = incoming_selectors.instruction_for(request.user, pk)
        data = _parsed(s.OfficeReportInputSerializer, request)
        incoming.report_progress(found, actor=request.user, text=data["text"])
        found = incoming_selectors.instruction_for(request.user, pk)
        return _instruction(request, found, code=status.HTTP_201_CREATED)
