"""Registration and SMS sign-in over HTTP, with the code read from the development console."""

import logging
import re
from datetime import date

import pytest
from django.test import Client

from onewindow.accounts.models import User
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import generate_id_number, generate_uscc
from tests.factories import CitizenFactory, EnterpriseFactory, OfficialFactory
from tests.identity import entity_record, person_record

pytestmark = pytest.mark.django_db

REGISTER, SEND_CODE, SMS_LOGIN = "/register/", "/register/code/", "/login/sms/"
PHONE = "13800138000"
NEW_PASSWORD = "Register-pass-2026"
CODE_RE = re.compile(r"\b(\d{6})\b")
ID_NUMBER = generate_id_number("440106", date(1992, 3, 8))
USCC = generate_uscc("440106")


@pytest.fixture(autouse=True)
def records():
    """王小红 in the population registry, legal representative of 广州示例科技有限公司."""
    entity_record(person_record("王小红", ID_NUMBER), name="广州示例科技有限公司", uscc=USCC)


@pytest.fixture
def browser(settings):
    """A visitor whose browser asks for English, so the assertions read like the msgids."""
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def console(caplog):
    """The code in the last text the log channel wrote."""
    caplog.set_level(logging.INFO, logger="onewindow.notifications")

    def last_code() -> str:
        lines = [r.getMessage() for r in caplog.records if r.name == "onewindow.notifications"]
        assert lines, "no text was sent"
        return CODE_RE.search(lines[-1]).group(1)

    return last_code


