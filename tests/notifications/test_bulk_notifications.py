"""Many notifications at once (a calendar edit moving every open case) keep the outbox rules:
the same inbox rows as one by one, sent only once the transaction commits."""

import pytest
from django.db import transaction

from onewindow.notifications.models import Notification, OutboxMessage
from onewindow.notifications.services import Notice, notify_many
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def notices(citizens):
    return [
        Notice(c.pk, "test.item", {"code": f"GZ-{i}"}, case_number=f"GZ2026-{i:04d}")
        for i, c in enumerate(citizens)
    ]


def test_bulk_notifications_reach_every_inbox_and_are_sent_after_commit(
    citizen, immediate_tasks, sent, django_capture_on_commit_callbacks
):
    others = [citizen, CitizenFactory(), CitizenFactory()]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert notify_many(notices(others)) == 3
        assert sent() == []

    for i, person in enumerate(others):
        notification = person.notifications.get()
        assert notification.title == f"事项 GZ-{i}"
        assert notification.case_number == f"GZ2026-{i:04d}"
        assert notification.created_at is not None
        message = OutboxMessage.objects.get(notification=notification)
        assert (message.channel, message.status, message.attempts) == ("log", "sent", 1)
    assert len(sent()) == 3


def notify_then_fail(citizen):
    with transaction.atomic():
        notify_many(notices([citizen]))
        raise Boom


def test_a_rolled_back_bulk_notification_leaves_nothing(
    citizen, immediate_tasks, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom):
        notify_then_fail(citizen)

    assert callbacks == []
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert sent() == []


def test_an_unknown_kind_writes_nothing(citizen):
    with pytest.raises(LookupError):
        notify_many([Notice(citizen.pk, "no.such.kind", {})])
    assert not Notification.objects.exists()
