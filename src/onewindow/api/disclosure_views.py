"""Proactive disclosure's API for the disclosure offices: documents (list, draft, detail) and
the publishing steps. The public reads published documents on the public pages.

Each view parses, calls one selector or service, answers. Someone without a disclosure role
gets 403; a document the caller may not manage is 404; a wrong role 403; bad input or a wrong
state 400 naming the field; a stale ``version`` 409 with the current one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api.paging import Pagination, paginated
from onewindow.disclosure import authority, ledger
from onewindow.disclosure.errors import DocumentNotFound
from onewindow.disclosure.models import DocumentAction, DocumentStatus, Validity
from onewindow.disclosure.privacy import Kind
from onewindow.disclosure.selectors import documents as selectors
from onewindow.disclosure.services import publishing
from onewindow.disclosure.vocab import Category, DocumentForm


def _office_only(user) -> None:
    if not authority.agencies_of(user):
        raise PermissionDenied(_("The disclosure API is for the disclosure offices."))


def _managed(user, pk):
    document = selectors.document_for(user, pk)
    if not selectors.may_manage(user, document):
        raise DocumentNotFound(pk)
    return document


class DisclosureDocumentRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    agency = serializers.CharField(source="agency.code")
    index_number = serializers.CharField(allow_null=True)
    category = serializers.ChoiceField(choices=Category.choices)
    form = serializers.ChoiceField(choices=DocumentForm.choices)
    title = serializers.CharField()
    title_en = serializers.CharField()
    number = serializers.CharField(help_text="文号")
    formed_on = serializers.DateField()
    status = serializers.ChoiceField(choices=DocumentStatus.choices)
    validity = serializers.ChoiceField(choices=Validity.choices)
    published_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(help_text="send it back with every step")


class DisclosureFindingSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["title", "body", "title_en", "body_en"])
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=Kind.choices)


class DisclosureStepSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=DocumentAction.choices)
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    note = serializers.CharField()
    masked = serializers.IntegerField()


class DisclosureClockSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    state = serializers.CharField(help_text="open | paused | closed")
    late = serializers.BooleanField(
        allow_null=True, help_text="whether it closed late; null while it is still running"
    )


class DisclosureDocumentSerializer(DisclosureDocumentRowSerializer):
    body = serializers.CharField()
    body_en = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    replaced_by = serializers.CharField(
        source="replaced_by.index_number", allow_null=True, default=None
    )
    findings = serializers.SerializerMethodField(help_text="personal data found: spans only")
    history = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField(help_text="the Art. 26 clock in the ledger")
    actions = serializers.SerializerMethodField(help_text="the steps the caller may take now")

    @extend_schema_field(DisclosureFindingSerializer(many=True))
    def get_findings(self, document):
        return [f.as_dict() for f in selectors.findings(document)]

    @extend_schema_field(DisclosureStepSerializer(many=True))
    def get_history(self, document):
        return DisclosureStepSerializer(selectors.history(document), many=True).data

    @extend_schema_field(DisclosureClockSerializer(allow_null=True))
    def get_clock(self, document):
        row = ledger.row(document)
        return DisclosureClockSerializer(row).data if row else None

    def get_actions(self, document) -> list[str]:
        return authority.allowed_actions(self.context["user"], document)


class DisclosureDraftSerializer(serializers.Serializer):
    agency = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=Category.choices)
    form = serializers.ChoiceField(choices=DocumentForm.choices, default=DocumentForm.OTHER)
    title = serializers.CharField(max_length=300)
    title_en = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    body = serializers.CharField()
    body_en = serializers.CharField(required=False, allow_blank=True, default="")
    formed_on = serializers.DateField()
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class DisclosureEditSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    form = serializers.ChoiceField(choices=DocumentForm.choices, required=False)
    title = serializers.CharField(max_length=300, required=False)
    title_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    body = serializers.CharField(required=False)
    body_en = serializers.CharField(required=False, allow_blank=True)
    formed_on = serializers.DateField(required=False)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)


class DisclosureVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()


class DisclosureNoteSerializer(DisclosureVersionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DisclosureReviewSerializer(DisclosureNoteSerializer):
    passed = serializers.BooleanField()
    masks = DisclosureFindingSerializer(
        many=True, required=False, allow_null=True, default=None,
        help_text="the findings to mask; omitted: all of them",
    )  # fmt: skip
    extra = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list,
        help_text="other strings to mask",
    )  # fmt: skip


class DisclosureEndSerializer(DisclosureNoteSerializer):
    ended_on = serializers.DateField()
    replaced_by = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="index number of the replacement"
    )


class DisclosureExpireSerializer(DisclosureNoteSerializer):
    ended_on = serializers.DateField()


FILTERS = [OpenApiParameter("status", str, enum=DocumentStatus.values)]


def _detail(request, document, code=status.HTTP_200_OK):
    data = DisclosureDocumentSerializer(document, context={"user": request.user}).data
    return Response(data, status=code)


class DocumentListView(APIView):
    @extend_schema(
        parameters=FILTERS,
        responses=paginated(DisclosureDocumentRowSerializer, "PaginatedDisclosureDocumentList"),
        operation_id="disclosure_documents_list",
    )
    def get(self, request):
        """The documents of the caller's disclosure offices, drafts included, newest first."""
        _office_only(request.user)
        wanted = request.query_params.get("status", "")
        documents = selectors.office_documents(
            request.user, status=wanted if wanted in DocumentStatus.values else ""
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(documents, request, view=self)
        rows = DisclosureDocumentRowSerializer(page, many=True).data
        return paginator.get_paginated_response(rows)

    @extend_schema(
        request=DisclosureDraftSerializer,
        responses={201: DisclosureDocumentSerializer},
        operation_id="disclosure_documents_create",
    )
    def post(self, request):
        """A disclosure officer drafts a document; its Art. 26 clock starts from formed_on."""
        _office_only(request.user)
        data = DisclosureDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        document = publishing.create_draft(
            actor=request.user, agency=values.pop("agency") or None, **values
        )
        return _detail(request, document, status.HTTP_201_CREATED)


class DocumentDetailView(APIView):
    @extend_schema(
        responses=DisclosureDocumentSerializer, operation_id="disclosure_documents_detail"
    )
    def get(self, request, pk):
        """One document with the personal data found, its history, its clock and the steps
        open to the caller."""
        _office_only(request.user)
        return _detail(request, _managed(request.user, pk))


def _step(name: str, payload, call, doc: str):
    class View(APIView):
        @extend_schema(
            request=payload,
            responses={200: DisclosureDocumentSerializer},
            operation_id=f"disclosure_documents_{name}",
        )
        def post(self, request, pk):
            _office_only(request.user)
            _managed(request.user, pk)  # 404 before judging the payload
            data = payload(data=request.data)
            data.is_valid(raise_exception=True)
            document = call(request.user, pk, dict(data.validated_data))
            return _detail(request, document)

    View.post.__doc__ = doc
    View.__name__ = View.__qualname__ = f"Document{name.title()}View"
    return View.as_view()


def _review(user, pk, data):
    masks = data.pop("masks")
    return publishing.review(
        pk=pk, actor=user, masks=None if masks is None else [dict(m) for m in masks], **data
    )


ACTIONS = {
    "edit": _step(
        "edit",
        DisclosureEditSerializer,
        lambda user, pk, data: publishing.update_draft(pk=pk, actor=user, **data),
        "The officer edits a draft or a returned document (only the fields sent).",
    ),
    "submit": _step(
        "submit",
        DisclosureVersionSerializer,
        lambda user, pk, data: publishing.submit_for_review(pk=pk, actor=user, **data),
        "Send the draft to the confidentiality review (保密审查).",
    ),
    "review": _step(
        "review",
        DisclosureReviewSerializer,
        _review,
        "保密审查 by a reviewer other than the drafter: passed (the personal data masked) or "
        "returned with a note.",
    ),
    "approve": _step(
        "approve",
        DisclosureNoteSerializer,
        lambda user, pk, data: publishing.approve_and_publish(pk=pk, actor=user, **data),
        "The head of the office approves: published with the next index number (索引号).",
    ),
    "return": _step(
        "return",
        DisclosureNoteSerializer,
        lambda user, pk, data: publishing.return_to_drafter(pk=pk, actor=user, **data),
        "The head of the office returns the document to the drafter (note needed).",
    ),
    "repeal": _step(
        "repeal",
        DisclosureEndSerializer,
        lambda user, pk, data: publishing.repeal(pk=pk, actor=user, **data),
        "废止 on a date, with the replacement if any; the document stays published.",
    ),
    "expire": _step(
        "expire",
        DisclosureExpireSerializer,
        lambda user, pk, data: publishing.expire(pk=pk, actor=user, **data),
        "失效: the document's term is over; it stays published.",
    ),
    "amend": _step(
        "amend",
        DisclosureEndSerializer,
        lambda user, pk, data: publishing.amend(pk=pk, actor=user, **data),
        "修改: link the published amended version that replaces this one.",
    ),
}
