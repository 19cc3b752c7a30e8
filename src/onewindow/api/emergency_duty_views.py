"""The duty roster (值班) over the API: who is on duty now at the caller's desks; the commander or
head arranges a shift; whoever is on duty hands the day over. Each view parses, calls
``emergency.duty``, answers; bad input is 400 naming the field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.models import Department, User
from onewindow.api.market_views import _parsed
from onewindow.emergency import authority, duty
from onewindow.emergency.duty_models import Post


class DutyShiftSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    day = serializers.DateField()
    post = serializers.ChoiceField(choices=Post.choices)
    user = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.display_name")


class DutyDeskSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    day = serializers.DateField(help_text="the duty day, from 08:30 to 08:30 the next morning")
    on_duty = DutyShiftSerializer(many=True)


class DutyShiftInputSerializer(serializers.Serializer):
    department = serializers.CharField(max_length=40)
    day = serializers.DateField()
    post = serializers.ChoiceField(choices=Post.choices)
    user = serializers.CharField(max_length=150, help_text="the person's username")


class DutyHandoverInputSerializer(serializers.Serializer):
    department = serializers.CharField(max_length=40)
    notes = serializers.CharField(max_length=4000)


class DutyHandoverSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    day = serializers.DateField()
    notes = serializers.CharField()
    handed_at = serializers.DateTimeField()


def _department(user, code: str) -> Department:
    mine = authority.desk_for(user) | authority.commanding_for(user)
    found = Department.objects.filter(pk__in=mine, code=code).first()
    if found is None:
        raise PermissionDenied(_("You have no duty desk at %(code)s.") % {"code": code})
    return found


class DutyView(APIView):
    @extend_schema(responses=DutyDeskSerializer(many=True), operation_id="emergency_duty_now")
    def get(self, request):
        """Who is on duty now at each of the caller's emergency desks (empty for others)."""
        mine = authority.desk_for(request.user) | authority.commanding_for(request.user)
        day = duty.duty_day()
        rows = [
            {"department": d, "day": day, "on_duty": duty.on_duty(d)}
            for d in Department.objects.filter(pk__in=mine).order_by("code")
        ]
        return Response(DutyDeskSerializer(rows, many=True).data)


class ShiftView(APIView):
    @extend_schema(
        request=DutyShiftInputSerializer,
        responses={201: DutyShiftSerializer},
        operation_id="emergency_duty_arrange",
    )
    def post(self, request):
        """Put a person on duty on a day (the department's commander or head)."""
        data = _parsed(DutyShiftInputSerializer, request)
        department = _department(request.user, data["department"])
        person = User.objects.filter(username=data["user"]).first()
        if person is None:
            raise ValidationError({"user": _("There is no such person.")})
        shift = duty.set_shift(
            request.user, department, day=data["day"], post=data["post"], user=person
        )
        return Response(DutyShiftSerializer(shift).data, status=status.HTTP_201_CREATED)


class HandoverView(APIView):
    @extend_schema(
        request=DutyHandoverInputSerializer,
        responses={201: DutyHandoverSerializer},
        operation_id="emergency_duty_hand_over",
    )
    def post(self, request):
        """Hand today's duty over with notes (whoever is on duty)."""
        data = _parsed(DutyHandoverInputSerializer, request)
        department = _department(request.user, data["department"])
        handover = duty.hand_over(request.user, department, notes=data["notes"])
        return Response(DutyHandoverSerializer(handover).data, status=status.HTTP_201_CREATED)
