"""Every change of an appointment, each one transaction with an audit-chain entry.

Slots come from each centre's weekly template for the coming working days (``core.clock``
says which days are working days, holidays and 调休 included). The applicant books, changes
or cancels until the cut-off; the centre's window clerk checks the person in and gives a
queue number; the day before, a reminder goes out once.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.appointments import selectors
from onewindow.appointments.models import (
    Booking,
    BookingStatus,
    QueueSequence,
    Slot,
    SlotTemplate,
)
from onewindow.cases import selectors as case_selectors
from onewindow.cases.errors import CaseNotFound
from onewindow.core import audit
from onewindow.core import services as core_services
from onewindow.core.clock import WorkingCalendar
from onewindow.notifications import services as notifications

DAYS_AHEAD = 10  # working days of slots kept open for booking
# Changes and cancellations close this long before the slot starts: the window plans its day.
CHANGE_CUTOFF = timedelta(hours=2)


def _is_working_day(calendar: WorkingCalendar, day: date) -> bool:
    """A working day by the calendar; the clock takes a year not yet published Monday to
    Friday (DESIGN §3: booking never stops at year end)."""
    return calendar.is_working_day(day)


def working_days_ahead(start: date, count: int, calendar: WorkingCalendar | None = None):
    """The first ``count`` working days after ``start`` (the start day not counted)."""
    calendar = calendar or WorkingCalendar()
    day, found = start, []
    for _step in range(count * 4 + 14):
        day += timedelta(days=1)
        if _is_working_day(calendar, day):
            found.append(day)
            if len(found) == count:
                break
    return found


@transaction.atomic
def generate_slots(*, days: int = DAYS_AHEAD, today: date | None = None, actor=None) -> int:
    """Slots from every active template for today and the next ``days`` working days; slots
    already there are kept as they are (their bookings too). Returns how many were made."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    wanted = ([today] if _is_working_day(calendar, today) else []) + working_days_ahead(
        today, days, calendar
    )
    templates = list(SlotTemplate.objects.filter(active=True, centre__kind="service_centre"))
    made = 0
    for day in wanted:
        for template in templates:
            if template.weekday != day.weekday():
                continue
            _slot, created = Slot.objects.get_or_create(
                centre_id=template.centre_id,
                day=day,
                start=template.start,
                defaults={"end": template.end, "capacity": template.capacity},
            )
            made += created
    if made:
        audit.record(
            "appointments.slots_generated",
            object_type="slots",
            object_id=today.isoformat(),
            actor=actor,
            data={"slots": made, "days": len(wanted)},
        )
    return made


def _starts_at(slot: Slot) -> datetime:
    return timezone.make_aware(datetime.combine(slot.day, slot.start))


def _params(booking: Booking) -> dict:
    slot, centre = booking.slot, booking.slot.centre
    return {
        "reference": booking.reference,
        "item": booking.item.name,
        "centre": centre.name,
        "address": centre.address or centre.name,
        "day": slot.day.isoformat(),
        "start": f"{slot.start:%H:%M}",
        "end": f"{slot.end:%H:%M}",
    }


def _notify(booking: Booking, kind: str) -> None:
    notifications.notify(
        booking.applicant,
        kind=kind,
        params=_params(booking),
        link=f"/my/appointments/{booking.reference}/",
        case_number=booking.case.number if booking.case_id else "",
    )


def _record(action: str, booking: Booking, actor, **data) -> None:
    audit.record(
        action,
        object_type="booking",
        object_id=booking.reference,
        actor=actor,
        data={
            "status": booking.status,
            "slot": booking.slot_id,
            "sequence": booking.sequence,
            **data,
        },
    )


def _locked_slot(slot_id, field: str = "slot") -> Slot:
    """The slot row locked until the transaction ends: its count is what decides a place."""
    slot = (
        Slot.objects.select_for_update(of=("self",))
        .select_related("centre")
        .filter(pk=slot_id)
        .first()
        if str(slot_id).isdigit()
        else None
    )
    if slot is None:
        raise ValidationError({field: [_("Choose one of the offered times.")]})
    return slot


def _take_place(slot: Slot, field: str = "slot") -> None:
    if _starts_at(slot) <= timezone.now():
        raise ValidationError({field: [_("This time has passed; choose a later one.")]})
    if slot.booked >= slot.capacity:
        raise ValidationError({field: [_("This time is fully booked; choose another.")]})
    Slot.objects.filter(pk=slot.pk).update(booked=F("booked") + 1)
    slot.booked += 1


