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
    """The world of penalty cases, in 2026 (its holidays are published): the benchmarks loaded,
    the joint plan drawn for March to June, a hearing officer and a legal reviewer."""
    from onewindow.accounts.models import Role
    from onewindow.market import benchmarks, inspections
    from onewindow.market.penalty_models import Band, BandLevel, Violation

    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(date(2026, 2, 2), tick=False):
        w = market_world.build(restaurants=6, shops=0)
        benchmarks.load()
        data = market_world.plan_data(w, starts_on="2026-03-01", ends_on="2026-06-30")
        plan = inspections.create_plan(actor=w.head, data=data)
        inspections.commit(plan, actor=w.head)
        w.plan = inspections.run_draw(plan, actor=w.head)
    w.host = market_world.official("th_hearing_officer", Role.ENFORCEMENT_OFFICER, market_world.TH)
    w.reviewer = market_world.official("th_legal", Role.LEGAL_REVIEWER, market_world.TH)
    w.violation = Violation.objects.get(department=w.th, code="SP-126-05")
    w.heavier = Band.objects.get(violation=w.violation, level=BandLevel.HEAVIER)
    return w
