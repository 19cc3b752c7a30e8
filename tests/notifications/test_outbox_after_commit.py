"""A notification is sent only once the transaction that raised it commits."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from onewindow.notifications.models import Notification, OutboxMessage
from onewindow.notifications.services import notify

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def notify_then_fail(citizen):
    with transaction.atomic():
        notify(citizen, kind="test.item", params={"code": "GZ-1"})
        raise Boom


def test_a_committed_notification_reaches_the_inbox_and_the_log_channel(
    citizen, immediate_tasks, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = notify(
            citizen, kind="test.item", params={"code": "GZ-1"}, case_number="GZ2026-0001"
        )
        assert sent() == []

    assert list(citizen.notifications.all()) == [notification]
    assert notification.title == "事项 GZ-1"
    message = OutboxMessage.objects.get(notification=notification)
    assert (message.channel, message.status, message.attempts) == ("log", "sent", 1)
    assert message.sent_at is not None
    assert sent() == [
        f"Notification via log to {citizen.username}: 事项 GZ-1 | 没有编码为 GZ-1 的服务事项"
    ]


def test_a_rolled_back_transaction_leaves_no_notification_and_sends_nothing(
    citizen, immediate_tasks, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom):
        notify_then_fail(citizen)

    assert callbacks == []
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert sent() == []


def test_with_the_database_backend_the_worker_sends_what_the_commit_enqueued(
    citizen, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(citizen, kind="test.item", params={"code": "GZ-2"})

    task = DBTaskResult.objects.get()
    assert task.task_path == "onewindow.notifications.tasks.deliver_outbox"
    assert sent() == []

    stored = task.task_result  # what `onewindow worker` runs, minus its connection handling
    stored.task.call(*stored.args, **stored.kwargs)

    assert OutboxMessage.objects.get().status == "sent"
    assert len(sent()) == 1


def test_an_unregistered_kind_is_refused_and_nothing_is_written(citizen):
    with pytest.raises(LookupError, match=r"case\.unknown"):
        notify(citizen, kind="case.unknown")
    assert not Notification.objects.exists()


def test_parameters_other_than_strings_and_integers_are_refused(citizen):
    with pytest.raises(TypeError, match="code"):
        notify(citizen, kind="test.item", params={"code": ["GZ-1"]})
    assert not Notification.objects.exists()
