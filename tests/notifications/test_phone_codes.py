"""SMS one-time codes: six digits, five minutes, five wrong tries, one use, one a minute."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.fields import blind_index
from onewindow.notifications import codes
from onewindow.notifications.channels.base import ChannelError
from onewindow.notifications.models import PhoneCode

pytestmark = pytest.mark.django_db

PHONE = "13800138000"
CODE_RE = re.compile(r"\b(\d{6})\b")


class CapturingGateway:
    """An SMS provider that keeps what it was asked to send."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


class FailingGateway:
    def send(self, phone: str, text: str) -> None:
        raise ChannelError("provider unreachable")


@pytest.fixture(autouse=True)
def log_channel_only(settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    # The code's own rules here; the rate limits per address and number have their own tests.
    settings.ONEWINDOW_RATE_LIMITS = dict.fromkeys(settings.ONEWINDOW_RATE_LIMITS, (10**6, 3600))


@pytest.fixture
def capturing_gateway(settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["sms"]
    settings.ONEWINDOW_SMS_GATEWAY = f"{__name__}.CapturingGateway"
    CapturingGateway.outbox = []
    return CapturingGateway.outbox


def send(sent, phone=PHONE, purpose="register") -> str:
    """Send a code and read it back from the log channel's console line."""
    codes.send_code(phone, purpose)
    return CODE_RE.search(sent()[-1]).group(1)


def error_code(excinfo) -> str:
    return excinfo.value.error_dict["code"][0].code


def test_the_right_code_is_accepted_once(sent):
    code = send(sent)
    codes.verify_code(PHONE, "register", code)
    with pytest.raises(ValidationError) as excinfo:
        codes.verify_code(PHONE, "register", code)
    assert error_code(excinfo) == "used"


def test_the_log_channel_shows_the_code_with_the_number_masked(sent):
    sent_code = codes.send_code("138 0013 8000", "sign_in")
    (line,) = sent()
    assert line.startswith("Text via log to 138****8000: ")
    assert CODE_RE.search(line)
    assert PHONE not in line
    assert sent_code.phone_masked == "138****8000"
    assert sent_code.channels == ["log"]


def test_the_text_is_in_the_sites_language(sent, settings):
    settings.LANGUAGE_CODE = "en"
    code = send(sent)
    assert sent()[-1].endswith(
        f"Your OneWindow verification code is {code}, valid for 5 minutes. Do not share it."
    )


def test_a_wrong_code_is_refused_and_says_how_many_tries_are_left(sent):
    code = send(sent)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    with pytest.raises(ValidationError) as excinfo:
        codes.verify_code(PHONE, "register", wrong)
    assert error_code(excinfo) == "wrong"
    assert "4" in excinfo.value.messages[0]
    codes.verify_code(PHONE, "register", code)


def test_after_five_wrong_tries_even_the_right_code_is_refused(sent):
    code = send(sent)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(codes.MAX_WRONG_TRIES):
        with pytest.raises(ValidationError):
            codes.verify_code(PHONE, "register", wrong)
    with pytest.raises(ValidationError) as excinfo:
        codes.verify_code(PHONE, "register", code)
    assert error_code(excinfo) == "too_many"


def test_a_code_expires_after_five_minutes(sent):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        code = send(sent)
    with time_machine.travel(start + timedelta(minutes=4, seconds=59), tick=False):
        codes.verify_code(PHONE, "register", code)

    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        code = send(sent)
    with (
        time_machine.travel(start + timedelta(minutes=15), tick=False),
        pytest.raises(ValidationError) as excinfo,
    ):
        codes.verify_code(PHONE, "register", code)
    assert error_code(excinfo) == "expired"


def test_a_new_code_within_sixty_seconds_is_refused_with_the_wait(sent):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = send(sent)
    with (
        time_machine.travel(start + timedelta(seconds=45), tick=False),
        translation.override("en"),
        pytest.raises(ValidationError) as excinfo,
    ):
        codes.send_code(PHONE, "register")
    assert excinfo.value.error_dict["phone"][0].code == "too_soon"
    assert "15 seconds" in excinfo.value.messages[0]
    assert len(sent()) == 1

    # Another purpose has its own limit; after a minute a new code replaces the old one.
    with time_machine.travel(start + timedelta(seconds=45), tick=False):
        codes.send_code(PHONE, "sign_in")
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        second = send(sent)
        if second != first:
            with pytest.raises(ValidationError):
                codes.verify_code(PHONE, "register", first)
        codes.verify_code(PHONE, "register", second)


def test_a_code_is_for_one_purpose_and_one_number(sent):
    code = send(sent, purpose="register")
    with pytest.raises(ValidationError) as excinfo:
        codes.verify_code(PHONE, "sign_in", code)
    assert error_code(excinfo) == "no_code"
    with pytest.raises(ValidationError):
        codes.verify_code("13900139000", "register", code)
    codes.verify_code(PHONE, "register", code)


def test_neither_the_code_nor_the_number_is_stored_in_clear(sent):
    code = send(sent)
    row = PhoneCode.objects.get()
    stored = " ".join(str(value) for value in PhoneCode.objects.values_list().get())
    assert code not in row.code_hash
    assert PHONE not in stored
    assert row.phone_index == blind_index("phone", PHONE)
    assert re.fullmatch(r"[0-9a-f]{64}", row.code_hash)


def test_a_malformed_number_gets_no_code(sent):
    with pytest.raises(ValidationError) as excinfo:
        codes.send_code("12345", "register")
    assert "phone" in excinfo.value.error_dict
    assert sent() == []
    assert not PhoneCode.objects.exists()


def test_the_sms_channel_sends_the_code_through_the_gateway(capturing_gateway, sent):
    codes.send_code(PHONE, "sign_in")
    ((phone, text),) = capturing_gateway
    assert phone == PHONE
    code = CODE_RE.search(text).group(1)
    assert sent() == []  # nothing on the log: the gateway alone had the text
    codes.verify_code(PHONE, "sign_in", code)


def test_when_no_channel_takes_the_text_no_wait_is_imposed(settings, sent):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["sms"]
    settings.ONEWINDOW_SMS_GATEWAY = f"{__name__}.FailingGateway"
    with pytest.raises(ValidationError) as excinfo:
        codes.send_code(PHONE, "register")
    assert excinfo.value.error_dict["phone"][0].code == "not_sent"

    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    send(sent)  # at once: the failed attempt left nothing behind


def test_without_a_channel_that_reaches_phones_sending_is_a_configuration_error(settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["email"]
    with pytest.raises(codes.NoPhoneChannel):
        codes.send_code(PHONE, "register")
    assert not PhoneCode.objects.exists()
    assert "notifications.W001" in [message.id for message in run_checks()]


def test_the_log_channel_passes_the_phone_check_in_development():
    ids = [message.id for message in run_checks()]
    assert "notifications.W001" not in ids
    assert "notifications.W002" not in ids


@pytest.mark.parametrize(
    ("channels", "gateway", "warned"),
    [
        (["log"], "", True),
        (["sms"], "onewindow.notifications.channels.contrib.sms.LogGateway", True),
        (["sms"], f"{__name__}.CapturingGateway", False),
    ],
)
def test_codes_written_to_the_log_in_production_are_a_warning(settings, channels, gateway, warned):
    settings.PRODUCTION = True
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = channels
    if gateway:
        settings.ONEWINDOW_SMS_GATEWAY = gateway
    assert ("notifications.W002" in [message.id for message in run_checks()]) is warned


def test_a_failing_body_leaves_the_code_unspent(sent):
    code = send(sent)
    with pytest.raises(ValidationError), codes.redeem(PHONE, "register", code):
        raise ValidationError({"username": ["taken"]})
    codes.verify_code(PHONE, "register", code)


def test_an_unknown_purpose_is_a_programming_error():
    with pytest.raises(ValueError, match="not a valid"):
        codes.send_code(PHONE, "purpose-unknown")


@given(guess=st.text(max_size=8))
def test_any_code_but_the_one_sent_is_refused(guess, sent):
    PhoneCode.objects.all().delete()
    code = send(sent)
    if guess.strip() == code:
        return
    with pytest.raises(ValidationError):
        codes.verify_code(PHONE, "register", guess)


def _send_in_thread(results: list, barrier: threading.Barrier) -> None:
    try:
        barrier.wait(timeout=10)
        codes.send_code(PHONE, "register")
        results.append("sent")
    except ValidationError:
        results.append("refused")
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_send_one_code(sent):
    """PostgreSQL queues the second on the row lock; SQLite on its write lock."""
    results: list[str] = []
    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=_send_in_thread, args=(results, barrier)) for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "sent"]
    assert len(sent()) == 1
    assert PhoneCode.objects.count() == 1
