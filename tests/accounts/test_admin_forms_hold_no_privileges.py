"""No admin form of any app lets an administrator set superuser or staff status, an account's
kind, groups or permissions; groups and authenticator devices are read-only."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from onewindow.accounts.models import Role, User
from tests.factories import CitizenFactory, OfficialFactory

pytestmark = pytest.mark.django_db

PRIVILEGES = {"is_superuser", "is_staff", "groups", "user_permissions"}


@pytest.mark.parametrize(
    "duty", [Role.SYSTEM_ADMINISTRATOR, Role.SECURITY_ADMINISTRATOR, Role.AUDIT_ADMINISTRATOR]
)
def test_no_admin_form_carries_a_privilege(duty):
    holder = OfficialFactory(role=duty)
    CitizenFactory()
    request = RequestFactory().get("/admin/")
    request.user = holder
    checked = 0
    for model, model_admin in site._registry.items():
        objects = [None, model._default_manager.first()]
        for obj in objects:
            allowed = (
                model_admin.has_add_permission(request)
                if obj is None
                else model_admin.has_change_permission(request, obj)
            )
            if not allowed:
                continue
            fields = set(model_admin.get_form(request, obj).base_fields)
            assert not fields & PRIVILEGES, f"{model.__name__}: {fields & PRIVILEGES}"
            if model is User:
                assert "kind" not in fields
            checked += 1
    # The system and security administrators edit something; the audit administrator nothing.
    assert bool(checked) == (duty != Role.AUDIT_ADMINISTRATOR)


def test_groups_and_devices_are_read_only_and_devices_keep_their_key_hidden():
    security = OfficialFactory(role=Role.SECURITY_ADMINISTRATOR)
    request = RequestFactory().get("/admin/")
    request.user = security
    for model in (Group, TOTPDevice):
        model_admin = site._registry[model]
        assert model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    assert "key" not in site._registry[TOTPDevice].get_fields(request)
