"""The admin in Simplified Chinese: django-otp's TOTP devices named in our catalogue, Django's
own untranslated headings too; the working calendar opens at the current year."""

from django.utils import timezone

from onewindow.accounts.models import Role
from tests.conftest import zh


def test_totp_devices_are_named_in_chinese(duty_client):
    security = duty_client(Role.SECURITY_ADMINISTRATOR)
    index = security.get("/admin/").content.decode()
    assert zh("TOTP authenticator devices") in index
    assert "TOTP devices" not in index
    assert zh("Authenticator devices") in index
    assert "Otp_Totp" not in index
    assert zh("Model name") != "Model name"
    assert zh("Model name") in index
    devices = security.get("/admin/otp_totp/totpdevice/").content.decode()
    assert zh("device name") in devices or zh("TOTP authenticator device") in devices


def test_the_calendar_opens_at_the_current_year(duty_client):
    system = duty_client(Role.SYSTEM_ADMINISTRATOR)
    year = timezone.localdate().year
    days = system.get("/admin/core/calendarday/")
    assert days.status_code == 302
    assert days["Location"].endswith(f"?date__year={year}")
    assert system.get(days["Location"]).status_code == 200
    years = system.get("/admin/core/calendaryear/")
    assert years.status_code == 302
    assert years["Location"].endswith(f"?year__gte={year}")
    page = system.get(years["Location"]).content.decode()
    assert f">{year}<" in page
    assert f">{year - 1}<" not in page