def _free_place(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _require_applicant(user: User) -> None:
    if not user.is_authenticated or user.is_official:
        raise PermissionDenied(_("Only citizens and enterprises book appointments."))


@transaction.atomic
def book(*, applicant: User, slot_id, item_code: str, case_number: str = "") -> Booking:
    """Take one place in a slot for a service the slot's centre handles (and the applicant's
    own case, if named)."""
    _require_applicant(applicant)
    slot = _locked_slot(slot_id)
    errors: dict[str, list[str]] = {}
    item = selectors.centre_items(slot.centre).filter(code=item_code).first()
    if item is None:
        errors["item"] = [_("This service centre does not handle this service.")]
    case = None
    if case_number:
        try:
            case = case_selectors.case_for(applicant, case_number)
        except CaseNotFound:
            errors["case"] = [_("You have no case with this number.")]
    if errors:
        raise ValidationError(errors)
    if Booking.objects.filter(
        applicant=applicant,
        item=item,
        status=BookingStatus.BOOKED,
        slot__day__gte=timezone.localdate(),
    ).exists():
        raise ValidationError(
            {"item": [_("You already have an appointment for this service; change it instead.")]}
        )
    _take_place(slot)
    booking = Booking.objects.create(
        reference=f"YY{slot.day:%y%m%d}{secrets.token_hex(3).upper()}",
        slot=slot,
        applicant=applicant,
        item=item,
        case=case,
        booked_at=timezone.now(),
    )
    _notify(booking, "appointment.booked")
    _record("appointment.booked", booking, applicant, item=item.code)
    return booking


def _locked_booking(applicant: User, reference: str) -> Booking:
    booking = (
        selectors.bookings_of(applicant)
        .select_for_update(of=("self",))
        .filter(reference=reference)
        .first()
    )
    if booking is None:
        raise Booking.DoesNotExist(reference)
    return booking


def _before_cutoff(booking: Booking) -> None:
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(
            {
                "booking": [
                    _("This appointment is %(status)s.") % {"status": booking.get_status_display()}
                ]
            }
        )
    if timezone.now() > _starts_at(booking.slot) - CHANGE_CUTOFF:
        raise ValidationError(
            {
                "booking": [
                    _(
                        "Appointments can be changed or cancelled until %(hours)d hours before "
                        "they start."
                    )
                    % {"hours": CHANGE_CUTOFF.seconds // 3600}
                ]
            }
        )


@transaction.atomic
def change(*, applicant: User, reference: str, slot_id) -> Booking:
    """Move the booking to another slot of the same centre; the invitation's SEQUENCE grows."""
    _require_applicant(applicant)
    booking = _locked_booking(applicant, reference)
    _before_cutoff(booking)
    if str(slot_id) == str(booking.slot_id):
        raise ValidationError({"slot": [_("Choose a different time.")]})
    slot = _locked_slot(slot_id)
    if slot.centre_id != booking.slot.centre_id:
        raise ValidationError({"slot": [_("Choose a time at the same service centre.")]})
    _take_place(slot)
    _free_place(booking.slot_id)
    old = booking.slot_id
    booking.slot = slot
    booking.sequence += 1
    booking.changed_at = timezone.now()
    booking.reminded_at = None
    booking.save(update_fields=["slot", "sequence", "changed_at", "reminded_at"])
    _notify(booking, "appointment.changed")
    _record("appointment.changed", booking, applicant, previous_slot=old)
    return booking


@transaction.atomic
def cancel(*, applicant: User, reference: str) -> Booking:
    """Give the place back; the invitation becomes a METHOD:CANCEL with a higher SEQUENCE."""
    _require_applicant(applicant)
    booking = _locked_booking(applicant, reference)
    _before_cutoff(booking)
    Slot.objects.select_for_update().filter(pk=booking.slot_id).first()
    _free_place(booking.slot_id)
    booking.status = BookingStatus.CANCELLED
    booking.sequence += 1
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "sequence", "cancelled_at"])
    _notify(booking, "appointment.cancelled")
    _record("appointment.cancelled", booking, applicant)
    return booking


@transaction.atomic
def check_in(*, clerk: User, reference: str) -> Booking:
    """The person arrived: a window clerk of the centre gives today's next queue number."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__centre", "item", "applicant")
        .filter(reference=reference)
        .first()
    )
    if booking is None or booking.slot.centre_id not in selectors.clerk_centres(clerk):
        raise PermissionDenied(_("Only a window clerk of the booked service centre checks in."))
    if booking.slot.day != timezone.localdate():
        raise ValidationError({"booking": [_("This appointment is not for today.")]})
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(
            {
                "booking": [
                    _("This appointment is %(status)s.") % {"status": booking.get_status_display()}
                ]
            }
        )
    booking.queue_number = core_services.take_next(
        QueueSequence, centre=booking.slot.centre, day=booking.slot.day
    )
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = timezone.now()
    booking.save(update_fields=["queue_number", "status", "checked_in_at"])
    _record("appointment.checked_in", booking, clerk, queue_number=booking.queue_number)
    return booking


def send_reminders(*, today: date | None = None) -> int:
    """Remind everyone booked for tomorrow, once each (run daily; running it again sends
    nothing new). Each reminder is its own transaction. Returns how many were sent."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    due = Booking.objects.filter(
        status=BookingStatus.BOOKED, slot__day=tomorrow, reminded_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("slot__centre", "item", "applicant", "case")
                .filter(pk=pk, status=BookingStatus.BOOKED, reminded_at__isnull=True)
                .first()
            )
            if booking is None:
                continue
            booking.reminded_at = timezone.now()
            booking.save(update_fields=["reminded_at"])
            _notify(booking, "appointment.reminder")
            _record("appointment.reminded", booking, None)
            sent += 1
    return sent


@transaction.atomic
def set_week(*, centre: Department, periods: list[tuple[int, str, str, int]], actor=None) -> int:
    """A centre's weekly template: (weekday, start, end, capacity) rows replace the old ones."""
    if centre.kind != Department.Kind.SERVICE_CENTRE:
        raise ValidationError({"centre": [_("Only a service centre takes appointments.")]})
    SlotTemplate.objects.filter(centre=centre).delete()
    rows = [
        SlotTemplate(centre=centre, weekday=w, start=s, end=e, capacity=c) for w, s, e, c in periods
    ]
    for row in rows:
        row.full_clean(exclude=["centre"])
    SlotTemplate.objects.bulk_create(rows)
    audit.record(
        "appointments.week_set",
        object_type="department",
        object_id=centre.code,
        actor=actor,
        data={"periods": len(rows)},
    )
    return len(rows)
