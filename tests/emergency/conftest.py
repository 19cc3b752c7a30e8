import pytest

from tests.emergency import world as emergency_world


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db):
    return emergency_world.build()
