"""Reads of appointments, with the caller's permissions applied."""

from __future__ import annotations

from datetime import date

from django.db.models import F, QuerySet
from django.utils import timezone

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.appointments.models import Booking, BookingStatus, Slot
from onewindow.catalog.models import ServiceItem


def centre_items(centre: Department) -> QuerySet[ServiceItem]:
    """The services a centre handles: those whose published instances name it."""
    return ServiceItem.objects.filter(
        published=True, instances__service_centre=centre, instances__published=True
    ).distinct()


def centres_for(item_code: str) -> QuerySet[Department]:
    """The service centres where a service can be booked (published instances naming them)."""
    return (
        Department.objects.filter(
            kind=Department.Kind.SERVICE_CENTRE,
            centre_instances__item__code=item_code,
            centre_instances__published=True,
            centre_instances__item__published=True,
        )
        .distinct()
        .order_by("code")
    )


def open_slots(centre: Department, *, today: date | None = None) -> QuerySet[Slot]:
    """Slots of the centre from now on with a free place, soonest first."""
    now = timezone.localtime()
    today = today or now.date()
    return (
        Slot.objects.filter(centre=centre, day__gte=today)
        .exclude(day=now.date(), start__lte=now.time())
        .filter(booked__lt=F("capacity"))
        .select_related("centre")
        .order_by("day", "start")
    )


def bookings_of(user: User) -> QuerySet[Booking]:
    """The user's own bookings (nobody else's, whoever asks)."""
    if not user.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.filter(applicant=user).select_related(
        "slot__centre", "item", "case", "applicant"
    )


def upcoming_of(user: User) -> QuerySet[Booking]:
    return bookings_of(user).filter(
        status=BookingStatus.BOOKED, slot__day__gte=timezone.localdate()
    )


def booking_of(user: User, reference: str) -> Booking | None:
    return bookings_of(user).filter(reference=reference).first()


def clerk_centres(user: User) -> set[int]:
    """The service centres where ``user`` is a window clerk."""
    if not (user.is_authenticated and user.is_official):
        return set()
    return set(
        RoleAssignment.objects.filter(
            user=user,
            role=Role.WINDOW_CLERK,
            department__kind=Department.Kind.SERVICE_CENTRE,
        ).values_list("department_id", flat=True)
    )


def day_queue(user: User, day: date | None = None) -> QuerySet[Booking]:
    """The day's bookings at the centres where ``user`` is a window clerk, in slot order
    (checked-in people by queue number within their slot); none for anyone else."""
    return (
        Booking.objects.filter(
            slot__centre_id__in=clerk_centres(user),
            slot__day=day or timezone.localdate(),
            status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN],
        )
        .select_related("slot__centre", "item", "applicant", "case")
        .order_by("slot__start", "queue_number", "pk")
    )
