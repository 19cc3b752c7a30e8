"""Proactive disclosure's public pages in a real browser, signed out: from the hall to the
disclosure home, a search with marked snippets, a repealed rule with its replacement, an agency's
guide and catalogue, in Chinese and English, at phone and desktop width, with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.core import divisions_data
from onewindow.core.models import Division
from onewindow.demo import disclosure_public
from onewindow.disclosure.models import Document, Validity

pytestmark = pytest.mark.browser


@pytest.fixture
def published(transactional_db):
    # Live-server tests flush every table afterwards, the migration-loaded division tree too.
    if not Division.objects.exists():
        divisions_data.load(Division)
    departments_data.load()
    disclosure_public.ensure()
    return Document.objects.filter(validity=Validity.REPEALED).select_related("replaced_by")[0]


def test_a_reader_finds_a_repealed_rule_and_its_replacement_in_both_languages(shell, published):
    page = shell.page
    shell.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="政府信息公开：规章文件、规划、预决算等").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开")
    expect(page.locator(".disclosure-categories > li")).to_have_count(15)
    shell.check("home-zh")

    page.get_by_label("关键词").fill(published.title)
    with page.expect_navigation():
        page.get_by_role("search").locator("button[type=submit]").click()
    first = page.locator(".disclosure-results > li").first
    expect(first.get_by_role("link")).to_have_text(published.title)
    expect(first.locator("mark").first).to_be_visible()
    shell.check("search-zh")

    with page.expect_navigation():
        first.get_by_role("link").click()
    expect(page.locator(".disclosure-ended")).to_contain_text("已废止")
    expect(page.locator(".disclosure-ended")).to_contain_text(published.replaced_by.index_number)
    expect(page.get_by_role("row", name=f"索引号 {published.index_number}")).to_be_visible()
    shell.check("repealed-zh")

    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(published.title_en)
    expect(page.locator(".disclosure-ended")).to_contain_text("Repealed")
    shell.check("repealed-en")

    with page.expect_navigation():
        page.locator(".disclosure-back a").click()
    expect(page.get_by_role("heading", name="Disclosure guide")).to_be_visible()
    expect(page.get_by_role("heading", name="Disclosure catalogue")).to_be_visible()
    shell.check("agency-en")

    shell.goto("/disclosure/search/?q=%E9%A2%84%E7%AE%97&category=nope")
    expect(page.locator("#id_category_error")).to_be_visible()
    page.problems.clear()  # the 400 is the answer expected here
    shell.check("search-error-en")
