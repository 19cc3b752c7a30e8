"""The early warnings in a real browser, in Chinese and English at 1280 and 375 px, with axe:
the banner on the hall's home page, the list with its map (district boundaries filled in the
level's colour and a drawn area, no tiles) and the table saying the same, one warning with its
history of CAP alerts, and the warnings on a resident's own page."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from onewindow.core.models import Division
from onewindow.emergency import services
from onewindow.emergency.models import Change
from onewindow.portal.warning_views import level_words
from tests.conftest import restore_migration_data, zh
from tests.emergency import world as emergency_world
from tests.emergency.world import BAIYUN, HAIZHU, TIANHE, YUEXIU, typhoon
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

ORANGE, YELLOW = "#f28c28", "#ffd83d"  # warnings.css
TYPHOON_ORANGE = {
    "headline": "广州市台风橙色预警",
    "headline_en": "Typhoon orange warning for Guangzhou",
}
# around 白云大道北 172号 (a standard address: a drawn area reaches the people living in it)
BAIYUN_RING = [[23.19, 113.32], [23.19, 113.34], [23.21, 113.34], [23.21, 113.32]]


@pytest.fixture
def warnings_world(transactional_db, settings):
    """An orange typhoon warning over three districts (raised from blue, approved), a yellow
    rainstorm warning drawn over part of 白云, and a fog warning cancelled."""
    settings.ONEWINDOW_REQUIRE_OTP = False
    w = emergency_world.build()
    blue = services.issue(w.officer, department=w.yj, data=typhoon())
    raised = services.change(
        w.officer,
        blue.warning,
        change=Change.RAISE,
        data=typhoon(level="orange", **TYPHOON_ORANGE),
        note="风力增强",
    )
    services.approve(w.commander, raised)
    w.typhoon = blue.warning
    rain = {
        "hazard": "rainstorm",
        "level": "yellow",
        "headline": "白云大道北一带暴雨黄色预警",
        "headline_en": "Rainstorm yellow warning around Baiyun Avenue North",
        "advice": "远离低洼地带和山洪易发区域。",
        "advice_en": "Keep away from low-lying ground and gullies.",
        "divisions": [],
        "polygon": BAIYUN_RING,
    }
    services.issue(w.qx_officer, department=w.qx, data=typhoon(**rain))
    fog = services.issue(
        w.qx_officer,
        department=w.qx,
        data=typhoon(hazard="fog", level="yellow", headline="大雾黄色预警", headline_en=""),
    )
    services.cancel(w.qx_officer, fog.warning, note="大雾消散")
    w.fog = fog.warning
    return w


def words(level: str, language: str) -> str:
    with translation.override(language):
        return level_words(level)


def english(page, shell) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": shell.url("/")}])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_public_reads_the_warnings_on_a_map_and_one_warning(
    shell, page, warnings_world, language
):
    def text(msgid: str) -> str:
        return zh(msgid) if language == "zh-hans" else msgid

    if language == "en":
        english(page, shell)
    typhoon_headline = TYPHOON_ORANGE["headline" if language == "zh-hans" else "headline_en"]

    shell.goto("/")
    banner = page.locator("section.warning-banner")
    expect(banner.get_by_role("link")).to_have_count(3)  # two warnings and "all warnings"
    expect(banner.locator(".wl-badge").first).to_contain_text(words("orange", language))
    shell.check(f"warnings-home-{language}")

    with page.expect_navigation():
        banner.get_by_role("link", name=text("All warnings, on a map")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("Early warnings"))
    cards = page.locator("article.wcard")
    expect(cards).to_have_count(2)
    expect(cards.first).to_have_class("wcard wl-edge-orange")  # the highest level first
    the_map = page.locator("#warnings-map")
    expect(the_map).to_have_attribute("data-ready", "true")
    paths = the_map.locator("path.leaflet-interactive")
    expect(paths).to_have_count(12)  # eleven districts and the drawn area
    expect(the_map.locator(f"path[fill='{ORANGE}']")).to_have_count(3)
    expect(the_map.locator(f"path[fill='{YELLOW}']")).not_to_have_count(0)
    expect(the_map.locator("path[stroke-dasharray]")).to_have_count(1)
    assert page.locator(".leaflet-tile").count() == 0  # no tiles
    table = page.locator("table.wtable")
    for code in (YUEXIU, HAIZHU, TIANHE, BAIYUN):  # 白云 in part, by the drawn area
        division = Division.objects.get(code=code)
        name = division.name if language == "zh-hans" else division.name_en or division.name
        expect(table.locator("tbody th", has_text=name)).to_have_count(1)
    ended = page.locator("#ended-title + ul")
    expect(ended.locator(f"a[href='/warnings/{warnings_world.fog.number}/']")).to_have_count(1)
    shell.check(f"warnings-list-{language}")

    with page.expect_navigation():
        cards.first.get_by_role("link", name=typhoon_headline).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(typhoon_headline)
    expect(the_map).to_have_attribute("data-ready", "true")
    expect(the_map.locator(f"path[fill='{ORANGE}']")).to_have_count(3)
    history = page.locator("table.whistory tbody tr")
    expect(history).to_have_count(2)
    expect(history.last).to_contain_text("风力增强")
    expect(history.last.get_by_role("link")).to_have_attribute(
        "href", f"/warnings/cap/{warnings_world.typhoon.number}.2.xml"
    )
    shell.check(f"warnings-one-{language}")


def test_a_resident_sees_the_warnings_where_they_live_on_their_page(shell, page, warnings_world):
    english(page, shell)
    shell.goto("/login/?next=/my/")
    page.fill("[name=username]", "hz0")
    page.fill("[name=password]", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
    panel = page.locator("section.my-warnings")
    expect(panel.locator("article.wcard")).to_have_count(1)
    expect(panel).to_contain_text(TYPHOON_ORANGE["headline_en"])
    expect(panel).to_contain_text(words("orange", "en"))
    expect(panel).not_to_contain_text("Baiyun")
    shell.check("warnings-my-page-en")


def test_nothing_in_force_shows_no_banner_and_no_map(shell, page, transactional_db):
    restore_migration_data()
    shell.goto("/")
    expect(page.locator("section.warning-banner")).to_have_count(0)
    shell.goto("/warnings/")
    expect(page.locator("#warnings-map")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(zh("No warning is in force at the moment."))
    shell.check("warnings-none-zh-hans")
