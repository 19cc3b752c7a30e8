"""Warnings over the API. Anyone reads the warnings in force and each sent warning with its CAP
messages; a duty officer issues, changes and cancels their department's; the commander or head
approves an orange or red change proposed by someone else. Each view parses, calls
``emergency.services`` or ``emergency.selectors``, answers; bad input is 400 naming the field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.models import Department
from onewindow.api import emergency_serializers as s
from onewindow.api.market_views import _parsed
from onewindow.emergency import authority, incident_selectors, incidents, selectors, services
from onewindow.hotline import authority as hotline_authority


def _message(message, request, status_code=status.HTTP_200_OK) -> Response:
    body = s.WarningMessageSerializer(message, context={"request": request}).data
    return Response(body, status=status_code)


class WarningListView(APIView):
    def get_permissions(self):
        if self.request.method == "GET":  # the warnings in force are public; issuing is not
            return [AllowAny()]
        return super().get_permissions()

    @extend_schema(responses=s.WarningSerializer(many=True), operation_id="emergency_warnings_list")
    def get(self, request):
        """The warnings in force, the highest level first, each with its sent messages."""
        rows = selectors.in_force()
        return Response(s.WarningSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(
        request=s.WarningIssueSerializer,
        responses={201: s.WarningMessageSerializer},
        operation_id="emergency_warnings_issue",
    )
    def post(self, request):
        """Issue a warning (a duty officer): blue and yellow are sent at once, orange and red
        wait for a second person's approval (``state`` says which)."""
        mine = authority.issuing_for(request.user)
        if not mine:
            raise PermissionDenied(_("Warnings are issued by emergency duty officers."))
        data = _parsed(s.WarningIssueSerializer, request)
        code = data.pop("department", "")
        found = Department.objects.filter(pk__in=mine)
        department = (found.filter(code=code) if code else found.order_by("code")).first()
        if department is None:
            raise PermissionDenied(_("You are not a duty officer of %(code)s.") % {"code": code})
        message = services.issue(request.user, department=department, data=data)
        return _message(message, request, status.HTTP_201_CREATED)


class WarningView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.WarningSerializer, operation_id="emergency_warnings_read")
    def get(self, request, number: str):
        """A warning that was sent, in force or ended, with its sent messages."""
        warning = selectors.public_warning(number)
        return Response(s.WarningSerializer(warning, context={"request": request}).data)


def _desk_warning(request, number: str):
    if not authority.desk_for(request.user):
        raise PermissionDenied(_("Warnings are changed by emergency duty officers."))
    return selectors.desk_warning(request.user, number)


class WarningChangeView(APIView):
    @extend_schema(
        request=s.WarningChangeSerializer,
        responses={201: s.WarningMessageSerializer},
        operation_id="emergency_warnings_change",
    )
    def post(self, request, number: str):
        """Update, raise or lower a warning in force: a new CAP message referring to the last."""
        warning = _desk_warning(request, number)
        data = _parsed(s.WarningChangeSerializer, request)
        message = services.change(
            request.user, warning, change=data["change"], data=data, note=data["note"]
        )
        return _message(message, request, status.HTTP_201_CREATED)


class WarningCancelView(APIView):
    @extend_schema(
        request=s.WarningCancelSerializer,
        responses={201: s.WarningMessageSerializer},
        operation_id="emergency_warnings_cancel",
    )
    def post(self, request, number: str):
        """Lift a warning in force (CAP msgType Cancel); never waits for approval."""
        warning = _desk_warning(request, number)
        data = _parsed(s.WarningCancelSerializer, request)
        message = services.cancel(request.user, warning, note=data["note"])
        return _message(message, request, status.HTTP_201_CREATED)


class PendingListView(APIView):
    @extend_schema(
        responses=s.WarningMessageSerializer(many=True), operation_id="emergency_pending_list"
    )
    def get(self, request):
        """The changes awaiting approval at the caller's desk, oldest first."""
        if not authority.desk_for(request.user):
            return Response([])
        rows = selectors.desk(request.user)["pending"]
        return Response(
            s.WarningMessageSerializer(rows, many=True, context={"request": request}).data
        )


class DecisionView(APIView):
    @extend_schema(
        request=s.WarningDecisionSerializer,
        responses=s.WarningMessageSerializer,
        operation_id="emergency_pending_decide",
    )
    def post(self, request, pk: int):
        """Approve (the change is sent now) or refuse with reasons the proposer is told."""
        found = selectors.desk_message(request.user, pk)
        data = _parsed(s.WarningDecisionSerializer, request)
        if data["approve"]:
            message = services.approve(request.user, found)
        else:
            message = services.refuse(request.user, found, reasons=data["reasons"])
        return _message(message, request)


