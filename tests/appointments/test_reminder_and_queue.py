"""The day before, each booked person is reminded once; on the day, the centre's clerk sees the
queue and checks people in with a queue number."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command

from onewindow.appointments import selectors, services
from onewindow.appointments.models import BookingStatus
from onewindow.notifications.models import Notification
from tests.appointments.conftest import MONDAY, SINGLE, at, slot
from tests.cases.window_fixtures import TIANHE_CENTRE, centre, clerk_of
from tests.factories import CitizenFactory

TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def two_booked(city):
    people = [CitizenFactory(), CitizenFactory()]
    with at(MONDAY, 8):
        services.generate_slots()
        bookings = [
            services.book(applicant=p, slot_id=slot(city, TUESDAY).pk, item_code=SINGLE)
            for p in people
        ]
    return bookings


def test_the_reminder_goes_out_once_the_day_before(two_booked):
    with at(MONDAY, 18):
        call_command("send_appointment_reminders")
        call_command("send_appointment_reminders")
        assert services.send_reminders() == 0
    for booking in two_booked:
        reminders = Notification.objects.filter(
            recipient=booking.applicant, kind="appointment.reminder"
        )
        assert reminders.count() == 1
        assert booking.reference in reminders.get().params["reference"]


def test_no_reminder_for_a_cancelled_booking(two_booked):
    first, _second = two_booked
    with at(MONDAY, 12):
        services.cancel(applicant=first.applicant, reference=first.reference)
    with at(MONDAY, 18):
        assert services.send_reminders() == 1
    assert not Notification.objects.filter(
        recipient=first.applicant, kind="appointment.reminder"
    ).exists()


def test_the_clerk_sees_the_days_queue_and_checks_people_in(two_booked, city):
    clerk = clerk_of(city, "centre-clerk")
    other = clerk_of(centre(TIANHE_CENTRE, "440106", "440106-ZWFW"), "tianhe-clerk")
    with at(TUESDAY, 8, 45):
        queue = list(selectors.day_queue(clerk))
        assert [b.reference for b in queue] == [b.reference for b in two_booked]
        assert not selectors.day_queue(other).exists()
        second = services.check_in(clerk=clerk, reference=two_booked[1].reference)
        first = services.check_in(clerk=clerk, reference=two_booked[0].reference)
    assert (second.queue_number, first.queue_number) == (1, 2)
    assert first.status == BookingStatus.CHECKED_IN
