import pytest

from tests.office import outgoing_world


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db):
    return outgoing_world.build()
