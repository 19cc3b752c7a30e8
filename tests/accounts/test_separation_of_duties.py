"""三权分立: the system, security and audit administrator duties, one per person, each with
only its own permissions; no superuser by any path; the first security administrator."""

import threading

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory

from onewindow.accounts import duties, services
from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.cli import main
from onewindow.core.models import AuditEntry
from tests.conftest import zh
from tests.factories import DepartmentFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def perms_of(group_name: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group_name).permissions.select_related("content_type")
    }


@pytest.mark.parametrize("duty", duties.DUTIES)
def test_each_duty_group_has_exactly_its_permissions(duty):
    assert perms_of(duty) == set(duties.DUTY_PERMISSIONS[duty])  # every listed one exists


def test_the_duties_share_no_write_and_only_the_security_administrator_manages_accounts():
    system, security, audit = (perms_of(d) for d in duties.DUTIES)
    # The security administrator picks a department when granting a role; only reads it.
    assert system & security == {"accounts.view_department"}
    assert not system & audit
    assert not security & audit
    assert {p for p in system | audit if p.startswith("accounts.") and "user" in p} == set()
    assert audit == {"core.view_auditentry", "registry.view_registryread"}
    assert not Group.objects.filter(name="administrator").exists()


def test_a_second_duty_is_refused_naming_the_role_field():
    official = OfficialFactory(role=Role.SYSTEM_ADMINISTRATOR)
    for duty in (Role.SECURITY_ADMINISTRATOR, Role.AUDIT_ADMINISTRATOR):
        with pytest.raises(ValidationError) as refused:
            services.assign_role(user=official, department=DepartmentFactory(), role=duty)
        assert list(refused.value.message_dict) == ["role"]
    assert [a.role for a in official.role_assignments.all()] == [Role.SYSTEM_ADMINISTRATOR]


def test_the_refusal_is_translated():
    official = OfficialFactory(role=Role.AUDIT_ADMINISTRATOR)
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.assign_role(
            user=official, department=DepartmentFactory(), role=Role.SECURITY_ADMINISTRATOR
        )
    message = refused.value.message_dict["role"][0]
    assert zh("Audit administrator") in message
    assert "administrator" not in message


def test_the_same_duty_twice_in_one_department_is_harmless_but_not_in_a_second():
    department = DepartmentFactory()
    official = OfficialFactory(role=Role.SECURITY_ADMINISTRATOR, department=department)
    services.assign_role(user=official, department=department, role=Role.SECURITY_ADMINISTRATOR)
    with pytest.raises(ValidationError):
        services.assign_role(
            user=official, department=DepartmentFactory(), role=Role.SECURITY_ADMINISTRATOR
        )
    assert official.role_assignments.count() == 1


def test_a_duty_holder_may_still_hold_an_ordinary_role():
    official = OfficialFactory(role=Role.SYSTEM_ADMINISTRATOR)
    services.assign_role(user=official, department=DepartmentFactory(), role=Role.REVIEWER)
    assert official.role_assignments.count() == 2


def test_nobody_grants_or_withdraws_their_own_roles():
    security = OfficialFactory(role=Role.SECURITY_ADMINISTRATOR)
    with pytest.raises(ValidationError) as refused:
        services.assign_role(
            user=security, department=DepartmentFactory(), role=Role.HEAD, actor=security
        )
    assert list(refused.value.message_dict) == ["user"]
    with pytest.raises(ValidationError):
        services.revoke_role(assignment=security.role_assignments.get(), actor=security)
    assert security.role_assignments.count() == 1


def test_the_database_refuses_two_duties_for_one_person():
    official = OfficialFactory(role=Role.SYSTEM_ADMINISTRATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=official, department=DepartmentFactory(), role=Role.AUDIT_ADMINISTRATOR
        )


def test_revoking_the_duty_ends_staff_status_and_the_admin():
    official = OfficialFactory(role=Role.AUDIT_ADMINISTRATOR)
    official.refresh_from_db()
    assert official.is_staff
    services.revoke_role(assignment=official.role_assignments.get())
    official.refresh_from_db()
    assert not official.is_staff
    request = RequestFactory().get("/admin/")
    request.user = official
    assert not site.has_permission(request)


def test_no_path_makes_a_superuser():
    official = OfficialFactory()
    official.is_superuser = True
    with pytest.raises(PermissionDenied):
        official.save()
    with pytest.raises(PermissionDenied):
        User.objects.create_superuser("root", password="Another-pass-2026")
    assert not User.objects.filter(is_superuser=True).exists()
    with pytest.raises(SystemExit) as refused:
        main(["onewindow", "createsuperuser", "--noinput", "--username", "root"])
    assert "bootstrap-security-admin" in str(refused.value.code)


def test_bootstrap_makes_the_first_security_administrator_once(monkeypatch, capsys):
    department = DepartmentFactory()
    monkeypatch.setenv("ONEWINDOW_BOOTSTRAP_PASSWORD", "First-security-2026")
    call_command(
        "bootstrap_security_admin",
        "anquan",
        "--real-name",
        "安全员",
        "--department",
        department.code,
    )
    assert capsys.readouterr().out.startswith("otpauth://totp/")
    first = User.objects.get(username="anquan")
    assert first.is_official
    assert not first.is_superuser
    assert duties.duties_of(first) == [Role.SECURITY_ADMINISTRATOR]
    assert first.check_password("First-security-2026")
    assert AuditEntry.objects.filter(action="account.bootstrapped", object_id=first.pk).exists()
    with pytest.raises(CommandError, match="exists already"):
        call_command(
            "bootstrap_security_admin",
            "other",
            "--real-name",
            "他人",
            "--department",
            department.code,
        )
    assert not User.objects.filter(username="other").exists()


def test_add_totp_enrols_only_a_first_device():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    official = OfficialFactory(role=Role.REVIEWER)
    TOTPDevice.objects.create(user=official, name="phone", confirmed=True)
    with pytest.raises(CommandError, match="second security administrator"):
        call_command("add_totp", official.username, "--no-qr")
    assert TOTPDevice.objects.filter(user=official).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_duties_granted_at_once_leave_one():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    from tests.conftest import restore_migration_data

    restore_migration_data()
    official = OfficialFactory()
    department = DepartmentFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def grant(role):
        try:
            barrier.wait()
            services.assign_role(
                user=User.objects.get(pk=official.pk),
                department=Department.objects.get(pk=department.pk),
                role=role,
            )
            outcomes.append("granted")
        except ValidationError as error:
            outcomes.append(list(error.message_dict))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=grant, args=(role,))
        for role in (Role.SECURITY_ADMINISTRATOR, Role.AUDIT_ADMINISTRATOR)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == sorted(["granted", ["role"]], key=str)
    assert RoleAssignment.objects.filter(user=official, role__in=duties.DUTIES).count() == 1
    assert Permission.objects.exists()
