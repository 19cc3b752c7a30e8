"""Real-name registration in a real browser, in Chinese and English: the SMS code is sent with
htmx and read off the development console (the log channel), a wrong code is a field error, the
right one signs in; an enterprise's legal representative registers it, an agent asks it for
authorization and it confirms; a person whose identity someone else registered is sent to the
window, where a clerk reclaims it in the workbench.
"""

import logging
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data, services
from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.models import AgentAuthorization, Role, User
from onewindow.core.identifiers import generate_id_number
from tests.browser.test_workbench_pages import official, sign_in
from tests.cases.conftest import pdf_bytes
from tests.conftest import zh
from tests.identity import entity_record, person_record

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
    person_record("李小华", id_number)
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


def english(page, shell):
    """Switch the interface to English with the banner's language button."""
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_legal_representative_registers_the_enterprise_in_english(shell, page, console):
    rep_id = generate_id_number("440106", date(1979, 4, 4))
    entity = entity_record(person_record("黄大海", rep_id), name="广州市海港贸易有限公司")
    main = page.get_by_role("main")
    shell.goto("/register/?kind=enterprise")
    english(page, shell)
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    main.get_by_label("Enterprise name").fill(entity.name)
    main.get_by_label("Unified social credit code").fill(entity.uscc)
    main.get_by_label("Legal representative's name").fill("黄大海")
    # A wrong representative first: the registry says who may register the enterprise.
    main.get_by_label("Legal representative's ID number").fill(
        generate_id_number("440106", date(1990, 1, 1))
    )
    main.get_by_label(re.compile(r"^\s*Username")).fill("haigang")
    main.get_by_label(re.compile(r"^\s*Mobile phone")).fill("13700137000")
    main.get_by_role("button", name="Send code").click()
    expect(page.locator("#code-status")).to_contain_text("137****7000")
    (code,) = console()
    main.get_by_label(re.compile(r"^\s*SMS verification code")).fill(code)
    main.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    main.get_by_label(re.compile(r"^\s*Confirm password")).fill(PASSWORD)
    with page.expect_navigation():
        main.get_by_role("button", name="Register", exact=True).click()
    rep = main.get_by_label("Legal representative's ID number")
    expect(rep).to_have_attribute("aria-invalid", "true")
    shell.check("not-the-representative")

    rep.fill(rep_id)
    main.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    main.get_by_label(re.compile(r"^\s*Confirm password")).fill(PASSWORD)
    with page.expect_navigation():
        main.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_url(shell.url("/account/"))
    expect(main).to_contain_text(entity.uscc)
    shell.check("registered")


