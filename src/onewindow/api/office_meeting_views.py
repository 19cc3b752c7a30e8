"""Meetings over the API, for officials: the meetings the caller is invited to or whose
convening office they work in, one meeting with its agenda, invitees and their answers, seats
and decisions, its invitation as iCalendar (RFC 5545), and the invitee's answer (参会回执).

A citizen or an enterprise gets 403; a meeting the caller may not see is 404, as for one
that does not exist (``office.meeting_selectors``); an answer by someone not invited is 403;
bad input is 400 naming the field. The video PIN is given to invitees only.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api.office_views import _officials_only
from onewindow.api.paging import Pagination, paginated
from onewindow.office import meeting_ics, meetings
from onewindow.office import meeting_selectors as selectors
from onewindow.office.meeting_models import Response as Answer


class MeetingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    title_en = serializers.CharField()
    department = serializers.CharField(source="department.code")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.CharField(source="room.name", default="", allow_blank=True)
    video = serializers.BooleanField()
    status = serializers.CharField(help_text="scheduled, cancelled or ended")


class AgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    presenter = serializers.CharField()
    minutes_planned = serializers.IntegerField()
    document = serializers.IntegerField(source="document_id", allow_null=True)
    document_number = serializers.CharField(source="document.number", default="")


class AttendeeSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    department = serializers.CharField(source="department.code")
    response = serializers.CharField(help_text="RFC 5545 PARTSTAT: NEEDS-ACTION, ACCEPTED, …")
    delegate = serializers.CharField()
    note = serializers.CharField()
    seat = serializers.CharField(help_text="row letter and number (A3), or empty")


class DecisionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    text = serializers.CharField()
    department = serializers.CharField(source="department.code")
    limit = serializers.IntegerField(help_text="working days")
    instruction = serializers.IntegerField(source="instruction_id", allow_null=True)
    due_on = serializers.DateField(source="instruction.due_on", default=None)


class MeetingSerializer(MeetingRowSerializer):
    sequence = serializers.IntegerField(help_text="the invitation's revision (RFC 5545)")
    chair = serializers.CharField(source="chair.display_name")
    cancel_reason = serializers.CharField()
    pin = serializers.SerializerMethodField(help_text="the video PIN, for invitees only")
    minutes = serializers.IntegerField(source="minutes_id", allow_null=True)
    agenda = AgendaItemSerializer(many=True)
    attendees = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()

    def get_pin(self, meeting) -> str:
        return meeting.pin if meetings.is_attendee(self.context["user"], meeting) else ""

    def get_attendees(self, meeting) -> list[dict]:
        rows = meeting.attendees.select_related("user", "department").order_by("pk")
        return AttendeeSerializer(rows, many=True).data

    def get_decisions(self, meeting) -> list[dict]:
        rows = meeting.decisions.select_related("department", "instruction")
        return DecisionSerializer(rows, many=True).data


class ReplySerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=[Answer.ACCEPTED, Answer.DECLINED, Answer.DELEGATED])
    delegate = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


def _meeting(request, pk: int) -> Response:
    found = selectors.meeting_for(request.user, pk)
    return Response(MeetingSerializer(found, context={"user": request.user}).data)


class MeetingListView(APIView):
    @extend_schema(
        responses=paginated(MeetingRowSerializer, "PaginatedOfficeMeetingList"),
        operation_id="office_meetings_list",
    )
    def get(self, request):
        """The meetings the caller is invited to or whose convening office they work in,
        the latest first."""
        _officials_only(request.user)
        rows = selectors.meetings_for(request.user).order_by("-starts_at", "-pk")
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(MeetingRowSerializer(page, many=True).data)


class MeetingDetailView(APIView):
    @extend_schema(responses=MeetingSerializer, operation_id="office_meetings_detail")
    def get(self, request, pk: int):
        """One meeting: agenda, invitees with their answers and seats, decisions with their
        instructions."""
        _officials_only(request.user)
        return _meeting(request, pk)


class MeetingInvitationView(APIView):
    @extend_schema(
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.BINARY, description="RFC 5545: METHOD:REQUEST, or CANCEL"
            )
        },
        operation_id="office_meetings_invitation",
    )
    def get(self, request, pk: int):
        """The invitation as iCalendar: the same UID for the meeting's life, SEQUENCE raised by
        each change and by the cancellation."""
        _officials_only(request.user)
        found = selectors.meeting_for(request.user, pk)
        url = request.build_absolute_uri(reverse("workbench:office-meeting", args=[pk]))
        return meeting_ics.response(found, url=url)


class MeetingReplyView(APIView):
    @extend_schema(
        request=ReplySerializer, responses=MeetingSerializer, operation_id="office_meetings_reply"
    )
    def post(self, request, pk: int):
        """参会回执: the caller, invited, answers (ACCEPTED, DECLINED, or DELEGATED with the
        name of who attends instead)."""
        _officials_only(request.user)
        found = selectors.meeting_for(request.user, pk)
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meetings.respond(found, actor=request.user, **data.validated_data)
        return _meeting(request, pk)
