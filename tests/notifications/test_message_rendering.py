"""Titles and bodies are rendered from the kind in the reader's language."""

import pytest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from onewindow.notifications import messages
from onewindow.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_render_follows_the_active_language():
    with override("en"):
        assert messages.render("test.item", {"code": "GZ-1"}) == (
            "item GZ-1",
            "no service item with code GZ-1",
        )
    with override("zh-hans"):
        assert messages.render("test.item", {"code": "GZ-1"}) == (
            "事项 GZ-1",
            "没有编码为 GZ-1 的服务事项",
        )


def test_a_stored_notification_is_shown_in_the_readers_language(citizen):
    notification = notify(citizen, kind="test.item", params={"code": "GZ-1"})
    with override("en"):
        assert notification.title == "item GZ-1"
    with override("zh-hans"):
        assert notification.title == "事项 GZ-1"


def test_a_missing_parameter_leaves_its_placeholder_instead_of_crashing():
    with override("en"):
        assert messages.render("test.item", {}) == (
            "item %(code)s",
            "no service item with code %(code)s",
        )


def test_a_text_that_cannot_be_filled_is_shown_as_written():
    messages.register("test.percent", title="100% done", body="%(count)d files")
    try:
        assert messages.render("test.percent", {"count": "many"}) == (
            "100% done",
            "%(count)d files",
        )
    finally:
        messages.unregister("test.percent")


def test_an_unknown_kind_is_a_lookup_error():
    with pytest.raises(LookupError, match=r"case\.nothing"):
        messages.render("case.nothing", {})


def test_a_kind_cannot_be_registered_twice_with_other_texts():
    messages.register(
        "test.item", title=_("item %(code)s"), body=_("no service item with code %(code)s")
    )
    with pytest.raises(ValueError, match=r"test\.item"):
        messages.register("test.item", title=_("item %(code)s"), body=_("something else"))
