"""Two workers never send the same outbox message: a row one holds, the other skips."""

import threading

import pytest
from django.db import connection, transaction

from onewindow.notifications.models import OutboxMessage
from onewindow.notifications.services import deliver_pending, notify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def hold_row(pk, locked: threading.Event, release: threading.Event):
    try:
        with transaction.atomic():
            OutboxMessage.objects.select_for_update().get(pk=pk)
            locked.set()
            release.wait(timeout=10)
    finally:
        connection.close()


def test_a_message_another_worker_holds_is_left_to_it(citizen, sent):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serializes writers instead")
    notify(citizen, kind="test.item", params={"code": "GZ-1"})
    message = OutboxMessage.objects.get()
    locked, release = threading.Event(), threading.Event()
    other = threading.Thread(target=hold_row, args=(message.pk, locked, release))
    other.start()
    try:
        assert locked.wait(timeout=10)
        assert deliver_pending() == (0, 0)
    finally:
        release.set()
        other.join()

    assert deliver_pending() == (1, 0)
    assert len(sent()) == 1
