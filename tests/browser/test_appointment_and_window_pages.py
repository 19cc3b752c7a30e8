"""The central window and appointments in a real browser, in Chinese: a citizen books a visit
to the city centre and sees it under "My appointments"; the centre's clerk plans the next
working day's queue and opens walk-in intake. Each page passes axe at both widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Role
from onewindow.appointments import services as appointments
from onewindow.appointments.models import Booking
from tests import catalogue_snapshot
from tests.browser.test_registry_pages import sign_in_applicant
from tests.browser.test_workbench_pages import official, sign_in
from tests.cases.window_fixtures import CITY_CENTRE, centre, instance
from tests.conftest import restore_migration_data, zh
from tests.factories import CitizenFactory

pytestmark = pytest.mark.browser

SINGLE = "440100-WJ-XK-121"


@pytest.fixture
def city(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()
    here = centre()
    at_centre = instance(SINGLE, here)
    appointments.set_week(centre=here, periods=[(w, "09:00", "10:00", 4) for w in range(5)])
    appointments.generate_slots()
    clerk = official("centre_clerk", Role.WINDOW_CLERK, CITY_CENTRE)
    return here, at_centre, clerk


def test_a_citizen_books_and_the_centre_plans_its_day(shell, page, city):
    here, at_centre, (clerk, device) = city
    citizen = CitizenFactory()
    sign_in_applicant(shell, page, citizen, f"/appointments/new/?item={SINGLE}")
    expect(page.get_by_role("main")).to_contain_text(here.name)
    shell.check("book")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=zh("Book")).click()
    booking = Booking.objects.get()
    expect(page.get_by_role("main")).to_contain_text(booking.reference)
    shell.check("appointment")
    shell.goto("/my/appointments/")
    shell.check("my-appointments")
    page.context.clear_cookies()

    # the day of the slot booked (the next working day, or today when booked after midnight)
    queue = f"/workbench/queue/?day={booking.slot.day.isoformat()}"
    sign_in(shell, page, clerk, device, queue)
    expect(page.get_by_role("main")).to_contain_text(booking.reference)
    shell.check("queue")
    shell.goto("/workbench/window/")
    shell.check("walk-in-items")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=at_centre.item.name).click()
    expect(page.get_by_role("main")).to_contain_text(zh("Consent"))
    shell.check("walk-in-form")
