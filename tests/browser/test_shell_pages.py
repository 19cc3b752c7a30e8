"""The public shell in a real browser: language, large-text mode, calculator, sign-in, keyboard.

Every page visited is scanned with axe-core and photographed at desktop and phone size
(``shell.check``, see conftest.py). Texts are looked up through Django's own catalogues,
so the tests follow the translations instead of copying them.
"""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from onewindow.accounts import services
from onewindow.core.calendar_seed import seed as seed_calendar
from onewindow.core.identifiers import generate_id_number
from onewindow.core.models import CalendarDay, CalendarYear
from tests.conftest import zh

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")
HOME_TITLE = "OneWindow government service hall"


def label(msgid: str) -> re.Pattern:
    """A field's label in Chinese, with or without the required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(zh(msgid))}\s*\*?\s*$")


def root_font_px(page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2])


def cookie(page, name: str) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == name), None)


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_home_is_simplified_chinese_by_default_and_the_header_button_switches_language(shell, page):
    html, h1 = page.locator("html"), page.get_by_role("heading", level=1)
    header = page.get_by_role("banner")

    shell.goto("/")
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(h1).to_have_text(zh(HOME_TITLE))
    assert CJK.search(h1.inner_text()), f"home heading is not in Chinese: {h1.inner_text()!r}"
    shell.check("zh-hans")

    click_and_wait(page, header.get_by_role("button", name="English"))
    expect(html).to_have_attribute("lang", "en")
    expect(h1).to_have_text(HOME_TITLE)
    shell.check("en")

    # The choice is remembered on the next page.
    shell.goto("/deadline/")
    expect(html).to_have_attribute("lang", "en")
    expect(h1).to_have_text("Deadline calculator")
    shell.check("en-next-page")

    click_and_wait(page, header.get_by_role("button", name="简体中文"))
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(shell.url("/deadline/"))
    expect(h1).to_have_text(zh("Deadline calculator"))


def test_large_text_mode_enlarges_the_root_font_is_remembered_and_turns_off(shell, page):
    html = page.locator("html")
    # The toggle is the button of the header form that posts to the care-mode preference.
    care_form = page.get_by_role("banner").locator(f"form[action='{reverse('portal:care-mode')}']")
    care_button = care_form.get_by_role("button")

    shell.goto("/")
    expect(html).not_to_have_class(re.compile(r"\bcare\b"))
    expect(care_button).to_have_attribute("aria-pressed", "false")
    normal_px = root_font_px(page)

    click_and_wait(page, care_button)
    expect(html).to_have_class(re.compile(r"\bcare\b"))
    expect(care_button).to_have_attribute("aria-pressed", "true")
    assert root_font_px(page) > normal_px
    assert cookie(page, "ow_care") == "1"
    shell.check("care-on")

    shell.goto("/deadline/")
    expect(html).to_have_class(re.compile(r"\bcare\b"))
    assert root_font_px(page) > normal_px
    shell.check("care-on-next-page")

    click_and_wait(page, care_button)
    expect(page).to_have_url(shell.url("/deadline/"))
    expect(html).not_to_have_class(re.compile(r"\bcare\b"))
    expect(care_button).to_have_attribute("aria-pressed", "false")
    assert root_font_px(page) == normal_px
    assert cookie(page, "ow_care") == "0"


@pytest.fixture
def calendar_2026(transactional_db):
    """The calendar seeded by migration 0003 (flushed after any earlier transactional test)."""
    if not CalendarYear.objects.filter(year=2026, published=True).exists():
        seed_calendar(CalendarDay, CalendarYear)


def test_deadline_calculator_skips_the_national_day_holiday(shell, page, calendar_2026):
    shell.goto("/deadline/")
    shell.check("empty")
    page.get_by_label(label("Start date")).fill("2026-09-30")
    page.get_by_label(label("Time limit in working days")).fill("1")
    click_and_wait(page, page.get_by_role("button", name=zh("Calculate")))

    result = page.get_by_role("region", name=zh("Result"))
    expect(result).to_be_visible()
    # After 1–7 October 2026, in the one date format of the page's language.
    expect(result.locator("strong")).to_have_text("2026年10月8日")
    shell.check("result")


def test_deadline_calculator_without_working_days_shows_a_field_error_and_no_result(
    shell, page, calendar_2026
):
    shell.goto("/deadline/")
    page.get_by_label(label("Start date")).fill("2026-09-30")
    days = page.get_by_label(label("Time limit in working days"))
    days.fill("")
    click_and_wait(page, page.get_by_role("button", name=zh("Calculate")))

    expect(days).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error")).to_have_text([zh("This field is required.")])
    expect(page.get_by_role("region", name=zh("Result"))).to_have_count(0)
    expect(page.get_by_label(label("Start date"))).to_have_value("2026-09-30")
    shell.check("field-error")


def test_deadline_help_text_and_field_error_are_announced_with_their_inputs(
    shell, page, calendar_2026
):
    """Every aria-describedby names an element that exists, so screen readers read it."""
    shell.goto("/deadline/?start=2026-09-30&working_days=")
    broken = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
            el.getAttribute('aria-describedby').split(/\\s+/)
              .filter(id => id && !document.getElementById(id))
              .map(id => `${el.name || el.id}: #${id}`))"""
    )
    assert not broken, f"aria-describedby points at missing elements: {broken}"
    days = page.get_by_label(label("Time limit in working days"))
    expect(days).to_have_accessible_description(
        re.compile(re.escape(zh("This field is required.")))
    )


def test_citizen_signs_in_and_sees_the_account_page_with_the_id_number_masked(shell, page):
    id_number = generate_id_number("440106", date(1990, 1, 1))
    password = "Citizen-pass-2026"
    services.register_citizen(
        username="wang.xiaoming",
        password=password,
        real_name="王小明",
        id_number=id_number,
        phone="13800138000",
    )

    shell.goto("/login/?next=/account/")  # without a next, a citizen lands on /my/
    shell.check("form")
    page.get_by_label(label("Username")).fill("wang.xiaoming")
    page.get_by_label(label("Password")).fill(password)
    click_and_wait(page, page.get_by_role("main").get_by_role("button", name=zh("Sign in")))

    expect(page).to_have_url(shell.url("/account/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("My account"))
    masked = id_number[:4] + "*" * 10 + id_number[-4:]
    main = page.get_by_role("main")
    expect(main).to_contain_text(masked)
    expect(main).to_contain_text("138****8000")
    assert id_number not in page.content()
    assert "13800138000" not in page.content()
    shell.check("account")


def test_first_tab_focuses_the_skip_link_and_activating_it_moves_focus_to_main(shell, page):
    shell.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=zh("Skip to main content"))
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    shell.check("skip-link-focused")

    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(page).to_have_url(shell.url("/#main"))
    shell.check("main-focused")


def test_axe_scan_runs_under_the_sites_csp_and_reports_an_injected_violation(shell, page):
    """Guards the helper: a scan that silently found nothing would pass every page."""
    shell.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    found = {v["id"]: v["impact"] for v in shell.violations()}
    assert found.get("label") == "critical", found


def test_a_missing_page_is_a_page_of_the_platform(shell, page):
    response = shell.goto("/no/such/page/")
    assert response.status == 404
    page.problems.remove(f"HTTP 404 {shell.url('/no/such/page/')}")  # the answer expected
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Page not found"))
    expect(page.get_by_role("link", name=zh("Back to the home page"))).to_be_visible()
    shell.check("404")
