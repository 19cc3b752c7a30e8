"""Registration in a real browser, in Chinese: the SMS code is sent with htmx and read off the
development console (the log channel), a wrong code is a field error, the right one signs in.
"""

import logging
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from onewindow.accounts import services
from onewindow.accounts.models import User
from onewindow.core.identifiers import generate_id_number
from tests.conftest import zh

pytestmark = pytest.mark.browser

CODE_RE = re.compile(r"\b(\d{6})\b")
PASSWORD = "Register-pass-2026"


def label(msgid: str) -> re.Pattern:
    """A field's label in Chinese, with or without the required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(zh(msgid))}\s*\*?\s*$")


@pytest.fixture
def console(caplog, settings, transactional_db):
    """Codes the log channel wrote; the live server runs in this process, so caplog sees them."""
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    caplog.set_level(logging.INFO, logger="onewindow.notifications")

    def codes() -> list[str]:
        return [
            CODE_RE.search(r.getMessage()).group(1)
            for r in caplog.records
            if r.name == "onewindow.notifications" and r.getMessage().startswith("Text via")
        ]

    return codes


def test_a_citizen_registers_with_the_sms_code_in_chinese(shell, page, console):
    main = page.get_by_role("main")
    shell.goto("/login/")
    with page.expect_navigation():
        main.get_by_role("link", name=zh("Register")).click()
    expect(page).to_have_url(shell.url("/register/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Register"))
    shell.check("empty")

    # Choosing the account type swaps the identity fields in place (htmx).
    page.get_by_label(zh("Enterprise (legal person)")).check()
    expect(page.get_by_label(label("Unified social credit code"))).to_be_visible()
    expect(page.get_by_label(label("ID number"))).to_have_count(0)
    shell.check("enterprise-fields")
    page.get_by_label(zh("Citizen (natural person)")).check()
    expect(page.get_by_label(label("ID number"))).to_be_visible()

    id_number = generate_id_number("440106", date(1991, 7, 1))
    page.get_by_label(label("Real name")).fill("李小华")
    page.get_by_label(label("ID number")).fill(id_number)
    page.get_by_label(label("Username")).fill("li.xiaohua")
    page.get_by_label(label("Mobile phone")).fill("13800138000")
    main.get_by_role("button", name=zh("Send code")).click()
    status = page.locator("#code-status")
    expect(status).to_contain_text("138****8000")
    assert page.url == shell.url("/register/")  # the page stayed; only the status changed
    shell.check("code-sent")
    (code,) = console()

    wrong = f"{(int(code) + 1) % 10**6:06d}"
    page.get_by_label(label("SMS verification code")).fill(wrong)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label(label("Confirm password")).fill(PASSWORD)
    with page.expect_navigation():
        main.get_by_role("button", name=zh("Register"), exact=True).click()
    code_input = page.get_by_label(label("SMS verification code"))
    expect(code_input).to_have_attribute("aria-invalid", "true")
    expect(code_input).to_have_accessible_description(re.compile(r"4"))
    expect(page.get_by_label(label("Real name"))).to_have_value("李小华")
    expect(page.get_by_label(label("Password"))).to_have_value("")
    shell.check("wrong-code")

    code_input.fill(code)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label(label("Confirm password")).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label(label("Confirm password")).press("Enter")  # Enter registers too

    expect(page).to_have_url(shell.url("/account/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("My account"))
    expect(main).to_contain_text(id_number[:4] + "*" * 10 + id_number[-4:])
    expect(main).to_contain_text("138****8000")
    shell.check("registered")
    assert User.objects.get(username="li.xiaohua").real_name == "李小华"


def test_a_citizen_signs_in_with_an_sms_code_in_chinese(shell, page, console):
    services.register_citizen(
        username="chen.xiaoyu",
        password=PASSWORD,
        real_name="陈小雨",
        id_number=generate_id_number("440104", date(1985, 2, 3)),
        phone="13900139000",
    )
    main = page.get_by_role("main")
    shell.goto("/login/")
    shell.check("login-links")
    with page.expect_navigation():
        main.get_by_role("link", name=zh("Sign in with an SMS code")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Sign in with an SMS code"))
    shell.check("empty")

    page.get_by_label(label("Mobile phone")).fill("139 0013 9000")
    main.get_by_role("button", name=zh("Send code")).click()
    expect(page.locator("#code-status")).to_contain_text("139****9000")
    shell.check("code-sent")
    (code,) = console()

    page.get_by_label(label("SMS verification code")).fill(code)
    with page.expect_navigation():
        main.get_by_role("button", name=zh("Sign in"), exact=True).click()
    expect(page).to_have_url(shell.url("/account/"))
    expect(main).to_contain_text("chen.xiaoyu")
