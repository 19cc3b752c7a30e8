"""A rectification ordered at an inspection, in a real browser at 375 and 1280 px with axe: the
inspector of 天河区市场监管局 reads the visit whose finding orders a hidden danger rectified by a
date (the date with its state in words), confirms the rectification at the review visit, and
the page says it was confirmed in time; then the page in English."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from onewindow.market import inspections
from onewindow.market.models import Finding, Result
from onewindow.supervision.models import Matter, State
from tests.browser.applying import sign_in
from tests.conftest import zh
from tests.market import world as market_world

pytestmark = pytest.mark.browser


@pytest.fixture
def ordered(transactional_db, settings, tmp_path):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    settings.MEDIA_ROOT = tmp_path
    world = market_world.build()
    visit = market_world.drawn_plan(world).inspections.order_by("rank").first()
    officer = market_world.member(visit, market_world.TH)
    with time_machine.travel(date(2027, 3, 10)):
        inspections.record_finding(visit, actor=officer, data={
            "result": Result.FOLLOW_UP, "description": "后厨燃气管道使用橡胶软管超过2米",
            "rectify_by": "2027-03-25"})  # fmt: skip
    return visit, officer


def test_the_inspector_confirms_the_rectification_at_the_review_visit(shell, page, live_server,
                                                                       ordered):  # fmt: skip
    visit, officer = ordered
    sign_in(page, live_server, officer, "zh-hans")
    shell.goto(f"/workbench/market/inspections/{visit.pk}/")
    expect(page.locator("time[datetime='2027-03-25']")).to_be_visible()
    shell.check("a finding ordered rectified by a date")
    page.get_by_label(zh("What the review visit found (复查)")).fill("复查：已更换为金属波纹管")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Confirm the rectification")).click()
    expect(page.get_by_text(zh("confirmed in time"))).to_be_visible()
    assert Finding.objects.get().rectified_at is not None
    assert Matter.objects.get(kind="inspection-rectification").state == State.CLOSED
    shell.check("the rectification confirmed")
    page.context.add_cookies([{"name": "django_language", "value": "en",
                               "url": shell.url("/")}])  # fmt: skip
    shell.goto(f"/workbench/market/inspections/{visit.pk}/")
    expect(page.get_by_text("confirmed in time")).to_be_visible()
    expect(page.locator(".due").first).to_contain_text("rectify by 25 March 2027")
    shell.check("the rectification confirmed, English")
