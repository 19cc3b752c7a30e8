"""The economic indicators page in a real browser: the ECharts line chart draws under the strict
CSP, at desktop and phone width, in Chinese and in English, and the form works."""

import re

import pytest
from playwright.sync_api import expect

from onewindow.core import divisions_data
from onewindow.core.models import Division
from onewindow.registry.indicators import load_indicators
from tests.browser import charts
from tests.browser.charts import no_csp_violations, watch_csp
from tests.conftest import zh

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(transactional_db):
    # Live-server tests flush every table afterwards, the migration-loaded division tree too.
    if not Division.objects.exists():
        divisions_data.load(Division)
    load_indicators()


@pytest.fixture
def watched(page):
    return watch_csp(page)


def chart_drawn(page):
    return charts.chart_drawn(page, "#trend-chart")


def test_the_city_gdp_draws_as_a_line_chart_beside_its_table(shell, watched, figures):
    page = watched
    shell.goto("/data/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Economic indicators"))
    expect(page.get_by_role("heading", level=2)).to_have_text("地区生产总值 · 广州市")
    expect(page.locator("table tbody tr")).to_have_count(10)
    expect(page.get_by_role("row", name="2023")).to_contain_text("30355.73")
    chart = chart_drawn(page)
    # The tooltip draws on the canvas, so hovering adds no inline style.
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    no_csp_violations(page)
    shell.check("indicators-zh")

    page.set_viewport_size({"width": 375, "height": 812})
    # A function, not an expression string: Playwright polls a string with eval(), which the
    # page's CSP (rightly) blocks whenever the first check is not already true.
    page.wait_for_function(
        "() => document.querySelector('#trend-chart canvas').getBoundingClientRect().width <= 375"
    )
    page.set_viewport_size({"width": 1280, "height": 800})


def test_choosing_an_indicator_and_an_area_without_script_errors(shell, watched, figures):
    page = watched
    shell.goto("/data/indicators/")
    page.get_by_role("combobox", name=re.compile(rf"^{zh('Area')}\s*\*?$")).select_option("440106")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Show")).click()
    expect(page.get_by_role("heading", level=2)).to_have_text("地区生产总值 · 天河区")
    expect(page.locator("table tbody tr")).to_have_count(3)
    chart_drawn(page)
    no_csp_violations(page)
    shell.check("indicators-tianhe")


def test_the_page_in_english_labels_the_chart_in_english(shell, watched, figures):
    page = watched
    shell.goto("/data/indicators/?indicator=resident-population&division=440100")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2)).to_have_text("Resident population · Guangzhou")
    expect(page.get_by_role("columnheader").last).to_have_text(
        "Resident population (10,000 persons)"
    )
    chart_drawn(page)
    no_csp_violations(page)
    shell.check("indicators-en")
