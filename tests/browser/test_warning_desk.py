"""The warning desk in a real browser, in Chinese and English, at 1280 and 375 px with axe: the
duty officer issues a blue typhoon warning for three districts, draws nothing, then raises it
to orange (in Chinese); the commander approves it (in English); the duty officer also draws an
area on the map by clicking, which fills the list of corners."""

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Role
from onewindow.emergency.models import Warning
from onewindow.registry import geo
from tests.browser.test_supervision_pages import english
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh

pytestmark = pytest.mark.browser


@pytest.fixture
def bureau(transactional_db, settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    geo.load_boundaries()
    geo.load_places()
    return {
        "duty": official("yj_duty", Role.DUTY_OFFICER, "440100-YJGL"),
        "commander": official("yj_commander", Role.COMMANDER, "440100-YJGL"),
    }


def test_issue_raise_and_approve_in_the_browser(shell, page, bureau):
    """The duty officer works in Chinese, the commander in English (one run, both languages)."""
    t = zh
    language = "zh-hans"
    sign_in(shell, page, *bureau["duty"], "/workbench/emergency/warnings/")
    shell.check(f"warning desk empty {language}")
    page.get_by_role("link", name=t("Issue a warning")).click()
    expect(page.locator("#warning-map .leaflet-interactive").first).to_be_attached()
    page.get_by_label(t("Hazard")).select_option("typhoon")
    page.get_by_label(t("Level")).select_option("blue")
    for code in ("440104", "440105", "440106"):
        page.locator(f"input[name=divisions][value='{code}']").check()
    page.get_by_label(t("Advice to the public (Chinese)")).fill("关好门窗，减少外出。")
    page.get_by_label(t("Advice to the public (English)")).fill("Close doors and windows.")
    shell.check(f"warning form {language}")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Issue the warning")).click()
    warning = Warning.objects.get()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert warning.level == "blue"
    shell.check(f"warning sent {language}")

    page.get_by_role("link", name=t("Update, raise or lower")).click()
    page.get_by_label(t("Raise the level")).check()
    page.locator("select[name=level]").select_option("orange")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Send the change")).click()
    warning.refresh_from_db()
    assert warning.level == "blue"  # waits for the commander

    page.context.clear_cookies()
    t, language = (lambda s: s), "en"
    sign_in(shell, page, *bureau["commander"], f"/workbench/emergency/warnings/{warning.number}/")
    english(page, shell)
    shell.goto(f"/workbench/emergency/warnings/{warning.number}/")
    shell.check(f"warning to approve {language}")
    page.get_by_label(t("Approve: send it now")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Record the decision")).click()
    warning.refresh_from_db()
    assert warning.level == "orange"
    expect(page.locator(".wl-orange").first).to_be_visible()


def test_an_area_drawn_by_clicking_the_map(shell, page, bureau):
    sign_in(shell, page, *bureau["duty"], "/workbench/emergency/warnings/new/")
    area = page.locator("#warning-map")
    expect(area.locator(".leaflet-interactive").first).to_be_attached()
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    for dx, dy in ((0.45, 0.45), (0.55, 0.45), (0.5, 0.55)):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    corners = page.locator("textarea[name=polygon]").input_value().splitlines()
    assert len(corners) == 3
    page.get_by_label(zh("Hazard")).select_option("geological")
    page.get_by_label(zh("Level")).select_option("yellow")
    page.get_by_label(zh("Advice to the public (Chinese)")).fill("远离山边。")
    page.get_by_label(zh("Advice to the public (English)")).fill("Keep away from slopes.")
    shell.check("warning drawn area")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Issue the warning")).click()
    warning = Warning.objects.get()
    assert len(warning.polygon) == 4


def test_an_incident_reported_up_in_the_browser(shell, page, bureau):
    """天河's duty officer records a flood and reports it to the city within its clock, in
    English; the city's duty officer acknowledges it, in Chinese (one run, both languages)."""
    t, language = (lambda s: s), "en"
    district = official("th_yj_duty", Role.DUTY_OFFICER, "440106-YJGL")
    sign_in(shell, page, *district, "/workbench/emergency/incidents/new/")
    english(page, shell)
    shell.goto("/workbench/emergency/incidents/new/")
    page.get_by_label(t("Class of event")).select_option("natural")
    page.get_by_label(t("Title (Chinese)")).fill("猎德涌水位上涨")
    page.get_by_label(t("What happened (Chinese)")).fill("沿岸两栋居民楼首层进水。")
    page.get_by_label(t("Latitude")).fill("23.119")
    page.get_by_label(t("Longitude")).fill("113.331")
    shell.check(f"incident form {language}")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Record the incident")).click()
    expect(page.locator(".ei-green")).to_be_visible()
    shell.check(f"incident recorded {language}")
    page.get_by_label(t("Report (what is known, what is being done)")).fill("已转移居民。")
    with page.expect_navigation():
        page.locator("form[action$='/report/'] button[type=submit]").click()
    expect(page.locator(".ei-done")).to_be_visible()

    page.context.clear_cookies()
    t, language = zh, "zh-hans"
    sign_in(shell, page, *bureau["duty"], "/workbench/emergency/incidents/")
    shell.check(f"incidents desk {language}")
    page.locator("#ei-ack ~ ul a, section[aria-labelledby=ei-ack] a").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Acknowledge the report (接报)")).click()
    shell.check(f"incident acknowledged {language}")
