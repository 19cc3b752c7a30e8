import logging

import pytest
from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages
from tests.factories import CitizenFactory

LOGGER = "onewindow.notifications"


@pytest.fixture(autouse=True)
def item_kind():
    """A kind whose texts the zh-Hans catalogue already translates (事项 %(code)s)."""
    messages.register(
        "test.item", title=_("item %(code)s"), body=_("no service item with code %(code)s")
    )
    yield "test.item"
    messages.unregister("test.item")


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at enqueue time instead of waiting for `onewindow worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def citizen(db):
    return CitizenFactory(phone="13912341234")


@pytest.fixture
def sent(caplog):
    """The notifications lines the log channel and the SMS log gateway wrote."""
    caplog.set_level(logging.INFO, logger=LOGGER)

    def lines() -> list[str]:
        return [
            r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelname == "INFO"
        ]

    return lines
