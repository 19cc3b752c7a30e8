"""SMS and email reach only users with a phone or an address; the channel list is checked."""

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from onewindow.notifications.channels import registry
from onewindow.notifications.models import OutboxMessage
from onewindow.notifications.services import deliver_pending, notify
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def external(settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["sms", "email"]


def channels_of(notification) -> set[str]:
    return set(
        OutboxMessage.objects.filter(notification=notification).values_list("channel", flat=True)
    )


def test_an_sms_shows_only_the_masked_phone_number(citizen, external, sent):
    notification = notify(citizen, kind="test.item", params={"code": "GZ-1"})
    assert channels_of(notification) == {"sms"}

    assert deliver_pending() == (1, 0)
    assert sent() == ["SMS to 139****1234: 事项 GZ-1：没有编码为 GZ-1 的服务事项"]
    assert "13912341234" not in "".join(sent())


def test_a_user_without_phone_or_email_gets_only_the_inbox_entry(external):
    official = OfficialFactory()
    notification = notify(official, kind="test.item", params={"code": "GZ-1"})
    assert channels_of(notification) == set()
    assert official.notifications.get() == notification


def test_email_goes_only_to_users_with_an_address(citizen, external, settings):
    settings.DEFAULT_FROM_EMAIL = "noreply@onewindow.example"
    citizen.email = "citizen@example.com"
    citizen.save(update_fields=["email"])
    notification = notify(citizen, kind="test.item", params={"code": "GZ-1"})
    assert channels_of(notification) == {"sms", "email"}

    assert deliver_pending() == (2, 0)
    (email,) = mail.outbox
    assert email.to == ["citizen@example.com"]
    assert email.from_email == "noreply@onewindow.example"
    assert (email.subject, email.body) == ("事项 GZ-1", "没有编码为 GZ-1 的服务事项")


def test_an_unknown_channel_name_is_a_configuration_error(citizen, settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log", "pigeon"]
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        registry.enabled()
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        notify(citizen, kind="test.item")
    assert "notifications.E001" in [error.id for error in run_checks()]


def test_an_sms_gateway_that_cannot_be_imported_fails_the_checks(settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["sms"]
    settings.ONEWINDOW_SMS_GATEWAY = "onewindow.nowhere.Gateway"
    assert "notifications.E002" in [error.id for error in run_checks()]


def test_the_channel_list_defaults_to_the_log_channel(settings):
    del settings.ONEWINDOW_NOTIFICATION_CHANNELS
    assert [channel.name for channel in registry.enabled()] == ["log"]