def citizen_form(code: str, **changes) -> dict:
    form = {
        "kind": "citizen",
        "real_name": "王小红",
        "id_number": ID_NUMBER,
        "username": "wang.xiaohong",
        "phone": PHONE,
        "code": code,
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    return form | changes


def enterprise_form(code: str, **changes) -> dict:
    form = {
        "kind": "enterprise",
        "enterprise_name": "广州示例科技有限公司",
        "uscc": USCC,
        "representative_name": "王小红",
        "representative_id_number": ID_NUMBER,
        "username": "example-tech",
        "phone": PHONE,
        "code": code,
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    return form | changes


def field_error(html: str, field: str) -> str:
    """The error shown under a field (empty if none), as portal/_field.html renders it."""
    found = re.search(rf'<p class="field-error" id="id_{field}_error">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def send_code(client, phone=PHONE, purpose="register"):
    """The "Send code" button under htmx."""
    return client.post(SEND_CODE, {"phone": phone, "purpose": purpose}, HTTP_HX_REQUEST="true")


def signed_in_user(client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_a_citizen_registers_with_the_texted_code_and_is_signed_in(browser, console):
    fragment = send_code(browser).content.decode()
    assert "A code has been sent to 138****8000" in fragment
    assert "server console" in fragment  # the log channel is the development channel
    assert "<html" not in fragment

    response = browser.post(REGISTER, citizen_form(console()))
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    user = User.objects.get(username="wang.xiaohong")
    assert (user.kind, user.real_name, user.phone) == ("citizen", "王小红", PHONE)
    assert signed_in_user(browser) == user
    account = browser.get("/account/").content.decode()
    assert "Welcome, 王小红. Your account has been created." in account
    assert "138****8000" in account


def test_an_enterprise_registers_with_its_credit_code_and_goes_on_to_next(browser, console):
    send_code(browser)
    form = enterprise_form(console(), next="/services/")
    response = browser.post(REGISTER, form)
    assert response.status_code == 302
    assert response["Location"] == "/services/"
    user = User.objects.get(username="example-tech")
    assert (user.kind, user.enterprise_name, user.uscc) == (
        "enterprise",
        "广州示例科技有限公司",
        form["uscc"],
    )
    assert signed_in_user(browser) == user


def test_a_bad_id_number_is_a_field_error_and_creates_no_user(browser, console):
    send_code(browser)
    code = console()
    valid = citizen_form(code)["id_number"]
    bad = valid[:-1] + ("1" if valid[-1] == "0" else "0")
    html = browser.post(REGISTER, citizen_form(code, id_number=bad)).content.decode()
    assert "check digit" in field_error(html, "id_number").lower()
    assert 'aria-invalid="true"' in html
    assert not User.objects.exists()
    assert NEW_PASSWORD not in html

    # The code was not tried, so it still works once the number is right.
    assert browser.post(REGISTER, citizen_form(code)).status_code == 302


def test_a_bad_credit_code_is_a_field_error_and_creates_no_user(browser, console):
    send_code(browser)
    html = browser.post(REGISTER, enterprise_form(console(), uscc="91440106ABCDEFGHIJ"))
    assert field_error(html.content.decode(), "uscc")
    assert not User.objects.exists()


def test_a_wrong_code_is_a_field_error_and_creates_no_user(browser, console):
    send_code(browser)
    wrong = f"{(int(console()) + 1) % 10**6:06d}"
    html = browser.post(REGISTER, citizen_form(wrong)).content.decode()
    assert "The code is wrong. You have 4 more tries." in field_error(html, "code")
    assert not User.objects.exists()


def test_a_code_without_six_digits_is_refused_before_it_is_tried(browser, console):
    send_code(browser)
    html = browser.post(REGISTER, citizen_form("12ab")).content.decode()
    assert field_error(html, "code") == "Enter the 6 digits from the text message."


def test_a_taken_username_leaves_the_code_unspent(browser, console):
    CitizenFactory(username="wang.xiaohong")
    send_code(browser)
    code = console()
    html = browser.post(REGISTER, citizen_form(code)).content.decode()
    assert field_error(html, "username") == "This username is already taken."
    assert User.objects.count() == 1

    assert browser.post(REGISTER, citizen_form(code, username="wxh-2")).status_code == 302


def test_a_registered_identity_is_reported_after_the_code_with_the_way_to_reclaim_it(
    browser, console
):
    CitizenFactory(real_name="王小红", id_number=ID_NUMBER)
    send_code(browser)
    html = browser.post(REGISTER, citizen_form(console())).content.decode()
    assert "reclaim your identity" in field_error(html, "id_number")
    assert 'href="/register/reclaim/"' in html


def test_a_name_that_does_not_match_the_registry_is_refused(browser, console):
    send_code(browser)
    html = browser.post(REGISTER, citizen_form(console(), real_name="王小白")).content.decode()
    assert "do not match the population registry" in field_error(html, "id_number")
    assert not User.objects.exists()


def test_only_the_legal_representative_registers_the_enterprise(browser, console):
    other = generate_id_number("440106", date(1980, 1, 1))
    person_record("赵六", other)
    send_code(browser)
    form = enterprise_form(console(), representative_name="赵六", representative_id_number=other)
    html = browser.post(REGISTER, form).content.decode()
    assert "legal representative in the registry" in field_error(html, "representative_id_number")
    assert not User.objects.exists()


def test_mismatched_passwords_are_a_field_error(browser, console):
    send_code(browser)
    html = browser.post(REGISTER, citizen_form(console(), password_confirm="Other-pass-2026"))
    assert field_error(html.content.decode(), "password_confirm") == (
        "The two passwords do not match."
    )
    assert not User.objects.exists()


def test_a_weak_password_is_reported_by_the_account_rules(browser, console):
    send_code(browser)
    form = citizen_form(console(), password="12345678", password_confirm="12345678")
    html = browser.post(REGISTER, form).content.decode()
    assert field_error(html, "password")
    assert not User.objects.exists()


def test_without_javascript_send_code_keeps_the_typed_values_but_not_the_passwords(
    browser, console
):
    form = citizen_form("", action="send_code")
    response = browser.post(REGISTER, form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A code has been sent to 138****8000" in html
    assert 'id="code-status" aria-live="polite"' in html
    assert f'value="{form["id_number"]}"' in html
    assert 'value="wang.xiaohong"' in html
    assert NEW_PASSWORD not in html
    assert 'class="field-error"' not in html  # nothing was validated yet
    assert not User.objects.exists()

    assert browser.post(REGISTER, citizen_form(console())).status_code == 302


def test_a_second_code_within_a_minute_is_refused_with_the_wait(browser, console):
    send_code(browser)
    html = browser.post(REGISTER, citizen_form("", action="send_code")).content.decode()
    assert re.search(r"Wait \d+ seconds? before asking for another", html)
    assert "notice-error" in html


def test_send_code_reports_a_malformed_number(browser):
    fragment = send_code(browser, phone="12345").content.decode()
    assert "Enter an 11-digit mainland China mobile number" in fragment


def test_send_code_refuses_an_unknown_purpose(browser):
    assert send_code(browser, purpose="anything").status_code == 400
    assert browser.get(SEND_CODE).status_code == 405


def test_choosing_enterprise_shows_the_enterprise_fields(browser):
    html = browser.get(REGISTER, {"kind": "enterprise"}).content.decode()
    assert 'name="uscc"' in html
    assert 'name="id_number"' not in html
    assert re.search(r'value="enterprise"\s+checked', html)

    without_js = browser.post(REGISTER, {"kind": "enterprise", "action": "choose_kind"})
    assert 'name="uscc"' in without_js.content.decode()


def test_the_sign_in_page_links_to_registration_and_sms_sign_in(browser):
    html = browser.get("/login/", {"next": "/services/"}).content.decode()
    assert 'href="/register/?next=/services/"' in html
    assert 'href="/login/sms/?next=/services/"' in html


def test_a_citizen_signs_in_with_an_sms_code(browser, console):
    user = CitizenFactory(phone=PHONE)
    fragment = send_code(browser, purpose="sign_in").content.decode()
    assert "138****8000" in fragment
    response = browser.post(SMS_LOGIN, {"phone": PHONE, "code": console()})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert signed_in_user(browser) == user


def test_an_enterprise_signs_in_with_an_sms_code_sent_without_javascript(browser, console):
    user = EnterpriseFactory(phone=PHONE)
    page = browser.post(SMS_LOGIN, {"phone": PHONE, "code": "", "action": "send_code"})
    assert "A code has been sent to 138****8000" in page.content.decode()
    assert browser.post(SMS_LOGIN, {"phone": PHONE, "code": console()}).status_code == 302
    assert signed_in_user(browser) == user


def test_an_official_is_refused_sms_sign_in(browser, console):
    official = OfficialFactory()
    official.phone, official.phone_index = PHONE, blind_index("phone", PHONE)
    official.save()
    send_code(browser, purpose="sign_in")
    response = browser.post(SMS_LOGIN, {"phone": PHONE, "code": console()})
    assert response.status_code == 200
    assert "Officials and administrators cannot sign in with an SMS code." in (
        response.content.decode()
    )
    assert signed_in_user(browser) is None


def test_a_number_without_an_account_is_told_to_register(browser, console):
    send_code(browser, purpose="sign_in")
    html = browser.post(SMS_LOGIN, {"phone": PHONE, "code": console()}).content.decode()
    assert "No account uses this mobile number. Register first." in html
    assert signed_in_user(browser) is None


def test_a_registration_code_does_not_sign_in(browser, console):
    CitizenFactory(phone=PHONE)
    send_code(browser, purpose="register")
    html = browser.post(SMS_LOGIN, {"phone": PHONE, "code": console()}).content.decode()
    assert field_error(html, "code") == "Ask for a verification code first."
    assert signed_in_user(browser) is None


def test_wrong_sms_codes_do_not_lock_password_sign_in(browser, console):
    user = CitizenFactory(phone=PHONE)
    send_code(browser, purpose="sign_in")
    code = console()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        browser.post(SMS_LOGIN, {"phone": PHONE, "code": wrong})
    html = browser.post(SMS_LOGIN, {"phone": PHONE, "code": code}).content.decode()
    assert "Too many wrong codes" in field_error(html, "code")
    signed_in = browser.post(
        "/login/", {"username": user.username, "password": "Str0ng-pass-for-tests"}
    )
    assert signed_in.status_code == 302
    assert signed_in_user(browser) == user
