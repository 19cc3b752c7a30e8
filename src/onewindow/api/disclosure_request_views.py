"""Requests on application (依申请公开) over the API, for applicants and the agencies'
disclosure offices: list and apply, one request with its timeline, letters and the caller's
actions, and one endpoint per action.

Each view parses, calls one selector or service, answers. A request the caller may not see is
404; a wrong hat 403; a wrong state or bad input 400 naming the field.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.models import Department
from onewindow.api.paging import Pagination, paginated
from onewindow.disclosure import letters, request_authority
from onewindow.disclosure.errors import RequestNotFound
from onewindow.disclosure.models import Consultation, RequestStatus
from onewindow.disclosure.selectors import requests as selectors
from onewindow.disclosure.services import requests as services
from onewindow.disclosure.vocab import Channel, Outcome, ReplyType, RequesterKind


class DisclosureRequestRowSerializer(serializers.Serializer):
    number = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.display_name")
    requester_kind = serializers.ChoiceField(choices=RequesterKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    submitted_at = serializers.DateTimeField()
    received_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    replied_on = serializers.DateField(allow_null=True)


class DisclosureEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    on = serializers.DateField()
    note = serializers.CharField()


class DisclosureLetterSerializer(serializers.Serializer):
    number = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField(source="content.title")
    issued_at = serializers.DateTimeField()
    seal_key_id = serializers.CharField()
    signature = serializers.CharField()


class DisclosedFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    digest = serializers.CharField(help_text="SM3 of the file as released")
    url = serializers.SerializerMethodField(help_text="where the caller downloads it")

    def get_url(self, found) -> str:
        return reverse("disclosure-file", args=[found.pk])


class DisclosureRequestSerializer(DisclosureRequestRowSerializer):
    wanted_form = serializers.CharField()
    extended_days = serializers.IntegerField()
    reply_type = serializers.CharField()
    outcome = serializers.CharField()
    reply = serializers.CharField()
    right_agency = serializers.CharField(source="right_agency.code", allow_null=True, default=None)
    timeline = serializers.SerializerMethodField()
    letters = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField(
        help_text="the files released with the reply (Art. 40): the applicant's once it is sent"
    )
    actions = serializers.SerializerMethodField(help_text="what the caller may do now")

    @extend_schema_field(DisclosureEventSerializer(many=True))
    def get_timeline(self, request):
        return DisclosureEventSerializer(
            selectors.timeline(self.context["user"], request), many=True
        ).data

    @extend_schema_field(DisclosureLetterSerializer(many=True))
    def get_letters(self, request):
        return DisclosureLetterSerializer(
            selectors.letters_for(self.context["user"], request), many=True
        ).data

    @extend_schema_field(DisclosedFileSerializer(many=True))
    def get_files(self, request):
        return DisclosedFileSerializer(
            selectors.files_for(self.context["user"], request), many=True, context=self.context
        ).data

    def get_actions(self, request) -> list[str]:
        return request_authority.actions_for(self.context["user"], request)


class DisclosureApplySerializer(serializers.Serializer):
    agency = serializers.CharField(help_text="the agency's department code")
    description = serializers.CharField(allow_blank=True, max_length=5000)
    wanted_form = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    requester_kind = serializers.ChoiceField(
        choices=RequesterKind.choices, required=False, allow_blank=True, default=""
    )


def _agency(code: str) -> Department | None:
    return Department.objects.filter(code=code).first()


def _detail(request, number, code=status.HTTP_200_OK):
    found = selectors.get(request.user, number)
    if found is None:
        raise RequestNotFound(number)
    body = DisclosureRequestSerializer(found, context={"user": request.user}).data
    return Response(body, status=code)


class RequestListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=paginated(DisclosureRequestRowSerializer, "PaginatedDisclosureRequestList"),
        operation_id="disclosure_requests_list",
    )
    def get(self, request):
        """The caller's own requests and those of the agencies where they answer requests."""
        rows = selectors.visible(request.user).order_by("-submitted_at", "-pk")
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(
            DisclosureRequestRowSerializer(page, many=True).data
        )

    @extend_schema(
        request=DisclosureApplySerializer,
        responses={201: DisclosureRequestSerializer},
        operation_id="disclosure_requests_apply",
    )
    def post(self, request):
        """Apply online (Art. 29) as a signed-in citizen or enterprise."""
        data = DisclosureApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        created = services.apply_online(
            request.user, agency=_agency(values.pop("agency")), **values
        )
        return _detail(request, created.number, status.HTTP_201_CREATED)


class RequestDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=DisclosureRequestSerializer, operation_id="disclosure_requests_detail")
    def get(self, request, number):
        """One request with its timeline, its letters and the caller's actions."""
        return _detail(request, number)


