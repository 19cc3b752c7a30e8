"""Fixtures for appointments: the city centre with a weekly template and a service it handles."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from onewindow.appointments import services
from onewindow.appointments.models import Slot
from tests.cases.window_fixtures import centre, instance

SINGLE = "440100-WJ-XK-121"
SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 2)


def at(day: date, hour: int = 10, minute: int = 0):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]


@pytest.fixture
def city(catalogue):
    """The city centre, handling SINGLE, open weekdays 09:00–10:00 and 14:00–15:00 for 2."""
    here = centre()
    instance(SINGLE, here)
    services.set_week(
        centre=here,
        periods=[(w, "09:00", "10:00", 2) for w in range(5)]
        + [(w, "14:00", "15:00", 2) for w in range(5)],
    )
    return here


def slot(centre, day: date, start: str = "09:00") -> Slot:
    return Slot.objects.get(centre=centre, day=day, start=time.fromisoformat(start))
