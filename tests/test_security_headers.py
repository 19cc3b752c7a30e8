"""Security defaults: CSP, frame denial, nosniff, CSRF, and production-only cookie flags."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_forms_without_a_csrf_token_are_refused():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_production_mode_sets_secure_cookies_and_hsts():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='onewindow.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.ONEWINDOW_REQUIRE_OTP)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "ONEWINDOW_ENV": "production",
        "ONEWINDOW_SECRET_KEY": "s" * 50,
        "ONEWINDOW_DATA_KEY": "ab" * 32,
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["False", "True", "True", "31536000", "True"], result.stderr
