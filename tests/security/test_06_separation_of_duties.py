"""Finding 6 (issue 18): "The administrator can make anyone a superuser and take over any
official's account (password reset, adding a TOTP device)."

Replayed through the admin over HTTP, signed in with password and one-time code as a real
administrator would: the change form ignores is_superuser, is_staff, kind, groups and
permissions; another official's password or device changes only when a second security
administrator approves, never by the one who asked or the official, and the official is told;
the three duties stay apart.
"""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from onewindow.accounts.models import CredentialChangeRequest, Role, RoleAssignment, User
from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from tests.factories import PASSWORD, DepartmentFactory, OfficialFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"
REQUESTS = "/admin/accounts/credentialchangerequest/"


def signed_in(role: str) -> tuple[User, Client]:
    """An administrator signed in through the sign-in form with their one-time code."""
    user = OfficialFactory(role=role)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client = Client()
    response = client.post(
        "/login/",
        {"username": user.username, "password": PASSWORD, "otp_token": f"{totp.token():06d}"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return user, client


def change_form_data(user: User, **extra) -> dict:
    return {
        "username": user.username,
        "real_name": user.real_name,
        "is_active": "on",
        **extra,
    }


def test_the_user_change_form_cannot_make_a_superuser_staff_or_another_kind():
    security, client = signed_in(Role.SECURITY_ADMINISTRATOR)
    victim = OfficialFactory(role=Role.REVIEWER)
    page = client.get(f"{USERS}{victim.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("is_superuser", "is_staff", "kind", "groups", "user_permissions"):
        assert f'name="{field}"' not in html

    everything = list(Permission.objects.values_list("pk", flat=True))
    groups = list(Group.objects.values_list("pk", flat=True))
    for target in (victim, security):  # another official, and oneself
        response = client.post(
            f"{USERS}{target.pk}/change/",
            change_form_data(
                target,
                is_superuser="on",
                is_staff="on",
                kind=User.Kind.CITIZEN,
                groups=groups,
                user_permissions=everything,
            ),
        )
        assert response.status_code == 302  # the allowed fields were saved, nothing else
        target.refresh_from_db()
        assert not target.is_superuser
        assert target.kind == User.Kind.OFFICIAL
        assert not target.user_permissions.exists()
    assert not victim.is_staff
    assert list(victim.groups.values_list("name", flat=True)) == ["reviewer"]
    assert list(security.groups.values_list("name", flat=True)) == ["security_administrator"]
    assert not User.objects.filter(is_superuser=True).exists()


def test_a_password_reset_needs_a_second_security_administrator_and_tells_the_official():
    first, first_client = signed_in(Role.SECURITY_ADMINISTRATOR)
    second, second_client = signed_in(Role.SECURITY_ADMINISTRATOR)
    official = OfficialFactory(role=Role.HEAD)

    # Django's own "change password" form for another user sets nothing: it leads to a request.
    response = first_client.post(
        f"{USERS}{official.pk}/password/",
        {"password1": "Taken-over-2026", "password2": "Taken-over-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{REQUESTS}add/")
    official.refresh_from_db()
    assert official.check_password(PASSWORD)

    response = first_client.post(
        f"{REQUESTS}add/",
        {"target": official.pk, "kind": "password_reset", "reason": "Forgot it, phoned the desk"},
    )
    assert response.status_code == 302
    change = CredentialChangeRequest.objects.get(target=official)
    assert change.state == "pending"
    official.refresh_from_db()
    assert official.check_password(PASSWORD)

    # The one who asked cannot approve it.
    first_client.post(REQUESTS, {"action": "approve", "_selected_action": [change.pk]})
    change.refresh_from_db()
    official.refresh_from_db()
    assert change.state == "pending"
    assert official.check_password(PASSWORD)
    assert not Notification.objects.filter(recipient=official).exists()

    page = second_client.post(REQUESTS, {"action": "approve", "_selected_action": [change.pk]})
    assert page.status_code == 200
    temporary = re.search(
        r'<code class="temporary-password">([^<]+)</code>', page.content.decode()
    ).group(1)
    official.refresh_from_db()
    change.refresh_from_db()
    assert official.check_password(temporary)
    assert not official.check_password(PASSWORD)
    assert (change.state, change.requested_by, change.decided_by) == ("approved", first, second)
    notice = Notification.objects.get(recipient=official)
    assert notice.kind == "account.password_reset"
    assert first.display_name in notice.body
    assert second.display_name in notice.body
    approved = AuditEntry.objects.get(action="account.credential_change_approved")
    assert approved.actor == f"{second.pk}:{second.username}"
    assert temporary not in str(approved.data)
    assert temporary not in str(notice.params)


def test_nobody_approves_a_change_of_their_own_credentials():
    first, first_client = signed_in(Role.SECURITY_ADMINISTRATOR)
    target, target_client = signed_in(Role.SECURITY_ADMINISTRATOR)
    first_client.post(
        f"{REQUESTS}add/", {"target": target.pk, "kind": "password_reset", "reason": "Lost it"}
    )
    change = CredentialChangeRequest.objects.get(target=target)
    target_client.post(REQUESTS, {"action": "approve", "_selected_action": [change.pk]})
    change.refresh_from_db()
    target.refresh_from_db()
    assert change.state == "pending"
    assert target.check_password(PASSWORD)

    # Nor asks for one on their own behalf.
    response = first_client.post(
        f"{REQUESTS}add/", {"target": first.pk, "kind": "device_change", "reason": "new phone"}
    )
    assert response.status_code == 200
    assert not CredentialChangeRequest.objects.filter(target=first).exists()


def test_a_device_change_needs_a_second_person_and_replaces_the_device():
    _first, first_client = signed_in(Role.SECURITY_ADMINISTRATOR)
    _second, second_client = signed_in(Role.SECURITY_ADMINISTRATOR)
    official = OfficialFactory(role=Role.REVIEWER)
    old = TOTPDevice.objects.create(user=official, name="phone", confirmed=True)

    # Adding a device directly is not offered to anyone, and its secret is never shown.
    assert first_client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    assert (
        old.key
        not in first_client.get(f"/admin/otp_totp/totpdevice/{old.pk}/change/").content.decode()
    )
    first_client.post(
        "/admin/otp_totp/totpdevice/add/", {"user": official.pk, "name": "mine", "confirmed": "on"}
    )
    assert list(TOTPDevice.objects.filter(user=official)) == [old]

    first_client.post(
        f"{REQUESTS}add/", {"target": official.pk, "kind": "device_change", "reason": "lost phone"}
    )
    change = CredentialChangeRequest.objects.get(target=official)
    page = second_client.post(REQUESTS, {"action": "approve", "_selected_action": [change.pk]})
    uri = re.search(r'<code class="otpauth-uri">([^<]+)</code>', page.content.decode()).group(1)
    devices = list(TOTPDevice.objects.filter(user=official))
    assert len(devices) == 1
    assert devices[0].pk != old.pk
    assert devices[0].config_url == html.unescape(uri)
    assert uri.startswith("otpauth://totp/")
    assert Notification.objects.get(recipient=official).kind == "account.device_changed"


def test_the_three_duties_stay_apart():
    security, security_client = signed_in(Role.SECURITY_ADMINISTRATOR)
    system, system_client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    _audit, audit_client = signed_in(Role.AUDIT_ADMINISTRATOR)

    # The security administrator gives nobody a second duty, and themselves no role at all.
    for holder, role in ((system, "audit_administrator"), (security, "head")):
        response = security_client.post(
            "/admin/accounts/roleassignment/add/",
            {"user": holder.pk, "department": DepartmentFactory().pk, "role": role},
        )
        assert response.status_code == 200
        assert not RoleAssignment.objects.filter(user=holder, role=role).exists()
    own = security.role_assignments.get()
    security_client.post(
        "/admin/accounts/roleassignment/",
        {"action": "delete_selected", "_selected_action": [own.pk], "post": "yes"},
    )
    assert RoleAssignment.objects.filter(pk=own.pk).exists()

    # The system administrator runs the catalogue and calendar, not accounts or the audit log.
    assert system_client.get("/admin/core/calendarday/", follow=True).status_code == 200
    assert system_client.get(USERS).status_code == 403
    assert system_client.get("/admin/core/auditentry/").status_code == 403

    # The audit administrator reads the audit log, changes nothing and sees no account.
    assert audit_client.get("/admin/core/auditentry/").status_code == 200
    assert audit_client.get("/admin/core/auditentry/add/").status_code == 403
    assert audit_client.get(USERS).status_code == 403
    assert audit_client.get("/admin/accounts/roleassignment/").status_code == 403
    assert audit_client.get(REQUESTS).status_code == 403

    # The security administrator does not read the audit log or edit the catalogue.
    assert security_client.get("/admin/core/auditentry/").status_code == 403
    assert security_client.get("/admin/core/calendarday/").status_code == 403


def test_a_superuser_flag_opens_nothing():
    """An account flagged superuser outside the platform (e.g. by SQL) gets no admin at all."""
    reviewer, client = signed_in(Role.REVIEWER)
    User.objects.filter(pk=reviewer.pk).update(is_superuser=True, is_staff=True)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(USERS).status_code == 302
