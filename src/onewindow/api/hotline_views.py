"""The 12345 hotline's API for officials: tickets (list, detail) and the closed loop's actions.

Each view parses, calls one selector or service, answers. A citizen or an enterprise gets 403
(their tickets are in the hall); a ticket the caller may not see is 404; a wrong role 403; a
wrong state or bad input 400 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api.paging import Pagination, paginated
from onewindow.hotline import actions, authority, selectors
from onewindow.hotline import inbox as hotline_inbox
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.models import Kind, NotAccepted, Status


def _officials_only(user) -> None:
    if not user.is_official:
        raise PermissionDenied(_("The hotline API is for officials; your tickets are in the hall."))


class HotlineCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    group = serializers.CharField()
    department = serializers.CharField(source="department.code")
    limit_unit = serializers.CharField(help_text="hours | working_days")
    limit = serializers.IntegerField()
    urgent_hours = serializers.IntegerField()
    needs_identity = serializers.BooleanField()
    needs_location = serializers.BooleanField()


class HotlineAssignmentSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    role = serializers.CharField(help_text="lead | co")
    status = serializers.CharField(help_text="pending | accepted | returned | done | withdrawn")
    dispatched_at = serializers.DateTimeField()
    return_reason = serializers.CharField()
    opinion = serializers.CharField(help_text="a co-handling department's opinion (协办意见)")


class HotlineTicketRowSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    channel = serializers.CharField()
    category = serializers.CharField(source="category.code", allow_null=True, default=None)
    status = serializers.ChoiceField(choices=Status.choices)
    urgent = serializers.BooleanField()
    escalated = serializers.BooleanField()
    lead_department = serializers.CharField(
        source="lead_department.code", allow_null=True, default=None
    )
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    card = serializers.SerializerMethodField(help_text='"red", "yellow" or ""')

    def get_card(self, ticket) -> str:
        return selectors.deadline_colour(ticket)


class HotlineStepSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    text = serializers.CharField()
    note = serializers.CharField()
    public = serializers.BooleanField()


class HotlineCallerSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField(help_text="masked unless the viewer is the caller")
    hidden = serializers.BooleanField(help_text="confidential for this viewer")
    may_reveal = serializers.BooleanField(help_text="POST …/caller with a purpose to see it")


class HotlineTicketSerializer(HotlineTicketRowSerializer):
    description = serializers.CharField()
    address = serializers.CharField()
    reply = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    returns = serializers.IntegerField()
    reopen_count = serializers.IntegerField()
    not_accepted_code = serializers.CharField()
    assignments = HotlineAssignmentSerializer(many=True, source="assignments.all")
    caller = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="what the caller may do now")

    @extend_schema_field(HotlineCallerSerializer)
    def get_caller(self, ticket):
        view = selectors.caller_view(self.context["user"], ticket)
        return HotlineCallerSerializer(view).data

    @extend_schema_field(HotlineStepSerializer(many=True))
    def get_timeline(self, ticket):
        return HotlineStepSerializer(
            selectors.timeline(self.context["user"], ticket), many=True
        ).data

    def get_actions(self, ticket) -> list[str]:
        return authority.allowed_actions(self.context["user"], ticket)


def _detail(request, number):
    ticket = selectors.ticket_for(request.user, number)
    return Response(HotlineTicketSerializer(ticket, context={"user": request.user}).data)


FILTERS = [
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("category", str, description="category code"),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("department", str, description="lead department code"),
    OpenApiParameter("q", str, description="number, title or address"),
    OpenApiParameter("overdue", bool),
    OpenApiParameter("urgent", bool),
    OpenApiParameter("escalated", bool),
    OpenApiParameter("queue", str, enum=["dispatcher", "department"]),
    OpenApiParameter(
        "after", str, description="queue=department: the key of the next page (from next)"
    ),
    OpenApiParameter(
        "before", str, description="queue=department: the key of the previous page (from previous)"
    ),
]


class CategoryListView(APIView):
    @extend_schema(
        responses=HotlineCategorySerializer(many=True), operation_id="hotline_categories"
    )
    def get(self, request):
        """The active categories with their usual department and time limit."""
        _officials_only(request.user)
        return Response(HotlineCategorySerializer(selectors.categories(), many=True).data)


class TicketListView(APIView):
    @extend_schema(
        parameters=FILTERS,
        responses=paginated(HotlineTicketRowSerializer, "PaginatedTicketList"),
        operation_id="hotline_tickets_list",
    )
    def get(self, request):
        """Tickets the caller may see: ``queue=dispatcher`` the 12345 centre's queue,
        ``queue=department`` the department's inbox (lead and co-handled, soonest due first,
        paged by key through ``next`` / ``previous``; ``count`` capped at 1000); otherwise every
        visible ticket, newest first."""
        _officials_only(request.user)
        params = request.query_params
        filters = {
            key: params.get(key)
            for key in ("status", "category", "kind", "department", "q")
            if params.get(key)
        }
        for flag in ("overdue", "urgent", "escalated"):
            if params.get(flag) in ("1", "true", "yes"):
                filters[flag] = True
        queue = params.get("queue")
        if queue == "dispatcher":
            tickets = selectors.dispatcher_queue(request.user, **filters)
        elif queue == "department":
            return _department_page(request, filters)
        else:
            tickets = selectors.visible_list(request.user, **filters)
        paginator = Pagination()
        page = paginator.paginate_queryset(tickets, request, view=self)
        return paginator.get_paginated_response(HotlineTicketRowSerializer(page, many=True).data)


def _department_page(request, filters: dict) -> Response:
    """The department's inbox paged by key (``after`` / ``before`` from the page's links, no
    offset); ``count`` stops at ``hotline.inbox.COUNT_CAP`` + 1."""
    keys = {}
    for name in ("after", "before"):
        text = request.query_params.get(name)
        if text:
            keys[name] = hotline_inbox.Key.parse(text)
            if keys[name] is None:
                raise ValidationError(
                    {name: [_("This page link is not valid; start again from the first page.")]}
                )
    size = Pagination().get_limit(request)
    page = hotline_inbox.department_inbox(request.user, size=size, **keys, **filters)
    query = request.query_params.copy()
    for paging in ("after", "before", "offset"):
        query.pop(paging, None)

    def link(name, key):
        if key is None:
            return None
        query[name] = str(key)
        url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        query.pop(name)
        return url

    return Response(
        {
            "count": hotline_inbox.inbox_count(request.user, **filters),
            "next": link("after", page.next_key),
            "previous": link("before", page.previous_key),
            "results": HotlineTicketRowSerializer(page.rows, many=True).data,
        }
    )


class TicketDetailView(APIView):
    @extend_schema(responses=HotlineTicketSerializer, operation_id="hotline_tickets_detail")
    def get(self, request, number):
        """One ticket with its dispatches, the caller as this viewer may see them, the timeline
        and the actions open to the viewer."""
        _officials_only(request.user)
        return _detail(request, number)


class HotlineTakeSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="category code")
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    urgent = serializers.BooleanField(required=False, allow_null=True, default=None)
    department = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HotlineNotAcceptSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=NotAccepted.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HotlineDispatchSerializer(serializers.Serializer):
    department = serializers.CharField(help_text="lead department code")
    co_departments = serializers.ListField(child=serializers.CharField(), required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HotlineReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class HotlineOpinionSerializer(serializers.Serializer):
    opinion = serializers.CharField(allow_blank=True)


class HotlineExtensionSerializer(serializers.Serializer):
    amount = serializers.IntegerField(help_text="in the category's unit")
    reason = serializers.CharField(allow_blank=True)


class HotlineDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HotlineReplySerializer(serializers.Serializer):
    reply = serializers.CharField(allow_blank=True)


class HotlineCallbackSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text="1 (very unsatisfied) to 5 (very satisfied)")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class HotlinePurposeSerializer(serializers.Serializer):
    purpose = serializers.CharField(allow_blank=True)


class HotlineRevealedSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


class HotlineEmptySerializer(serializers.Serializer):
    pass


def _action_view(name: str, action: str, payload, doc: str, response=HotlineTicketSerializer):
    """The view of one action of ``hotline.actions`` on a ticket (``operation_id`` from
    ``name``): the payload parsed, then ``actions.perform``."""

    class View(APIView):
        action_name, payload_class = action, payload

        @extend_schema(request=payload, responses=response, operation_id=f"hotline_tickets_{name}")
        def post(self, request, number, **url):
            _officials_only(request.user)
            ticket = selectors.ticket_for(request.user, number)  # 404 before judging the payload
            data = payload(data=request.data)
            data.is_valid(raise_exception=True)
            key = number
            if actions.ACTIONS[action].key == "extension_id":  # an extension of this ticket
                key = url["extension_id"]
                if not ticket.extensions.filter(pk=key).exists():
                    raise TicketNotFound(number)
            result = actions.perform(
                action, actor=request.user, key=key, data=dict(data.validated_data)
            )
            if response is HotlineRevealedSerializer:
                return Response(HotlineRevealedSerializer(result).data)
            return _detail(request, number)

    View.post.__doc__ = doc
    View.__name__ = View.__qualname__ = f"Ticket{name.title().replace('_', '')}View"
    return View.as_view()


# URL segment -> the view of one action of ``hotline.actions.ACTIONS``
ACTIONS = {
    "take": _action_view(
        "take",
        "take",
        HotlineTakeSerializer,
        "受理: the hotline accepts the ticket in a category; its clock starts.",
    ),
    "not-accept": _action_view(
        "not_accept",
        "not_accept",
        HotlineNotAcceptSerializer,
        "不予受理 with a reason; an emergency names 110/119/120 to the caller.",
    ),
    "dispatch": _action_view(
        "dispatch",
        "dispatch",
        HotlineDispatchSerializer,
        "派单 to a lead department and co-handlers (dispatchers only).",
    ),
    "accept": _action_view(
        "accept",
        "accept_dispatch",
        HotlineEmptySerializer,
        "The caller's department accepts its dispatch.",
    ),
    "return": _action_view(
        "return",
        "return_dispatch",
        HotlineReasonSerializer,
        "退单 with a reason; returned twice, the ticket is escalated.",
    ),
    "opinion": _action_view(
        "opinion",
        "record_opinion",
        HotlineOpinionSerializer,
        "协办意见: a co-handling department that accepted its dispatch gives its opinion to the "
        "lead department.",
    ),
    "extensions": _action_view(
        "extension",
        "request_extension",
        HotlineExtensionSerializer,
        "The lead department asks for more time; the hotline decides.",
    ),
    "reply": _action_view(
        "reply",
        "reply",
        HotlineReplySerializer,
        "The lead department's reply; the hotline checks it.",
    ),
    "check": _action_view(
        "check",
        "check_reply",
        HotlineDecisionSerializer,
        "The hotline approves the reply (sent to the citizen) or sends it back (note needed).",
    ),
    "callback": _action_view(
        "callback",
        "callback",
        HotlineCallbackSerializer,
        "回访 with the citizen's satisfaction (1–5); closes the ticket.",
    ),
    "reopen": _action_view(
        "reopen",
        "reopen",
        HotlineReasonSerializer,
        "Reopen for an unsatisfied citizen; a third time escalates instead.",
    ),
    "caller": _action_view(
        "reveal_caller",
        "reveal_caller",
        HotlinePurposeSerializer,
        "The caller's name and phone for a stated purpose, logged; 403 where confidential.",
        response=HotlineRevealedSerializer,
    ),
}

DECIDE_EXTENSION = _action_view(
    "extension_decision",
    "decide_extension",
    HotlineDecisionSerializer,
    "The hotline approves or refuses an extension (a note is needed to refuse).",
)
