"""Appointment endpoints (预约): centres and open slots, my bookings, book, change, cancel,
and the iCalendar invitation. Parse, call one service or selector, render."""

from __future__ import annotations

from functools import wraps

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.models import Department
from onewindow.appointments import ics, selectors, services
from onewindow.appointments.models import Booking


class CentreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="display_name")
    address = serializers.CharField(source="display_address")
    hours = serializers.CharField(source="display_hours")
    phone = serializers.CharField()


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    start = serializers.CharField(help_text="Local time in Asia/Shanghai, HH:MM:SS")
    end = serializers.CharField(help_text="Local time in Asia/Shanghai, HH:MM:SS")
    free = serializers.IntegerField(help_text="Places still free")


class BookingSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.display_name")
    case = serializers.CharField(source="case.number", allow_null=True, default=None)
    centre = CentreSerializer(source="slot.centre")
    slot = SlotSerializer()
    sequence = serializers.IntegerField(help_text="The invitation's iCalendar SEQUENCE")
    queue_number = serializers.IntegerField(allow_null=True)


class BookSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1)
    item = serializers.CharField(max_length=40)
    case = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")


class ChangeSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1)


def _own_booking(view):
    """Another person's booking, or one that does not exist, is 404."""

    @wraps(view)
    def run(self, request, reference, *args, **kwargs):
        try:
            return view(self, request, reference, *args, **kwargs)
        except Booking.DoesNotExist:
            raise NotFound() from None

    return run


def _detail(request, reference: str, code=status.HTTP_200_OK) -> Response:
    booking = selectors.booking_of(request.user, reference)
    if booking is None:
        raise NotFound()
    return Response(BookingSerializer(booking).data, status=code)


class CentresView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("item", str, required=True, description="A service code")],
        responses=CentreSerializer(many=True),
        operation_id="appointments_centres",
    )
    def get(self, request):
        """The service centres where a service can be booked."""
        item = request.query_params.get("item", "")
        return Response(CentreSerializer(selectors.centres_for(item), many=True).data)


class SlotsView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("centre", str, required=True, description="A centre code")],
        responses=SlotSerializer(many=True),
        operation_id="appointments_slots",
    )
    def get(self, request):
        """The centre's times with a free place, soonest first."""
        code = request.query_params.get("centre", "")
        centre = Department.objects.filter(code=code, kind=Department.Kind.SERVICE_CENTRE).first()
        if centre is None:
            return Response(
                {"centre": [_("There is no service centre with this code.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(SlotSerializer(selectors.open_slots(centre)[:200], many=True).data)


class BookingsView(APIView):
    @extend_schema(responses=BookingSerializer(many=True), operation_id="appointments_list")
    def get(self, request):
        """My appointments, soonest first."""
        return Response(BookingSerializer(selectors.bookings_of(request.user), many=True).data)

    @extend_schema(
        request=BookSerializer, responses={201: BookingSerializer}, operation_id="appointments_book"
    )
    def post(self, request):
        """Book a place: the slot, the service, and optionally my case it is for."""
        payload = BookSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        booking = services.book(
            applicant=request.user,
            slot_id=payload.validated_data["slot"],
            item_code=payload.validated_data["item"],
            case_number=payload.validated_data["case"],
        )
        return _detail(request, booking.reference, status.HTTP_201_CREATED)


class BookingView(APIView):
    @extend_schema(responses=BookingSerializer, operation_id="appointments_retrieve")
    def get(self, request, reference):
        """One of my appointments."""
        return _detail(request, reference)


class ChangeView(APIView):
    @extend_schema(
        request=ChangeSerializer, responses=BookingSerializer, operation_id="appointments_change"
    )
    @_own_booking
    def post(self, request, reference):
        """Move my appointment to another time at the same centre (until the cut-off)."""
        if selectors.booking_of(request.user, reference) is None:
            raise NotFound()  # before the body: nothing about others' bookings is answered
        payload = ChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.change(
            applicant=request.user, reference=reference, slot_id=payload.validated_data["slot"]
        )
        return _detail(request, reference)


class CancelView(APIView):
    @extend_schema(request=None, responses=BookingSerializer, operation_id="appointments_cancel")
    @_own_booking
    def post(self, request, reference):
        """Cancel my appointment (until the cut-off); the place is freed."""
        services.cancel(applicant=request.user, reference=reference)
        return _detail(request, reference)


class InvitationView(APIView):
    @extend_schema(
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
        operation_id="appointments_invitation",
    )
    def get(self, request, reference):
        """My appointment as an iCalendar (RFC 5545) invitation."""
        booking = selectors.booking_of(request.user, reference)
        if booking is None:
            raise NotFound()
        return ics.response(booking)
