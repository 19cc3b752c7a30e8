"""Appointments on the service hall: book a visit to a service centre, see, change or cancel
it, and download its calendar invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onewindow.accounts.models import Department
from onewindow.appointments import ics, selectors, services
from onewindow.appointments.models import Booking
from onewindow.catalog.models import ServiceItem

SLOTS_SHOWN = 60


def _errors(exc: ValidationError) -> list[str]:
    return [message for messages_ in exc.message_dict.values() for message in messages_]


@login_required
def book(request):
    """Choose the service, the centre and a time; one POST books it."""
    code = (request.POST.get("item") or request.GET.get("item") or "").strip()
    item = ServiceItem.objects.filter(code=code, published=True).first() if code else None
    centres = list(selectors.centres_for(code)) if item else []
    wanted = request.POST.get("centre") or request.GET.get("centre") or ""
    centre = next(
        (c for c in centres if c.code == wanted), centres[0] if len(centres) == 1 else None
    )
    errors: list[str] = []
    if request.method == "POST" and item and centre:
        try:
            booking = services.book(
                applicant=request.user,
                slot_id=request.POST.get("slot", ""),
                item_code=item.code,
                case_number=(request.POST.get("case") or "").strip(),
            )
        except ValidationError as exc:
            errors = _errors(exc)
        except PermissionDenied as exc:
            errors = [str(exc)]
        else:
            messages.success(
                request,
                _("Appointment %(reference)s booked. Add it to your calendar below.")
                % {"reference": booking.reference},
            )
            return redirect("portal:appointment", reference=booking.reference)
    return render(
        request,
        "portal/appointment_book.html",
        {
            "item": item,
            "code": code,
            "items": [] if item else _bookable_items(),
            "centres": centres,
            "centre": centre,
            "slots": list(selectors.open_slots(centre)[:SLOTS_SHOWN]) if centre else [],
            "case": (request.POST.get("case") or request.GET.get("case") or "").strip(),
            "errors": errors,
        },
    )


def _bookable_items():
    return (
        ServiceItem.objects.filter(
            published=True,
            instances__published=True,
            instances__service_centre__kind=Department.Kind.SERVICE_CENTRE,
        )
        .distinct()
        .order_by("code")
    )


@require_GET
@login_required
def mine(request):
    return render(
        request,
        "portal/my_appointments.html",
        {
            "bookings": list(
                selectors.bookings_of(request.user).order_by("-slot__day", "-slot__start")
            )
        },
    )


def _own(request, reference) -> Booking:
    booking = selectors.booking_of(request.user, reference)
    if booking is None:
        raise Http404(_("No such appointment."))
    return booking


@login_required
def detail(request, reference):
    booking = _own(request, reference)
    slots = []
    if booking.active:
        slots = [
            s
            for s in selectors.open_slots(booking.slot.centre)[:SLOTS_SHOWN]
            if s.pk != booking.slot_id
        ]
    return render(request, "portal/appointment.html", {"booking": booking, "slots": slots})


@require_POST
@login_required
def change(request, reference):
    _own(request, reference)
    try:
        services.change(
            applicant=request.user, reference=reference, slot_id=request.POST.get("slot", "")
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Your appointment is changed; the calendar invitation is updated.")
        )
    return redirect("portal:appointment", reference=reference)


@require_POST
@login_required
def cancel(request, reference):
    _own(request, reference)
    try:
        services.cancel(applicant=request.user, reference=reference)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Your appointment is cancelled."))
    return redirect("portal:appointment", reference=reference)


@require_GET
@login_required
def invitation(request, reference):
    """The iCalendar (RFC 5545) file; a cancelled booking gives its METHOD:CANCEL."""
    return ics.response(_own(request, reference))
