from datetime import date

import pytest
import time_machine

from tests.market import world as market_world

# The plans of the world run from 1 March 2027; the tests plan on 1 February, whatever today is.
PLANNING = date(2027, 2, 1)


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(PLANNING):
        yield market_world.build()


@pytest.fixture
def case_world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return market_world.build_for_penalties()
