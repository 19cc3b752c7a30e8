"""Fixtures of the citizen's hotline pages: departments, the 30 categories, the standard
addresses, a citizen, the SMS console, and a ticket walked through to the reply."""

from __future__ import annotations

import logging
import re

import pytest

from onewindow.hotline.models import Category

CODE_RE = re.compile(r"\b(\d{6})\b")


def load_categories() -> None:
    """The categories of ``hotline/data/categories.yaml``, loaded the way the hotline does."""
    from onewindow.hotline import catalogue

    if not Category.objects.exists():
        catalogue.load()


@pytest.fixture
def hotline(db):
    """Divisions, the calendar, departments, categories and standard addresses."""
    from onewindow.accounts import departments_data
    from onewindow.registry import geo
    from tests.conftest import restore_migration_data

    restore_migration_data()
    departments_data.load()
    load_categories()
    geo.load_places()


@pytest.fixture
def sms_console(caplog, settings):
    """The code in the last text the log channel wrote."""
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    caplog.set_level(logging.INFO, logger="onewindow.notifications")

    def last_code() -> str:
        lines = [r.getMessage() for r in caplog.records if r.name == "onewindow.notifications"]
        assert lines, "no text was sent"
        return CODE_RE.search(lines[-1]).group(1)

    return last_code
