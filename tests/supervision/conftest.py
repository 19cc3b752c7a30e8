"""Fixtures for the ledger: the case fixtures (officials, applicants, the catalogue)."""

from tests.cases.conftest import (  # noqa: F401
    _media,
    citizen,
    enterprise,
    staff,
)
