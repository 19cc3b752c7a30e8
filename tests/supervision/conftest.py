"""Fixtures for the ledger: the case fixtures (officials, applicants, the catalogue)."""

from tests.cases.conftest import (  # noqa: F401
    _media,
    citizen,
    enterprise,
    staff,
)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    """Officials sign in with force_login here; the TOTP step is proven in test_access."""
    settings.ONEWINDOW_REQUIRE_OTP = False
