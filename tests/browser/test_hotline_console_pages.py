"""The 12345 phone console in a real browser, from the keyboard: an operator who also dispatches
takes a phone complaint from a registered caller, sees the classifier's proposal, confirms it
and dispatches in one submit; then searches the knowledge base. Axe passes at 1280 and 375 px
in Chinese and in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts import services as account_services
from onewindow.accounts.models import Department, Role
from onewindow.hotline import catalogue as hotline_categories
from onewindow.hotline import services
from onewindow.hotline.models import Category, Channel, Kind, Status, Ticket
from tests import catalogue_snapshot
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh
from tests.factories import CitizenFactory

pytestmark = pytest.mark.browser

CONSOLE = "/workbench/hotline/console/"
CENTRE = "440100-12345"


@pytest.fixture
def hotline_desk(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()  # a live-server flush empties the migration-loaded tables
    departments_data.load()
    catalogue_snapshot.load()
    hotline_categories.load()
    services.build_knowledge()
    user, device = official("hotline_operator", Role.HOTLINE_OPERATOR, CENTRE)
    account_services.assign_role(
        user=user, department=Department.objects.get(code=CENTRE), role=Role.DISPATCHER
    )
    caller = CitizenFactory(real_name="张晓明", phone="13912340001")
    earlier = services.report(
        channel=Channel.WEB,
        kind=Kind.HELP,
        title="路灯闪烁",
        description="家门口路灯一直闪烁",
        caller=caller,
    )
    return user, device, caller, earlier


def test_an_operator_takes_a_phone_complaint_and_dispatches_it(shell, page, hotline_desk):
    user, device, caller, earlier = hotline_desk
    sign_in(shell, page, user, device, CONSOLE)
    main = page.get_by_role("main")
    phone = page.get_by_label(zh("Caller's phone number"))
    expect(phone).to_be_focused()  # the call starts at the number
    shell.check("console")

    phone.press_sequentially(caller.phone)
    phone.press("Enter")  # looks the caller up
    expect(page.locator("#hc-caller")).to_contain_text("张*明")
    expect(page.locator("#hc-caller")).to_contain_text(earlier.number)
    expect(page.locator("#hc-caller")).not_to_contain_text("张晓明")

    expect(page.get_by_label(zh("Kind of request"))).to_be_focused()  # the next field
    page.get_by_label(zh("Kind of request")).select_option(Kind.COMPLAINT)
    page.keyboard.press("Alt+t")
    title = page.get_by_label(zh("Title"))
    expect(title).to_be_focused()
    title.press_sequentially("小区门口路灯不亮")
    page.keyboard.press("Tab")
    page.keyboard.type("天河路100号小区门口的路灯已经三个晚上不亮了，晚上走路很危险。")
    page.keyboard.press("Tab")
    page.keyboard.type("天河路100号")

    proposal = page.locator("#hc-proposal")
    expect(proposal.get_by_role("radio")).to_have_count(6)
    top = proposal.get_by_role("group", name=zh("Proposed category")).get_by_role("radio").first
    expect(top).to_be_checked()
    proposed = top.get_attribute("value")
    top_label = Category.objects.get(code=proposed).name
    expect(proposal).not_to_contain_text(re.compile(r"\b0\.\d"))
    expect(page.locator("#hc-proposal-status")).to_contain_text(top_label)
    shell.check("proposal")

    with page.expect_navigation():
        page.keyboard.press("Alt+s")  # take and dispatch, as proposed
    ticket = Ticket.objects.exclude(pk=earlier.pk).get()
    assert ticket.status == Status.DISPATCHED
    assert ticket.channel == Channel.PHONE
    assert ticket.category.code == proposed
    assert ticket.caller == caller
    assert ticket.proposal_corrected is False
    expect(main).to_contain_text(ticket.number)
    expect(page.get_by_label(zh("Caller's phone number"))).to_have_value("")
    shell.check("taken")

    page.keyboard.press("Alt+f")
    search = page.get_by_label(zh("Search the knowledge base"))
    expect(search).to_be_focused()
    search.press_sequentially("结婚登记")
    expect(page.locator("#hc-hits li").first).to_contain_text("结婚登记")
    expect(page.locator("#hc-hits-status")).not_to_be_empty()
    shell.check("knowledge")

    page.locator(".prefs").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("12345 phone console")
    shell.check("console-english")
