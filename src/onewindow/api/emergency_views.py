"""Warnings over the API. Anyone reads the warnings in force and each sent warning with its CAP
messages; a duty officer issues, changes and cancels their department's; the commander or head
approves an orange or red change proposed by someone else. Each view parses, calls
``emergency.services`` or ``emergency.selectors``, answers; bad input is 400 naming the field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.models import Department
from onewindow.api import emergency_serializers as s
from onewindow.api.market_views import _parsed
from onewindow.emergency import authority, selectors, services


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
