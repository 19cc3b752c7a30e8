"""Fixtures for the ledger: the case fixtures (officials, applicants, the catalogue)."""

import pytest

from tests.cases.conftest import (  # noqa: F401
    _media,
    citizen,
    enterprise,
    staff,
)


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    """Officials sign in with force_login here; the TOTP step is proven in test_access."""
    settings.ONEWINDOW_REQUIRE_OTP = False
