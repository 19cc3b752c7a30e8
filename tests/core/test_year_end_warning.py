"""Administrators who keep the working calendar are warned from 1 November until next year's
holiday arrangement is entered: on the admin's home and in the workbench (DESIGN.md §3)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from onewindow.accounts.models import Role
from onewindow.core import services
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
WARNING = "calendar-warning"


def on(month: int, day: int):
    return time_machine.travel(datetime(2026, month, day, 9, tzinfo=SHANGHAI))


def signed_in(role: str) -> Client:
    client = Client()
    client.force_login(OfficialFactory(role=role))
    return client


@pytest.fixture(autouse=True)
def _no_2027(settings, unpublished_year):
    settings.ONEWINDOW_REQUIRE_OTP = False  # the second factor is proven in the access tests
    unpublished_year(2027)


@pytest.mark.parametrize("page", ["/admin/", "/workbench/"])
def test_the_calendar_keeper_is_warned_from_the_first_of_november_until_entry(page):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    with on(10, 31):
        assert WARNING not in client.get(page).content.decode()
    with on(11, 1):
        warned = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert WARNING in warned
    assert "The holiday arrangement for 2027 is not entered yet." in warned
    with on(12, 5):
        services.set_calendar_year(year=2027, published=True, source="国办发明电〔2026〕")
        assert WARNING not in client.get(page).content.decode()


@pytest.mark.parametrize(
    ("role", "page"),
    [(Role.AUDIT_ADMINISTRATOR, "/admin/"), (Role.REVIEWER, "/workbench/")],
)
def test_those_who_cannot_enter_the_calendar_are_not_warned(role, page):
    client = signed_in(role)
    with on(12, 5):
        response = client.get(page)
    assert response.status_code == 200
    assert WARNING not in response.content.decode()
