"""Booking through the service hall and the API, the invitation download, and the counter's
queue page with check-in."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from onewindow.appointments import services
from onewindow.appointments.models import Booking, BookingStatus
from tests.appointments.conftest import MONDAY, SINGLE, at, slot
from tests.cases.window_fixtures import clerk_of
from tests.factories import CitizenFactory

TUESDAY = MONDAY + timedelta(days=1)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def open_week(city, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    with at(MONDAY, 8):
        services.generate_slots()
    return city


def test_a_citizen_books_changes_and_cancels_on_the_service_hall(open_week):
    citizen = signed_in(CitizenFactory())
    first = slot(open_week, TUESDAY)
    with at(MONDAY, 9):
        page = citizen.get(reverse("portal:appointment-book"), {"item": SINGLE})
        assert page.status_code == 200
        assert f'value="{first.pk}"' in page.content.decode()
        booked = citizen.post(
            reverse("portal:appointment-book"),
            {"item": SINGLE, "centre": open_week.code, "slot": first.pk},
        )
        booking = Booking.objects.get()
        assert booked["Location"] == reverse("portal:appointment", args=[booking.reference])
        assert booking.reference in citizen.get(reverse("portal:my-appointments")).content.decode()
        invitation = citizen.get(reverse("portal:appointment-invitation", args=[booking.reference]))
        assert invitation["Content-Type"].startswith("text/calendar")
        assert icalendar.Calendar.from_ical(invitation.content)["METHOD"] == "PUBLISH"
        later = slot(open_week, TUESDAY, "14:00")
        citizen.post(
            reverse("portal:appointment-change", args=[booking.reference]), {"slot": later.pk}
        )
        booking.refresh_from_db()
        assert (booking.slot, booking.sequence) == (later, 1)
        citizen.post(reverse("portal:appointment-cancel", args=[booking.reference]))
        invitation = citizen.get(reverse("portal:appointment-invitation", args=[booking.reference]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert icalendar.Calendar.from_ical(invitation.content)["METHOD"] == "CANCEL"
    other = signed_in(CitizenFactory())
    assert other.get(reverse("portal:appointment", args=[booking.reference])).status_code == 404


def test_a_full_time_on_the_page_says_so_and_books_nothing(open_week):
    first = slot(open_week, TUESDAY)
    with at(MONDAY, 9):
        for _ in range(2):
            services.book(applicant=CitizenFactory(), slot_id=first.pk, item_code=SINGLE)
        answer = signed_in(CitizenFactory()).post(
            reverse("portal:appointment-book"),
            {"item": SINGLE, "centre": open_week.code, "slot": first.pk},
        )
    assert answer.status_code == 200
    assert Booking.objects.count() == 2


def test_the_api_books_and_answers_the_invitation(open_week):
    citizen = signed_in(CitizenFactory())
    first = slot(open_week, TUESDAY)
    with at(MONDAY, 9):
        centres = citizen.get("/api/v1/appointments/centres/", {"item": SINGLE}).json()
        assert [c["code"] for c in centres] == [open_week.code]
        slots = citizen.get("/api/v1/appointments/slots/", {"centre": open_week.code}).json()
        assert first.pk in [s["id"] for s in slots]
        made = citizen.post(
            "/api/v1/appointments/",
            {"slot": first.pk, "item": SINGLE},
            content_type="application/json",
        )
        assert made.status_code == 201, made.content
        reference = made.json()["reference"]
        wrong = citizen.post(
            "/api/v1/appointments/",
            {"slot": first.pk, "item": "440100-MZ-QR-107"},
            content_type="application/json",
        )
        assert wrong.status_code == 400
        assert "item" in wrong.json()
        cancelled = citizen.post(f"/api/v1/appointments/{reference}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["sequence"] == 1
    stranger = signed_in(CitizenFactory())
    assert stranger.post(f"/api/v1/appointments/{reference}/cancel/").status_code == 404
    assert stranger.get(f"/api/v1/appointments/{reference}/invitation.ics").status_code == 404


def test_the_counter_sees_todays_queue_and_checks_in(open_week):
    person = CitizenFactory()
    with at(MONDAY, 9):
        booking = services.book(
            applicant=person, slot_id=slot(open_week, TUESDAY).pk, item_code=SINGLE
        )
    clerk = signed_in(clerk_of(open_week, "centre-clerk"))
    with at(MONDAY, 17):  # planning the next working day: listed, no check-in yet
        ahead = clerk.get(reverse("workbench:queue"), {"day": TUESDAY.isoformat()})
        assert booking.reference in ahead.content.decode()
        assert "check-in" not in ahead.content.decode()
    with at(TUESDAY, 8, 50):
        page = clerk.get(reverse("workbench:queue"))
        assert booking.reference in page.content.decode()
        assert "check-in" in page.content.decode()
        clerk.post(reverse("workbench:check-in", args=[booking.reference]))
    booking.refresh_from_db()
    assert (booking.status, booking.queue_number) == (BookingStatus.CHECKED_IN, 1)
    assert signed_in(person).get(reverse("workbench:queue")).status_code == 403
