"""Finding 7: anyone who knew a phone number could lock that account — five SMS sign-in
attempts, without any code ever being requested, locked password sign-in too, and the 429 told
whether the number had an account. Replayed over HTTP; the account now stays usable."""

import re

import pytest
from django.test import Client

from tests.factories import PASSWORD, CitizenFactory

pytestmark = pytest.mark.django_db
SMS_LOGIN, SEND_CODE = "/login/sms/", "/register/code/"
OWNER_PHONE, NOBODY_PHONE = "13912345678", "13912345679"


def strip_token(html: str) -> str:
    """The page without its per-request CSRF token, to compare two answers."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


@pytest.fixture
def owner():
    return CitizenFactory(phone=OWNER_PHONE)


def test_five_attempts_without_a_code_do_not_lock_password_sign_in(owner):
    attacker = Client()
    for _ in range(6):
        answer = attacker.post(SMS_LOGIN, {"phone": OWNER_PHONE, "code": "123456"})
        assert answer.status_code == 200
    signed_in = Client().post("/login/", {"username": owner.username, "password": PASSWORD})
    assert signed_in.status_code == 302


def test_the_answer_is_the_same_whether_or_not_the_number_has_an_account(owner):
    answers = []
    for phone in (OWNER_PHONE, NOBODY_PHONE):
        attacker = Client(HTTP_ACCEPT_LANGUAGE="en")
        page = [attacker.post(SMS_LOGIN, {"phone": phone, "code": "123456"}) for _ in range(6)]
        answers.append([(r.status_code, strip_token(r.content.decode())) for r in page])
    owner_answers, nobody_answers = answers
    assert [status for status, _ in owner_answers] == [status for status, _ in nobody_answers]
    assert [body.replace(OWNER_PHONE, NOBODY_PHONE) for _, body in owner_answers] == [
        body for _, body in nobody_answers
    ]


def test_only_wrong_codes_against_an_issued_code_count(owner, console):
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):  # nothing issued yet: nothing to count
        visitor.post(SMS_LOGIN, {"phone": OWNER_PHONE, "code": "123456"})
    visitor.post(SEND_CODE, {"phone": OWNER_PHONE, "purpose": "sign_in"})
    code = console()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    html = visitor.post(SMS_LOGIN, {"phone": OWNER_PHONE, "code": wrong}).content.decode()
    assert "You have 4 more tries" in html
    assert visitor.post(SMS_LOGIN, {"phone": OWNER_PHONE, "code": code}).status_code == 302


def test_trying_codes_is_rate_limited_per_number_from_any_address(owner, settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "code_try_number": (3, 3600),
    }
    answers = [
        Client(REMOTE_ADDR=f"10.0.0.{n}", HTTP_ACCEPT_LANGUAGE="en")
        .post(SMS_LOGIN, {"phone": OWNER_PHONE, "code": "123456"})
        .content.decode()
        for n in range(5)
    ]
    assert "Too many requests" not in answers[2]
    assert "Too many requests" in answers[3]
    # The password still works: the limit slows guessing, it does not lock the account.
    assert (
        Client().post("/login/", {"username": owner.username, "password": PASSWORD}).status_code
        == 302
    )


def test_sending_codes_is_rate_limited_per_address(settings, console):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "code_send_address": (2, 3600),
    }
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers = [
        client.post(SEND_CODE, {"phone": f"1380013800{n}", "purpose": "sign_in"}).content.decode()
        for n in range(3)
    ]
    assert "A code has been sent" in answers[1]
    assert "Too many requests" in answers[2]


def test_sending_codes_is_rate_limited_per_number(settings, console, time_machine):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "code_send_number": (2, 3600),
    }
    time_machine.move_to("2026-12-07 09:00:00+08:00", tick=False)
    answers = []
    for n in range(3):
        time_machine.move_to(f"2026-12-07 09:{n * 2:02d}:00+08:00", tick=False)
        client = Client(REMOTE_ADDR=f"10.0.1.{n}", HTTP_ACCEPT_LANGUAGE="en")
        answers.append(
            client.post(SEND_CODE, {"phone": OWNER_PHONE, "purpose": "sign_in"}).content.decode()
        )
    assert "A code has been sent" in answers[1]
    assert "Too many requests" in answers[2]
