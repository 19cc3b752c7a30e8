"""The admin shows notifications and their outbox but offers no way to change them."""

import pytest

from onewindow.accounts.models import Role
from onewindow.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(duty_client):
    return duty_client(Role.SYSTEM_ADMINISTRATOR)


def test_the_admin_lists_notifications_and_outbox_read_only(admin, citizen):
    notification = notify(citizen, kind="test.item", params={"code": "GZ-1"})

    listing = admin.get("/admin/notifications/notification/")
    assert listing.status_code == 200
    assert "事项 GZ-1" in listing.content.decode()
    assert admin.get("/admin/notifications/outboxmessage/").status_code == 200
    detail = admin.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert admin.get("/admin/notifications/notification/add/").status_code == 403
