"""Major-event operations command (赛会运行指挥) over the API: the events with the command
structure in force, an event's venues, schedule, functional areas and structures, its daily
reports (read; the headquarters' duty desk compiles one), and fast-track permits (flagged by the
headquarters' desk or the head of the department handling the case). Each view parses, calls
``emergency.events`` or reads ``emergency.event_selectors``, answers; bad input is 400 naming the
field."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api.market_views import _parsed
from onewindow.emergency import event_selectors, events
from onewindow.emergency.event_models import PermitKind


class EventStructureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    in_force_from = serializers.DateField()
    unified = serializers.BooleanField(
        help_text="one command with the event's operations headquarters"
    )


class EventGroupSerializer(serializers.Serializer):
    name = serializers.CharField()
    name_en = serializers.CharField()
    area = serializers.CharField(source="area.code", allow_null=True, default=None)
    lead = serializers.CharField(source="lead.code")
    members = serializers.SerializerMethodField()

    def get_members(self, group) -> list[str]:
        return [d.code for d in group.members.all()]


class EventStructureDetailSerializer(EventStructureSerializer):
    groups = EventGroupSerializer(many=True, source="groups.all")


class EventVenueSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    division = serializers.CharField(source="division_id")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    radius_m = serializers.IntegerField()


class EventSessionSerializer(serializers.Serializer):
    venue = serializers.CharField(source="venue.code")
    title = serializers.CharField()
    title_en = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class EventAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class MajorEventSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    department = serializers.CharField(source="department.code")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    structure_in_force = serializers.SerializerMethodField()
    next_structure = serializers.SerializerMethodField()

    def _today(self):
        return timezone.localdate()

    @extend_schema_field(EventStructureSerializer(allow_null=True))
    def get_structure_in_force(self, event) -> dict | None:
        found = events.structure_on(event, self._today())
        return EventStructureSerializer(found).data if found else None

    @extend_schema_field(EventStructureSerializer(allow_null=True))
    def get_next_structure(self, event) -> dict | None:
        found = events.next_structure(event, self._today())
        return EventStructureSerializer(found).data if found else None


class MajorEventDetailSerializer(MajorEventSerializer):
    venues = EventVenueSerializer(many=True, source="venues.all")
    schedule = serializers.SerializerMethodField()
    areas = EventAreaSerializer(many=True, source="functional_areas.all")
    structures = EventStructureDetailSerializer(many=True, source="structures.all")

    @extend_schema_field(EventSessionSerializer(many=True))
    def get_schedule(self, event) -> list[dict]:
        from onewindow.emergency.event_models import Competition

        rows = Competition.objects.filter(venue__event=event).select_related("venue")
        return EventSessionSerializer(rows, many=True).data


class DailyReportSerializer(serializers.Serializer):
    day = serializers.DateField()
    structure = serializers.CharField(source="structure.code", allow_null=True, default=None)
    compiled_at = serializers.DateTimeField()
    compiled_by = serializers.CharField(source="compiled_by.username")
    content = serializers.JSONField(
        help_text="figures, schedule, incidents and tickets near venues, tasks, permits"
    )


class DailyReportInputSerializer(serializers.Serializer):
    day = serializers.DateField()


class EventPermitInputSerializer(serializers.Serializer):
    case = serializers.CharField(max_length=32, help_text="the case number")
    kind = serializers.ChoiceField(choices=PermitKind.choices)
    venue = serializers.CharField(max_length=60, required=False, allow_blank=True)


class EventPermitSerializer(serializers.Serializer):
    case = serializers.CharField(source="case.number")
    kind = serializers.ChoiceField(choices=PermitKind.choices)
    venue = serializers.CharField(source="venue.code", allow_null=True, default=None)
    flagged_at = serializers.DateTimeField()


class EventsView(APIView):
    @extend_schema(responses=MajorEventSerializer(many=True), operation_id="emergency_events")
    def get(self, request):
        """The major events, each with the command structure in force today and the next."""
        found = event_selectors.events_for(request.user)
        return Response(MajorEventSerializer(found, many=True).data)


class EventView(APIView):
    @extend_schema(responses=MajorEventDetailSerializer, operation_id="emergency_event")
    def get(self, request, code):
        """An event: its venues, schedule, functional areas and command structures."""
        event = event_selectors.event_for(request.user, code)
        return Response(MajorEventDetailSerializer(event).data)


class DailyReportsView(APIView):
    @extend_schema(
        responses=DailyReportSerializer(many=True), operation_id="emergency_daily_reports"
    )
    def get(self, request, code):
        """The event's daily reports, the latest first."""
        event = event_selectors.event_for(request.user, code)
        rows = sorted(event_selectors.reports_for(request.user, event), key=lambda r: r.day)
        return Response(DailyReportSerializer(rows[::-1], many=True).data)

    @extend_schema(
        request=DailyReportInputSerializer,
        responses={201: DailyReportSerializer},
        operation_id="emergency_daily_report_compile",
    )
    def post(self, request, code):
        """Compile (or compile again) the daily report of a day (the headquarters' duty desk)."""
        event = event_selectors.event_for(request.user, code)
        data = _parsed(DailyReportInputSerializer, request)
        report = events.compile_daily_report(request.user, event, data["day"])
        return Response(DailyReportSerializer(report).data, status=status.HTTP_201_CREATED)


class DailyReportView(APIView):
    @extend_schema(
        responses=DailyReportSerializer,
        operation_id="emergency_daily_report",
        parameters=[OpenApiParameter("day", str, OpenApiParameter.PATH, description="YYYY-MM-DD")],
    )
    def get(self, request, code, day):
        """One day's report as compiled."""
        event = event_selectors.event_for(request.user, code)
        try:
            found = date.fromisoformat(day)
        except ValueError:
            raise Http404(day) from None
        return Response(
            DailyReportSerializer(event_selectors.report_for(request.user, event, found)).data
        )


class EventPermitsView(APIView):
    @extend_schema(
        request=EventPermitInputSerializer,
        responses={201: EventPermitSerializer},
        operation_id="emergency_event_permit_flag",
    )
    def post(self, request, code):
        """Flag a case as a permit linked to the event (the fast track)."""
        event = event_selectors.event_for(request.user, code)
        data = _parsed(EventPermitInputSerializer, request)
        permit = events.flag_permit(request.user, event, data=data)
        return Response(EventPermitSerializer(permit).data, status=status.HTTP_201_CREATED)
