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


class Staff:
    """The 12345 centre's operator and dispatcher, and a 城管 handler."""

    def __init__(self):
        from onewindow.accounts.models import Department, Role
        from tests.factories import OfficialFactory

        def official(username, role, code):
            department = Department.objects.get(code=code)
            return OfficialFactory(username=username, role=role, department=department)

        self.operator = official("citizen-op", Role.HOTLINE_OPERATOR, "440100-12345")
        self.dispatcher = official("citizen-disp", Role.DISPATCHER, "440100-12345")
        self.handler = official("citizen-cg", Role.REVIEWER, "440100-CG")

    def reply(self, number: str, text: str = "路灯已于今日修复。") -> None:
        """Take, dispatch to 城管, accept, reply and check the reply: it reaches the citizen."""
        from onewindow.hotline import services

        ticket = services.take(number=number, actor=self.operator, category="street-light")
        if ticket.status == "accepted":
            services.dispatch(number=number, actor=self.dispatcher, department="440100-CG")
        services.accept_dispatch(number=number, actor=self.handler)
        self.reply_again(number, text)

    def reply_again(self, number: str, text: str) -> None:
        from onewindow.hotline import services

        services.reply(number=number, actor=self.handler, reply=text)
        services.check_reply(number=number, actor=self.dispatcher, approve=True)


@pytest.fixture
def hotline_staff(hotline):
    return Staff()
