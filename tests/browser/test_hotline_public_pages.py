"""The hotline's public view in a real browser, signed out: the weekly statistics chart draws
under the strict CSP beside its table, and the published replies read well, in Chinese and in
English, at phone and desktop width, with axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from onewindow.core import divisions_data
from onewindow.core.models import Division
from onewindow.hotline.models import Category, Kind, Status, Ticket
from onewindow.hotline.public import last_complete_week
from onewindow.supervision import services as ledger
from tests.browser import charts
from tests.browser.charts import no_csp_violations, watch_csp
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def week_of_tickets(transactional_db):
    cache.clear()  # an ended week's figures are cached in the live server's process
    # Live-server tests flush every table afterwards, the migration-loaded division tree too.
    if not Division.objects.exists():
        divisions_data.load(Division)
    roads = DepartmentFactory(code="440100-TEST-CG", name="广州市城市管理和综合执法局（测试）")
    roads.name_en = "Urban Management Bureau (test)"
    roads.save()
    water = DepartmentFactory(code="440100-TEST-SW", name="广州市水务局（测试）")
    water.name_en = "Water Authority (test)"
    water.save()
    light = Category.objects.create(
        code="t-light", name="路灯不亮", name_en="Street light out", group="城市管理",
        department=roads, limit=5,
    )  # fmt: skip
    leak = Category.objects.create(
        code="t-leak", name="水管漏水", name_en="Water leak", group="水务",
        department=water, limit=3,
    )  # fmt: skip
    monday = last_complete_week().start + timedelta(hours=9)
    rows = [
        (light, 0, 2, 5, True, "天河路路灯不亮", "Street light out on Tianhe Road"),
        (light, 0, 3, 4, True, "体育西路路灯闪烁", ""),
        (light, 1, None, None, False, "花城大道路灯不亮", ""),
        (leak, 1, 2, 3, True, "中山大道水管漏水", "Water leak on Zhongshan Avenue"),
        (leak, 2, 9, 2, False, "黄埔大道水管爆裂", ""),
    ]
    for n, (category, start, close, score, public, title, title_en) in enumerate(rows):
        received = monday + timedelta(days=start)
        closed = received + timedelta(days=close) if close is not None else None
        number = f"BT{n:06d}"
        Ticket.objects.create(
            number=number, division_code="440106", channel="web", kind=Kind.COMPLAINT,
            category=category, title=title, description=title, caller_name="王测试",
            caller_phone="13900000000", received_at=received, lead_department=category.department,
            status=Status.CLOSED if closed else Status.HANDLING, public_allowed=public,
            reply="已安排维修，现已恢复正常。" if closed else "",
            reply_en="Repaired; back to normal." if closed else "", replied_at=closed,
            closed_at=closed, score=score,
        )  # fmt: skip
        ledger.track(
            kind="ticket", key=number, title=title, title_en=title_en,
            department=category.department, division_code="440106", started_at=received,
            unit="working_days", limit=category.limit,
        )  # fmt: skip
        if closed:
            ledger.close(kind="ticket", key=number, at=closed)


@pytest.fixture
def watched(page):
    return watch_csp(page)


def chart_drawn(page):
    return charts.chart_drawn(page, "#hotline-chart")


def test_the_weekly_statistics_draw_a_chart_beside_their_table_in_both_languages(
    shell, watched, week_of_tickets
):
    page = watched
    shell.goto("/hotline/statistics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("12345热线：每周统计")
    table = page.locator("table.hotline-stats-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.get_by_role("row", name="广州市城市管理和综合执法局（测试）")).to_contain_text(
        "路灯不亮 (3)"
    )
    chart_drawn(page)
    box = page.locator("#hotline-chart").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    no_csp_violations(page)
    shell.check("statistics-zh")

    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("12345 hotline: weekly statistics")
    expect(table.get_by_role("row", name="Urban Management Bureau (test)")).to_contain_text(
        "Street light out (3)"
    )
    chart_drawn(page)
    no_csp_violations(page)
    shell.check("statistics-en")

    # another week from the list: one without tickets says so and draws no chart
    page.get_by_role("combobox", name=re.compile(r"^Week")).select_option(index=25)
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("No tickets were received or closed in this week.")).to_be_visible()
    expect(page.locator("#hotline-chart")).to_have_count(0)


def test_the_published_replies_and_a_reply_in_both_languages(shell, watched, week_of_tickets):
    page = watched
    shell.goto("/hotline/replies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("12345热线：答复公开")
    expect(page.locator(".hotline-replies > li")).to_have_count(3)
    expect(page.get_by_text("黄埔大道水管爆裂")).to_have_count(0)  # not allowed to publish
    expect(page.get_by_text("王测试")).to_have_count(0)
    shell.check("replies-zh")

    with page.expect_navigation():
        page.get_by_role("link", name="天河路路灯不亮").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("天河路路灯不亮")
    expect(page.get_by_text("已安排维修，现已恢复正常。")).to_be_visible()
    shell.check("reply-zh")

    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_text("Repaired; back to normal.")).to_be_visible()
    shell.check("reply-en")
    shell.goto("/hotline/replies/")
    expect(page.get_by_role("link", name="Subscribe (Atom feed)")).to_be_visible()
    no_csp_violations(page)
    shell.check("replies-en")
