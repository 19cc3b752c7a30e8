"""A failing channel is retried, then given up with its error recorded; other channels still send."""

from io import StringIO

import pytest
from django.core.management import call_command

from onewindow.notifications.channels import registry
from onewindow.notifications.channels.base import Channel, ChannelError
from onewindow.notifications.models import OutboxMessage
from onewindow.notifications.services import MAX_ATTEMPTS, deliver, deliver_pending, notify

pytestmark = pytest.mark.django_db


class BrokenChannel(Channel):
    name = "broken"

    def send(self, recipient, title, body):
        raise ChannelError("gateway said no")


@pytest.fixture
def broken(settings):
    registry.register(BrokenChannel)
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log", "broken"]
    yield
    registry.unregister("broken")


def test_a_failing_channel_is_given_up_after_five_attempts_and_the_log_still_sends(
    citizen, broken, sent
):
    notification = notify(citizen, kind="test.item", params={"code": "GZ-1"})

    assert deliver_pending() == (1, 1)
    failing = OutboxMessage.objects.get(notification=notification, channel="broken")
    assert (failing.status, failing.attempts, failing.last_error) == (
        "pending",
        1,
        "gateway said no",
    )

    for _ in range(MAX_ATTEMPTS - 1):
        assert deliver_pending() == (0, 1)
    failing.refresh_from_db()
    assert (failing.status, failing.attempts) == ("failed", MAX_ATTEMPTS)
    assert failing.last_error == "gateway said no"
    assert failing.sent_at is None

    assert deliver_pending() == (0, 0)
    assert OutboxMessage.objects.get(notification=notification, channel="log").status == "sent"
    assert len(sent()) == 1


def test_the_cron_command_reports_what_it_sent(citizen, broken):
    notify(citizen, kind="test.item", params={"code": "GZ-1"})
    notify(citizen, kind="test.item", params={"code": "GZ-2"})
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert out.getvalue().strip() == "Notifications: 2 sent, 2 failed."


def test_a_sent_message_is_not_sent_again(citizen, sent):
    notify(citizen, kind="test.item", params={"code": "GZ-1"})
    message_id = OutboxMessage.objects.get().pk
    assert deliver_pending() == (1, 0)
    assert deliver_pending() == (0, 0)
    assert deliver([message_id]) == (0, 0)
    assert len(sent()) == 1
