"""Officials sign in with a TOTP code; failed sign-ins lock the account (django-axes)."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from onewindow.accounts.models import Role
from tests.factories import PASSWORD, CitizenFactory, OfficialFactory

pytestmark = pytest.mark.django_db
LOGIN = "/login/"


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def official():
    user = OfficialFactory(role=Role.REVIEWER)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def sign_in(client, username, password=PASSWORD, code=""):
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": code})


def test_an_official_without_the_code_is_not_signed_in(client, official):
    user, _ = official
    response = sign_in(client, user.username)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_official_with_a_wrong_code_is_not_signed_in(client, official):
    user, device = official
    wrong = f"{(int(current_code(device)) + 1) % 10**6:06d}"
    sign_in(client, user.username, code=wrong)
    assert "_auth_user_id" not in client.session


def test_an_official_with_the_current_code_is_signed_in_and_verified(client, official):
    user, device = official
    response = sign_in(client, user.username, code=current_code(device))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    page = client.get("/account/")
    assert page.status_code == 200
    assert user.username in page.content.decode()


def test_an_unverified_official_session_is_ended(client, official):
    user, _ = official
    client.force_login(user)
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session


def test_citizens_sign_in_with_password_alone(client):
    user = CitizenFactory()
    assert sign_in(client, user.username).status_code == 302
    assert client.get("/account/").status_code == 200


def test_five_failed_sign_ins_lock_the_account_even_for_the_right_password(client):
    user = CitizenFactory()
    for _ in range(5):
        sign_in(client, user.username, password="wrong-password")
    locked = sign_in(client, user.username)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_totp_codes_count_towards_the_lockout(client, official):
    user, device = official
    for _ in range(5):
        sign_in(client, user.username, code="000000" if current_code(device) != "000000" else "1")
    assert sign_in(client, user.username, code=current_code(device)).status_code == 429


def test_the_admin_login_leads_to_the_two_factor_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"


def test_dev_mode_lets_officials_in_without_a_code(client, official, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    user, _ = official
    assert sign_in(client, user.username).status_code == 302


def test_add_totp_enrols_a_device_the_official_can_sign_in_with(client, capsys):
    from django.core.management import call_command

    user = OfficialFactory(role=Role.SECURITY_ADMINISTRATOR)
    call_command("add_totp", user.username, "--no-qr")
    assert capsys.readouterr().out.startswith("otpauth://totp/")
    device = TOTPDevice.objects.get(user=user)
    assert sign_in(client, user.username, code=current_code(device)).status_code == 302


def test_an_officials_session_ends_after_30_idle_minutes_and_lives_while_used(
    client, official, time_machine, settings
):
    settings.ONEWINDOW_OFFICIAL_IDLE_MINUTES = 30
    user, device = official
    time_machine.move_to("2026-11-02 09:00 +0800", tick=False)
    sign_in(client, user.username, code=current_code(device))
    for when in ("09:20", "09:45", "10:09"):  # each within 30 minutes of the one before
        time_machine.move_to(f"2026-11-02 {when} +0800", tick=False)
        assert client.get("/account/").status_code == 200
    time_machine.move_to("2026-11-02 10:40 +0800", tick=False)  # 31 minutes idle
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session


def test_a_citizens_session_outlives_the_officials_idle_limit(client, time_machine, settings):
    settings.ONEWINDOW_OFFICIAL_IDLE_MINUTES = 30
    citizen = CitizenFactory()
    time_machine.move_to("2026-11-02 09:00 +0800", tick=False)
    sign_in(client, citizen.username)
    time_machine.move_to("2026-11-02 12:00 +0800", tick=False)
    assert client.get("/account/").status_code == 200
