"""Search in a real browser: an everyday word or pinyin finds the right service first, and the
suggestion list appears while typing, at 1280 px and 375 px, in Chinese and English."""

import re

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.core import divisions_data
from onewindow.core.models import Division
from tests import catalogue_snapshot
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(transactional_db):
    # Live-server tests flush every table afterwards, the migration-loaded division tree too.
    if not Division.objects.exists():
        divisions_data.load(Division)
    departments_data.load()
    catalogue_snapshot.load()


def type_and_see_suggestions(page, text: str):
    box = page.get_by_role("combobox")
    box.click()
    box.press_sequentially(text, delay=60)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    return box, listbox


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_everyday_word_suggests_and_finds_marriage_registration_first(
    shell, page, catalogue, size
):
    page.set_viewport_size(size)
    shell.goto("/services/")
    box, listbox = type_and_see_suggestions(page, "扯证")
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("内地居民结婚登记")
    expect(first).to_contain_text("扯证 → 结婚登记")
    shell.check(f"suggestions-zh-{size['width']}")

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "search-suggestion-1")
    with page.expect_navigation():
        box.press("Enter")
    expect(page).to_have_url(re.compile(r"/services/440100-MZ-QR-107/$"))


def test_the_results_page_groups_the_matches_and_says_why(shell, page, catalogue):
    shell.goto("/services/")
    page.get_by_role("combobox").fill("社保卡丢了")
    with page.expect_navigation():
        page.get_by_role("button", name="搜索", exact=True).click()
    first = page.locator(".results .item-row").first
    expect(first.get_by_role("link")).to_have_text("社会保障卡申领")
    expect(first.locator(".match-why")).to_contain_text("社保卡丢了 → 社保卡挂失补换")
    expect(page.get_by_role("heading", name="最佳匹配")).to_be_visible()
    shell.check("results-zh")

    shell.goto("/services/?q=结昏登记")
    expect(page.locator(".search-correction")).to_contain_text("结婚登记")
    expect(page.locator(".results .item-row h3 a").first).to_have_text("内地居民结婚登记")
    shell.check("did-you-mean-zh")

    shell.goto("/services/?q=zzqxj")
    expect(page.get_by_role("link", name="领证")).to_be_visible()
    shell.check("nothing-found-zh")


def test_pinyin_in_english_suggests_and_finds_marriage_registration(shell, page, catalogue):
    shell.goto("/services/")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        shell.goto("/services/")
        _box, listbox = type_and_see_suggestions(page, "jhdj")
        expect(listbox.get_by_role("option").first).to_contain_text(
            "Marriage registration for mainland residents"
        )
        shell.check(f"suggestions-en-{size['width']}")
    with page.expect_navigation():
        page.get_by_role("combobox").press("Enter")  # no option chosen: the form is submitted
    first = page.locator(".results .item-row").first
    expect(first.get_by_role("link")).to_have_text("Marriage registration for mainland residents")
    expect(first.locator(".match-why")).to_contain_text("Pinyin: jhdj")
    shell.check("results-en")