def test_an_agent_asks_and_the_enterprise_confirms(
    shell, page, browser, live_server, settings, console, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rep_id = generate_id_number("440106", date(1979, 4, 4))
    entity = entity_record(person_record("黄大海", rep_id), name="广州市海港贸易有限公司")
    identity_services.register_enterprise(
        username="haigang",
        password=PASSWORD,
        name=entity.name,
        uscc=entity.uscc,
        phone="13700137000",
        representative_name="黄大海",
        representative_id_number=rep_id,
    )
    agent_id = generate_id_number("440104", date(1995, 8, 8))
    person_record("林小燕", agent_id)
    identity_services.register_citizen(
        username="lin.xiaoyan",
        password=PASSWORD,
        real_name="林小燕",
        id_number=agent_id,
        phone="13600136000",
    )
    main = page.get_by_role("main")
    shell.goto("/login/?next=/account/")  # without a next, a citizen lands on /my/
    page.get_by_label(label("Username")).fill("lin.xiaoyan")
    page.get_by_label(label("Password")).fill(PASSWORD)
    with page.expect_navigation():
        main.get_by_role("button", name=zh("Sign in"), exact=True).click()
    with page.expect_navigation():
        main.get_by_role(
            "link", name=zh("Real-name verification, agents and reclaimed identity")
        ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("My identity"))
    shell.check("agent-empty")
    main.get_by_label(label("Enterprise name")).fill(entity.name)
    main.get_by_label(label("Unified social credit code")).fill(entity.uscc)
    main.get_by_label(label("Authorization letter")).set_input_files(
        {"name": "委托书.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("委托")}
    )
    with page.expect_navigation():
        main.get_by_role("button", name=zh("Send the request")).click()
    expect(main).to_contain_text(zh("Awaiting the enterprise"))
    shell.check("agent-requested")

    context = page.context
    context.clear_cookies()
    shell.goto("/login/")
    english(page, shell)
    main.get_by_label(re.compile(r"^\s*Username")).fill("haigang")
    main.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    with page.expect_navigation():
        main.get_by_role("button", name="Sign in", exact=True).click()
    shell.goto("/account/identity/")
    expect(main).to_contain_text("林小燕")
    expect(main.get_by_role("link", name="委托书.pdf")).to_be_visible()
    shell.check("enterprise-pending")
    with page.expect_navigation():
        main.get_by_role("button", name="Confirm").click()
    expect(main).to_contain_text("The agent is confirmed.")
    shell.check("enterprise-confirmed")
    assert AgentAuthorization.objects.get().status == "confirmed"


def test_a_person_reclaims_an_identity_someone_else_registered(shell, page, console):
    """Online the page sends the person to the window (Chinese); there the clerk checks the ID
    card and reclaims the identity in the workbench (English); the person signs in by SMS."""
    id_number = generate_id_number("440106", date(1986, 10, 10))
    person_record("郭明", id_number)
    identity_services.register_citizen(
        username="taker",
        password=PASSWORD,
        real_name="郭明",
        id_number=id_number,
        phone="13700137000",
    )
    departments_data.load()
    clerk, device = official("ga_clerk", Role.WINDOW_CLERK, "440100-GA")
    main = page.get_by_role("main")
    shell.goto("/register/")
    with page.expect_navigation():
        main.get_by_role("link", name=zh("Reclaim your identity")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Reclaim your identity"))
    expect(main.get_by_role("heading", level=2)).to_have_text(
        zh("Reclaim it at a service hall window")
    )
    expect(main.get_by_label(label("Password"))).to_have_count(0)
    shell.check("window-only")

    # At the window: the clerk signs in, switches to English and opens the reclaim page.
    page.context.clear_cookies()
    sign_in(shell, page, clerk, device, "/workbench/")
    english(page, shell)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Workbench").get_by_role(
            "link", name="Identity reclaim at the window"
        ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Identity reclaim at the window")
    shell.check("window-empty")
    main.get_by_label(re.compile(r"^\s*Real name")).fill("郭明")
    main.get_by_label(re.compile(r"^\s*ID number")).fill(id_number)
    main.get_by_label(re.compile(r"^\s*The person's new mobile phone")).fill("13800138000")
    main.get_by_role("button", name="Send code").click()
    expect(page.locator("#code-status")).to_contain_text("138****8000")
    (code,) = console()
    main.get_by_label(re.compile(r"^\s*SMS verification code")).fill(code)
    main.get_by_label(re.compile(r"^\s*Username of the new account")).fill("guo.ming")
    with page.expect_navigation():
        main.get_by_role("button", name="Reclaim the identity", exact=True).click()
    expect(main.locator(".wb-error-summary")).to_contain_text(
        "Confirm that you checked the person's original ID card in person."
    )
    shell.check("window-card-not-checked")
    assert User.objects.get(username="taker").is_active
    main.get_by_label("I checked the person's original ID card in person").check()
    with page.expect_navigation():
        main.get_by_role("button", name="Reclaim the identity", exact=True).click()
    expect(main.get_by_role("status")).to_contain_text("taker")
    expect(main.get_by_role("table")).to_contain_text("account.registered")
    shell.check("window-reclaimed")
    assert not User.objects.get(username="taker").is_active

    # The person signs in with a code to the new phone and sees what the frozen account did.
    page.context.clear_cookies()
    shell.goto("/login/sms/")
    page.get_by_label(label("Mobile phone")).fill("13800138000")
    main.get_by_role("button", name=zh("Send code")).click()
    expect(page.locator("#code-status")).to_contain_text("138****8000")
    page.get_by_label(label("SMS verification code")).fill(console()[-1])
    with page.expect_navigation():
        main.get_by_role("button", name=zh("Sign in"), exact=True).click()
    shell.goto("/account/identity/")
    expect(main).to_contain_text("taker")
    expect(main.get_by_role("table")).to_contain_text("account.registered")
    shell.check("reclaimed")
