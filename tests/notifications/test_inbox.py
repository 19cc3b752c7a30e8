"""Each user reads and marks only their own inbox."""

import pytest
from django.core.exceptions import PermissionDenied

from onewindow.notifications.selectors import inbox, unread_count
from onewindow.notifications.services import mark_all_read, mark_read, notify
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_the_inbox_lists_the_users_own_notifications_newest_first(citizen):
    first = notify(citizen, kind="test.item", params={"code": "A"})
    second = notify(citizen, kind="test.item", params={"code": "B"})
    notify(CitizenFactory(), kind="test.item", params={"code": "C"})

    assert list(inbox(citizen)) == [second, first]
    assert unread_count(citizen) == 2


def test_reading_a_notification_takes_it_off_the_unread_list(citizen):
    first = notify(citizen, kind="test.item", params={"code": "A"})
    second = notify(citizen, kind="test.item", params={"code": "B"})

    assert mark_read(citizen, first.pk).read_at is not None
    assert list(inbox(citizen, unread_only=True)) == [second]
    assert unread_count(citizen) == 1


def test_another_user_cannot_mark_someones_notification_read(citizen):
    notification = notify(citizen, kind="test.item", params={"code": "A"})
    stranger = CitizenFactory()

    with pytest.raises(PermissionDenied):
        mark_read(stranger, notification.pk)

    notification.refresh_from_db()
    assert notification.read_at is None
    assert unread_count(citizen) == 1


def test_mark_all_read_empties_only_the_users_unread_list(citizen):
    other = CitizenFactory()
    notify(citizen, kind="test.item", params={"code": "A"})
    notify(citizen, kind="test.item", params={"code": "B"})
    notify(other, kind="test.item", params={"code": "C"})

    assert mark_all_read(citizen) == 2
    assert unread_count(citizen) == 0
    assert unread_count(other) == 1
