"""The security administrator's account pages: a new official is made through the service;
one's own password changes as before, another's only through a request."""

import pytest

from onewindow.accounts.models import Role, User
from onewindow.core.models import AuditEntry
from tests.factories import PASSWORD, OfficialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def security(duty_client):
    client = duty_client(Role.SECURITY_ADMINISTRATOR)
    return User.objects.get(pk=client.session["_auth_user_id"]), client


def test_a_new_account_from_the_admin_is_an_official_made_by_the_service(security):
    admin, client = security
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new_clerk",
            "real_name": "新窗口",
            "password1": "A-first-pass-2026",
            "password2": "A-first-pass-2026",
            "is_superuser": "on",
            "is_staff": "on",
            "kind": "citizen",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert (user.kind, user.real_name, user.is_superuser, user.is_staff) == (
        User.Kind.OFFICIAL,
        "新窗口",
        False,
        False,
    )
    entry = AuditEntry.objects.get(action="account.registered", object_id=user.pk)
    assert entry.actor == f"{admin.pk}:{admin.username}"


def test_an_officials_name_and_work_email_change_is_audited(security):
    _admin, client = security
    official = OfficialFactory(role=Role.REVIEWER)
    client.post(
        f"/admin/accounts/user/{official.pk}/change/",
        {
            "username": "ignored",
            "real_name": "改名后",
            "email": "gai@gz.gov.cn",
            "is_active": "on",
        },
    )
    official.refresh_from_db()
    assert (official.real_name, official.email) == ("改名后", "gai@gz.gov.cn")
    assert official.username != "ignored"  # read-only
    entry = AuditEntry.objects.get(action="account.updated", object_id=official.pk)
    assert entry.data == {"fields": ["email", "real_name"]}


def test_ones_own_password_changes_as_before(security):
    admin, client = security
    own = client.get(f"/admin/accounts/user/{admin.pk}/password/")
    assert own["Location"] == "/admin/password_change/"
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "My-own-new-pass-2026",
            "new_password2": "My-own-new-pass-2026",
        },
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.check_password("My-own-new-pass-2026")
