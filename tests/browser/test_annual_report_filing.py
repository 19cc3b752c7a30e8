"""Annual reports in a real browser: an enterprise put on the abnormal-operation list for not
filing its report on last year finds it on its page, files the late report on a phone (first
with a mistake the form names), and sees itself taken off. Every page axe-clean at 375 and
1280 px (shell.check). The live server runs on today's date: the report on last year is late
from 1 July, so the listing is taken today."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from onewindow.market import lists, reports
from onewindow.market.credit_models import AnnualReport, ListEntry, Removal
from tests.browser.applying import sign_in
from tests.browser.conftest import PHONE
from tests.conftest import zh
from tests.factories import EnterpriseFactory
from tests.market import world as market_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    settings.MEDIA_ROOT = tmp_path
    return market_world.build()  # every enterprise established in 2020


def test_a_listed_enterprise_files_late_on_a_phone_and_is_taken_off(
    shell, page, live_server, world
):
    today = timezone.localdate()
    year = today.year - 1
    assert today > reports.window(year)[1], "run after 30 June: the report on last year is late"
    assert lists.list_non_filers(year) > 0
    entity = world.restaurants[0]
    owner = EnterpriseFactory(uscc=entity.uscc, name=entity.name)
    entry = ListEntry.objects.get(entity=entity, year=year, removed_on=None)

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, owner, "zh-hans")
    shell.goto("/my/")
    shell.check("my page")
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Annual reports"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Annual reports"))
    expect(page.get_by_text(entry.basis).first).to_be_visible()
    expect(page.get_by_text(zh("On the list"), exact=True)).to_be_visible()
    shell.check("listed")

    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("link", name=zh("File the report on %(year)s") % {"year": year}).click()
    page.locator("#id_address").fill("广州市天河区体育西路1号首层")
    page.locator("#id_postal_code").fill("51062")  # one digit short
    page.locator("#id_phone").fill("020-38880000")
    page.locator("#id_operating_status").select_option("operating")
    page.locator("#id_employees").fill("12")
    page.locator("#id_employees_public").check()
    for field, amount in (
        ("total_assets", "85.20"),
        ("total_liabilities", "20.00"),
        ("revenue", "310.75"),
        ("net_profit", "-3.50"),
        ("tax_paid", "9.10"),
    ):
        page.locator(f"#id_{field}").fill(amount)
    page.locator("#id_website_1_name").fill("外卖店铺")
    page.locator("#id_website_1_url").fill("https://shop.example.com/th01")
    page.locator("#id_shareholder_1_name").fill("王志国")
    page.locator("#id_shareholder_1_subscribed").fill("5")
    page.locator("#id_shareholder_1_paid").fill("5")
    shell.check("form filled")

    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("button", name=zh("File the report")).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("#id_postal_code_error")).to_have_text(
        zh("Give the six digits of the postal code.")
    )
    expect(page.locator("#id_phone")).to_have_value("020-38880000")  # what was typed stays
    assert not AnnualReport.objects.exists()
    # the refused form comes back with 400, the answer expected here
    assert [p.split()[1] for p in page.problems] == ["400"]
    page.problems.clear()
    shell.check("postal code wrong")

    page.set_viewport_size(PHONE)
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_postal_code")).to_be_focused()
    page.locator("#id_postal_code").fill("510620")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("File the report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Annual reports"))
    with translation.override("zh-hans"):
        taken_off = translation.gettext(
            "You are taken off the abnormal-operation list (listed on %(day)s)."
        ) % {"day": date_format(entry.listed_on)}
    expect(page.get_by_text(taken_off)).to_be_visible()
    expect(page.get_by_text(zh("Taken off"), exact=True)).to_be_visible()
    shell.check("taken off")

    report = AnnualReport.objects.get(entity=entity, year=year)
    assert report.late
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal) == (today, Removal.FILED)
