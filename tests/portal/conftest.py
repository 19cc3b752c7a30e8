"""The case fixtures (catalogue, officials, applicants, a throwaway media root) for the hall."""

from tests.cases.conftest import _media, citizen, enterprise, staff  # noqa: F401
