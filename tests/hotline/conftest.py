"""The hotline's world: departments, the categories file, the 12345 centre's staff, a 城管
handler, a second department's official, a supervisor and two citizens."""

import pytest

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.hotline import catalogue
from onewindow.hotline.models import Category
from tests.conftest import restore_migration_data
from tests.factories import CitizenFactory, OfficialFactory


class World:
    pass


def _official(username, role, code):
    return OfficialFactory(
        username=username, role=role, department=Department.objects.get(code=code)
    )


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    """Officials sign in with force_login; the TOTP step is proven in the workbench tests."""
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db):
    restore_migration_data()
    departments_data.load()
    catalogue.load()
    w = World()
    w.operator = _official("op", Role.HOTLINE_OPERATOR, "440100-12345")
    w.dispatcher = _official("disp", Role.DISPATCHER, "440100-12345")
    w.centre_head = _official("centrehead", Role.HEAD, "440100-12345")
    w.handler = _official("cg", Role.REVIEWER, "440100-CG")
    w.transport = _official("jt", Role.REVIEWER, "440100-JT")
    w.market = _official("scjg", Role.REVIEWER, "440100-SCJG")
    w.supervisor = _official("sup", Role.SUPERVISOR, "440100-ZWFW")
    w.district_supervisor = _official("sup106", Role.SUPERVISOR, "440106-ZWFW")
    w.citizen = CitizenFactory()
    w.other_citizen = CitizenFactory()
    w.light = Category.objects.get(code="street-light")
    w.consumer = Category.objects.get(code="consumer-dispute")
    return w
