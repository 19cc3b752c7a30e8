"""Two people booking the last place at the same moment: one gets it, the other is told the
time is full (PostgreSQL, real threads and connections; the slot row is locked)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from onewindow.accounts import departments_data
from onewindow.appointments import services
from onewindow.appointments.models import Booking
from tests import catalogue_snapshot
from tests.appointments.conftest import MONDAY, SINGLE, at, slot
from tests.cases.test_concurrent_join import run_together
from tests.cases.window_fixtures import centre, instance
from tests.conftest import restore_migration_data
from tests.factories import CitizenFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def one_place(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are proven on PostgreSQL")
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()
    here = centre()
    instance(SINGLE, here)
    services.set_week(centre=here, periods=[(1, "09:00", "10:00", 1)])
    with at(MONDAY):
        services.generate_slots()
    return slot(here, MONDAY + timedelta(days=1))


def test_two_bookings_of_the_last_place_give_one_booking(one_place):
    people = [CitizenFactory(), CitizenFactory()]
    with at(MONDAY):
        errors = run_together(
            *(
                lambda p=p: services.book(applicant=p, slot_id=one_place.pk, item_code=SINGLE)
                for p in people
            )
        )
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "slot" in errors[0].message_dict
    assert Booking.objects.filter(slot=one_place).count() == 1
    one_place.refresh_from_db()
    assert one_place.booked == 1
