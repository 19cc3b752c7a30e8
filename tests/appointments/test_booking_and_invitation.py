"""An applicant books a place at a service centre, changes or cancels it, and each time gets an
iCalendar (RFC 5545) invitation that calendar programs read: parsed here with the `icalendar`
package and, independently, with `vobject`."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import pytest
import vobject
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.appointments import ics, selectors, services
from onewindow.appointments.models import Booking, BookingStatus
from onewindow.core.clock import WorkingCalendar
from onewindow.notifications.models import Notification
from tests.appointments.conftest import MONDAY, SHANGHAI, SINGLE, at, slot
from tests.factories import CitizenFactory, OfficialFactory

TUESDAY = MONDAY + timedelta(days=1)


def parsed(booking: Booking):
    """The invitation read by two parsers the project did not write."""
    data = ics.invitation(booking)
    return icalendar.Calendar.from_ical(data), vobject.readOne(data.decode())


@pytest.fixture
def booked(city):
    applicant = CitizenFactory()
    with at(MONDAY):
        services.generate_slots()
        booking = services.book(
            applicant=applicant, slot_id=slot(city, TUESDAY).pk, item_code=SINGLE
        )
    return booking


def test_a_booking_gives_a_calendar_invitation_both_parsers_read(booked, city):
    with at(MONDAY):
        calendar, card = parsed(booked)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["UID"]) == f"{booked.uid}@onewindow"
    assert event.decoded("DTSTART") == datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert "DTSTAMP" in event
    assert int(event["SEQUENCE"]) == 0
    assert city.address in str(event["LOCATION"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    # vobject: the same event, its times in Shanghai time
    vevent = card.vevent
    assert vevent.uid.value == str(event["UID"])
    assert vevent.dtstart.value.utcoffset() == timedelta(hours=8)
    assert vevent.dtstart.value.replace(tzinfo=None) == datetime(2026, 11, 3, 9, 0)
    assert card.vtimezone.tzid.value == "Asia/Shanghai"
    # the applicant is told, with a link to the appointment page
    notice = Notification.objects.get(recipient=booked.applicant, kind="appointment.booked")
    assert notice.link == f"/my/appointments/{booked.reference}/"


def test_a_full_slot_is_refused(booked, city):
    with at(MONDAY):
        services.book(applicant=CitizenFactory(), slot_id=booked.slot_id, item_code=SINGLE)
        with pytest.raises(ValidationError) as refused:
            services.book(applicant=CitizenFactory(), slot_id=booked.slot_id, item_code=SINGLE)
    assert "slot" in refused.value.message_dict
    assert slot(city, TUESDAY).booked == 2


def test_a_change_moves_the_place_and_increments_the_sequence(booked, city):
    later = slot(city, TUESDAY, "14:00")
    with at(MONDAY):
        changed = services.change(
            applicant=booked.applicant, reference=booked.reference, slot_id=later.pk
        )
        calendar, card = parsed(changed)
    event = calendar.walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"{booked.uid}@onewindow"
    assert event.decoded("DTSTART") == datetime(2026, 11, 3, 14, 0, tzinfo=SHANGHAI)
    assert card.vevent.sequence.value == "1"
    assert (slot(city, TUESDAY).booked, slot(city, TUESDAY, "14:00").booked) == (0, 1)


def test_a_cancellation_is_a_cancel_invitation_and_frees_the_place(booked, city):
    with at(MONDAY):
        services.cancel(applicant=booked.applicant, reference=booked.reference)
        booked.refresh_from_db()
        calendar, card = parsed(booked)
    assert booked.status == BookingStatus.CANCELLED
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)
    assert card.method.value == "CANCEL"
    assert slot(city, TUESDAY).booked == 0


def test_changes_close_two_hours_before_the_start(booked):
    with at(TUESDAY, 7, 30), pytest.raises(ValidationError) as late:
        services.cancel(applicant=booked.applicant, reference=booked.reference)
    assert "booking" in late.value.message_dict
    booked.refresh_from_db()
    assert booked.status == BookingStatus.BOOKED


def test_nobody_else_can_change_cancel_or_check_in_a_booking(booked, city):
    other = CitizenFactory()
    with at(MONDAY):
        with pytest.raises(Booking.DoesNotExist):
            services.cancel(applicant=other, reference=booked.reference)
        with pytest.raises(PermissionDenied):
            services.book(applicant=OfficialFactory(), slot_id=booked.slot_id, item_code=SINGLE)
    assert selectors.booking_of(other, booked.reference) is None
    with at(TUESDAY, 9), pytest.raises(PermissionDenied):
        services.check_in(clerk=OfficialFactory(), reference=booked.reference)


def test_a_service_the_centre_does_not_handle_cannot_be_booked(booked, city):
    with at(MONDAY), pytest.raises(ValidationError) as refused:
        services.book(
            applicant=CitizenFactory(), slot_id=booked.slot_id, item_code="440100-MZ-QR-107"
        )
    assert "item" in refused.value.message_dict


def test_slots_are_made_for_working_days_only(city):
    with at(date(2026, 9, 28)):
        services.generate_slots(days=8)
    days = sorted({s.day for s in city.slots.all()})
    calendar = WorkingCalendar()
    working = [date(2026, 9, 28), *services.working_days_ahead(date(2026, 9, 28), 8)]
    # today and the next eight working days, on the weekdays the template covers: the make-up
    # working day Saturday 10 October (调休) has no Saturday period at this centre
    assert date(2026, 10, 10) in working
    assert days == [day for day in working if day.weekday() < 5]
    assert all(calendar.is_working_day(day) for day in days)
    assert date(2026, 10, 1) not in days  # National Day
    with at(date(2026, 9, 28)):
        assert services.generate_slots(days=8) == 0  # already there: nothing new
