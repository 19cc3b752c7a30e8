"""The citizen's 12345 pages in a real browser, with axe on every step: a caller without an
account reports a broken street light at 375 px in Chinese (the hall's home page, the landing
page, the standard-address lookup and the SMS code by htmx, a mistake shown in the error
summary, the confirmation with the number and code, the ticket); a signed-in citizen does the
same in English at 1280 px; then the citizen rates the reply 2 and reopens the ticket."""

import logging
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.hotline import catalogue, portal_selectors
from onewindow.hotline.models import Status, Ticket
from onewindow.registry import geo
from tests.browser.applying import sign_in
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import restore_migration_data
from tests.factories import CitizenFactory
from tests.portal.hotline_fixtures import Staff

pytestmark = pytest.mark.browser

CODE_RE = re.compile(r"\b(\d{6})\b")
RUNS = [("zh-hans", PHONE), ("en", DESKTOP)]
RUN_IDS = ["zh-hans-375", "en-1280"]


@pytest.fixture
def hall(transactional_db, settings, caplog):
    """Departments, categories, standard addresses, the hotline's staff; the SMS console."""
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    caplog.set_level(logging.INFO, logger="onewindow.notifications")
    restore_migration_data()
    departments_data.load()
    catalogue.load()
    geo.load_places()
    return Staff()


def sms_codes(caplog) -> list[str]:
    return [
        CODE_RE.search(r.getMessage()).group(1)
        for r in caplog.records
        if r.name == "onewindow.notifications" and r.getMessage().startswith("Text via")
    ]


def in_language(language):
    def t(msgid: str) -> str:
        with translation.override(language):
            return translation.gettext(msgid)

    return t


def label(t, msgid: str) -> re.Pattern:
    """A field's label, with or without the required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(t(msgid))}\s*\*?\s*$")


@pytest.mark.parametrize(("language", "size"), RUNS, ids=RUN_IDS)
def test_a_citizen_reports_a_broken_street_light_on_the_web(
    shell, page, live_server, hall, caplog, language, size
):
    t = in_language(language)
    anonymous = language == "zh-hans"  # the phone run has no account: SMS code
    if anonymous:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    else:
        sign_in(page, live_server, CitizenFactory(), language)

    def look(step: str) -> None:
        shell.check(f"{language} {size['width']} {step}")
        page.set_viewport_size(size)

    page.set_viewport_size(size)
    main = page.get_by_role("main")
    shell.goto("/")
    with page.expect_navigation():
        main.get_by_role(
            "link", name=t("12345 citizen hotline: questions, help, complaints")
        ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("12345 citizen hotline"))
    expect(main.get_by_role("link", name="120")).to_have_attribute("href", "tel:120")
    look("landing")

    with page.expect_navigation():
        main.get_by_role("link", name=t("Report online")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Report to 12345"))
    look("form")

    page.get_by_label(t("Complaint"), exact=True).check()
    page.get_by_label(label(t, "Subject")).select_option("street-light")
    page.get_by_label(label(t, "Title")).fill("中山七路42号门前路灯不亮")
    page.get_by_label(label(t, "What happened?")).fill("路灯坏了一个星期，晚上很黑，行人不安全。")
    page.get_by_label(label(t, "Address")).fill("中山七路")
    main.get_by_role("button", name=t("Find address")).click()
    choice = page.get_by_label(re.compile("中山七路42号"))
    expect(choice).to_be_visible()
    assert page.url == shell.url("/hotline/report/")  # htmx swapped the addresses in
    choice.check()
    page.get_by_label(t("Keep my name from the department")).check()
    look("address-found")

    if anonymous:
        page.get_by_label(label(t, "Mobile phone")).fill("13800138000")
        main.get_by_role("button", name=t("Send code")).click()
        expect(page.locator("#code-status")).to_contain_text("138****8000")
        (code,) = sms_codes(caplog)
        # Sent without the code: the error summary names the field and its link focuses it.
        with page.expect_navigation():
            main.get_by_role("button", name=t("Send to 12345"), exact=True).click()
        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_focused()
        look("missing-code")
        summary.get_by_role("link").first.click()
        expect(page.get_by_label(label(t, "SMS verification code"))).to_be_focused()
        page.get_by_label(label(t, "SMS verification code")).fill(code)
        # the address chosen is still chosen after the round trip
        expect(page.get_by_label(re.compile("中山七路42号"))).to_be_checked()

    with page.expect_navigation():
        main.get_by_role("button", name=t("Send to 12345"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your report has been received"))
    ticket = Ticket.objects.get()
    assert ticket.category.code == "street-light"
    assert ticket.anonymous
    assert "中山七路42号" in ticket.address
    assert ticket.latitude is not None
    expect(page.locator(".hotline-number")).to_have_text(ticket.number)
    expect(page.locator(".hotline-code")).to_have_text(portal_selectors.lookup_code(ticket.number))
    look("reported")

    with page.expect_navigation():
        main.get_by_role("link", name=t("See the ticket")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("中山七路42号门前路灯不亮")
    expect(main).to_contain_text(t("Ticket received."))
    look("ticket")


@pytest.mark.parametrize(("language", "size"), RUNS, ids=RUN_IDS)
def test_the_citizen_rates_the_reply_2_and_reopens_the_ticket(
    shell, page, live_server, hall, language, size
):
    from onewindow.hotline import services

    t = in_language(language)
    citizen = CitizenFactory()
    ticket = services.report(
        channel="web",
        kind="complaint",
        title="中山七路42号门前路灯不亮",
        description="路灯坏了一个星期。",
        address="广州市荔湾区 中山七路42号",
        caller=citizen,
    )
    hall.reply(ticket.number, "路灯已于今日修复。")
    sign_in(page, live_server, citizen, language)

    def look(step: str) -> None:
        shell.check(f"{language} {size['width']} {step}")
        page.set_viewport_size(size)

    page.set_viewport_size(size)
    main = page.get_by_role("main")
    shell.goto("/my/tickets/")
    expect(main.get_by_role("heading", name=re.compile(t("Replies to rate")))).to_be_visible()
    look("my-tickets")
    with page.expect_navigation():
        main.get_by_role("link", name="中山七路42号门前路灯不亮").first.click()
    expect(main).to_contain_text("路灯已于今日修复。")
    look("replied")

    page.get_by_label(t("2 – Dissatisfied")).check()
    page.get_by_label(t("Comment (optional)")).fill("晚上还是不亮。")
    with page.expect_navigation():
        main.get_by_role("button", name=t("Send rating")).click()
    expect(page.get_by_role("heading", name=t("Your rating"))).to_be_visible()
    look("rated-2")

    # Reopening without a reason is refused on the field; then with one.
    with page.expect_navigation():
        main.get_by_role("button", name=t("Reopen the ticket")).click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    look("reopen-without-reason")
    page.get_by_label(label(t, "Why is the matter not solved?")).fill("路灯晚上仍然不亮。")
    with page.expect_navigation():
        main.get_by_role("button", name=t("Reopen the ticket")).click()
    expect(main).to_contain_text(t("Reopened: the citizen was not satisfied."))
    ticket.refresh_from_db()
    assert ticket.status == Status.HANDLING
    assert ticket.reopen_count == 1
    look("reopened")