# ---------------------------------------------------------------------------------------------
# Incidents: the duty desks of the departments on an incident's chain


def _duty_department(user) -> Department:
    mine = authority.issuing_for(user)
    if not mine:
        raise PermissionDenied(_("Incidents are recorded by emergency duty officers."))
    return Department.objects.filter(pk__in=mine).order_by("code").first()


def _incident(request, incident, status_code=status.HTTP_200_OK) -> Response:
    return Response(s.IncidentSerializer(incident).data, status=status_code)


class IncidentListView(APIView):
    @extend_schema(
        responses=s.IncidentSerializer(many=True), operation_id="emergency_incidents_list"
    )
    def get(self, request):
        """The incidents at the caller's duty desks (or escalated by the 12345 centre), open
        ones first; empty for other callers."""
        try:
            rows = incident_selectors.incidents_for(request.user)[:200]
        except PermissionDenied:
            return Response([])
        return Response(s.IncidentSerializer(rows, many=True).data)

    @extend_schema(
        request=s.IncidentInputSerializer,
        responses={201: s.IncidentSerializer},
        operation_id="emergency_incidents_record",
    )
    def post(self, request):
        """Record an incident at the caller's first duty department; its report to the level
        above is due within 2 hours."""
        department = _duty_department(request.user)
        data = _parsed(s.IncidentInputSerializer, request)
        found = incidents.record(request.user, department=department, data=data)
        return _incident(request, found, status.HTTP_201_CREATED)


class IncidentEscalationView(APIView):
    @extend_schema(
        request=s.IncidentEscalationSerializer,
        responses={201: s.IncidentSerializer},
        operation_id="emergency_incidents_escalate",
    )
    def post(self, request):
        """Hand a 12345 ticket to an emergency duty desk as an incident (the centre's staff)."""
        if not hotline_authority.is_centre(request.user):
            raise PermissionDenied(
                _("Only the 12345 hotline's operators and dispatchers escalate tickets.")
            )
        data = _parsed(s.IncidentEscalationSerializer, request)
        department = Department.objects.filter(code=data["department"]).first()
        if department is None:
            raise ValidationError({"department": _("There is no such department.")})
        found = incidents.escalate_ticket(
            request.user, number=data["ticket"], department=department, data=data
        )
        return _incident(request, found, status.HTTP_201_CREATED)


class IncidentView(APIView):
    @extend_schema(responses=s.IncidentSerializer, operation_id="emergency_incidents_read")
    def get(self, request, number: str):
        """An incident at one of the caller's duty desks, with its reports up the tree."""
        return _incident(request, incident_selectors.incident_for(request.user, number))


class IncidentFiguresView(APIView):
    @extend_schema(
        request=s.IncidentFiguresSerializer,
        responses=s.IncidentSerializer,
        operation_id="emergency_incidents_figures",
    )
    def post(self, request, number: str):
        """New grade, casualties and losses; a higher grade may take the report further up."""
        found = incident_selectors.incident_for(request.user, number)
        data = _parsed(s.IncidentFiguresSerializer, request)
        return _incident(request, incidents.update(request.user, found, data=data))


class IncidentCloseView(APIView):
    @extend_schema(
        request=s.IncidentNoteSerializer,
        responses=s.IncidentSerializer,
        operation_id="emergency_incidents_close",
    )
    def post(self, request, number: str):
        """Close an incident whose reports are all sent (the recording department)."""
        found = incident_selectors.incident_for(request.user, number)
        data = _parsed(s.IncidentNoteSerializer, request)
        return _incident(request, incidents.close(request.user, found, note=data["note"]))


class IncidentReportSendView(APIView):
    @extend_schema(
        request=s.IncidentNoteSerializer,
        responses=s.IncidentReportSerializer,
        operation_id="emergency_reports_send",
    )
    def post(self, request, pk: int):
        """Report the incident to the level above (the sender's duty officer)."""
        report = incident_selectors.report_for(request.user, pk)
        data = _parsed(s.IncidentNoteSerializer, request)
        sent = incidents.report_up(request.user, report, note=data["note"])
        return Response(s.IncidentReportSerializer(sent).data)


class IncidentReportAcknowledgeView(APIView):
    @extend_schema(
        request=None,
        responses=s.IncidentReportSerializer,
        operation_id="emergency_reports_acknowledge",
    )
    def post(self, request, pk: int):
        """Acknowledge a report sent to the caller's desk (接报)."""
        report = incident_selectors.report_for(request.user, pk)
        done = incidents.acknowledge(request.user, report)
        return Response(s.IncidentReportSerializer(done).data)