class LetterView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        operation_id="disclosure_letters_pdf",
    )
    def get(self, request, letter):
        """One letter as a PDF sealed with the agency's e-seal."""
        found = selectors.letter(request.user, letter)
        if found is None:
            raise RequestNotFound(letter)
        response = HttpResponse(letters.pdf_bytes(found), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{found.number}.pdf"'
        return response


class FileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        operation_id="disclosure_files_download",
    )
    def get(self, request, file_id):
        """One file released with a reply, as it was uploaded (its SM3 is in the request)."""
        found = selectors.disclosed_file(request.user, file_id)
        if found is None:
            raise Http404(_("There is no such file that you can see."))
        return FileResponse(
            found.file.open("rb"), as_attachment=True, filename=found.name,
            content_type=found.content_type,
        )  # fmt: skip


class DisclosureEmptySerializer(serializers.Serializer):
    pass


class DisclosureSupplementSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.CharField(max_length=500), max_length=20)


class DisclosureAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True, max_length=5000)


class DisclosureThirdPartySerializer(serializers.Serializer):
    third_party = serializers.CharField(allow_blank=True, max_length=200)
    question = serializers.CharField(allow_blank=True, max_length=5000)
    contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class DisclosureThirdPartyAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=Consultation.Answer.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DisclosureExtensionSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=20)
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class DisclosureDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()


class DisclosureReplyDraftSerializer(serializers.Serializer):
    reply_type = serializers.ChoiceField(choices=ReplyType.choices)
    reply = serializers.CharField(allow_blank=True, max_length=10000)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, allow_blank=True, default=""
    )
    where_public = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    withheld = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    legal_basis = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    right_agency = serializers.CharField(required=False, allow_blank=True, default="")
    repeated_of = serializers.CharField(required=False, allow_blank=True, default="")


class DisclosureReplyReviewSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DisclosureWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _draft(user, number, data):
    code = data.pop("right_agency")
    return services.draft_reply(user, number, right_agency=_agency(code) if code else None, **data)


def _action_view(name: str, payload, call, doc: str):
    class View(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            request=payload,
            responses=DisclosureRequestSerializer,
            operation_id=f"disclosure_requests_{name}",
        )
        def post(self, request, number):
            if selectors.get(request.user, number) is None:  # 404 before judging the payload
                raise RequestNotFound(number)
            data = payload(data=request.data)
            data.is_valid(raise_exception=True)
            call(request.user, number, dict(data.validated_data))
            return _detail(request, number)

    View.post.__doc__ = doc
    View.__name__ = View.__qualname__ = f"Request{name.title().replace('_', '')}View"
    return View.as_view()


# URL segment -> the view of one service
ACTIONS = {
    "confirm": _action_view(
        "confirm", DisclosureEmptySerializer, lambda u, n, d: services.confirm_receipt(u, n),
        "The agency confirms an online request: received today (Art. 31 (三)).",
    ),
    "supplement": _action_view(
        "supplement", DisclosureSupplementSerializer,
        lambda u, n, d: services.send_supplement(u, n, **d),
        "The one supplement notice (Art. 30), within 7 working days of receipt.",
    ),
    "supplement-answer": _action_view(
        "supplement_answer", DisclosureAnswerSerializer,
        lambda u, n, d: services.answer_supplement(u, n, **d),
        "The applicant's supplement; the clock restarts from today.",
    ),
    "third-party": _action_view(
        "third_party", DisclosureThirdPartySerializer,
        lambda u, n, d: services.consult_third_party(u, n, **d),
        "Consult a third party (Art. 32); the clock pauses.",
    ),
    "third-party-answer": _action_view(
        "third_party_answer", DisclosureThirdPartyAnswerSerializer,
        lambda u, n, d: services.record_third_party_answer(u, n, **d),
        "Record the third party's answer; the clock resumes.",
    ),
    "extension": _action_view(
        "extension", DisclosureExtensionSerializer,
        lambda u, n, d: services.request_extension(u, n, **d),
        "Ask for the one extension of Art. 33 (at most 20 working days).",
    ),
    "extension-decision": _action_view(
        "extension_decision", DisclosureDecisionSerializer,
        lambda u, n, d: services.decide_extension(u, n, **d),
        "The head of the disclosure office decides the extension (never the one who asked).",
    ),
    "reply": _action_view(
        "reply", DisclosureReplyDraftSerializer, _draft,
        "Draft the reply (Art. 36, 37) with what its type needs.",
    ),
    "review": _action_view(
        "review", DisclosureReplyReviewSerializer, lambda u, n, d: services.review_reply(u, n, **d),
        "保密审查: pass the reply or return it with a note.",
    ),
    "send": _action_view(
        "send", DisclosureEmptySerializer, lambda u, n, d: services.send_reply(u, n),
        "Send the reviewed reply; it carries the remedies.",
    ),
    "withdraw": _action_view(
        "withdraw", DisclosureWithdrawSerializer, lambda u, n, d: services.withdraw(u, n, **d),
        "The applicant withdraws the request.",
    ),
}  # fmt: skip
