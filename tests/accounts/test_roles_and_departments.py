"""Departments form a tree over divisions; officials hold roles scoped to a department."""

import pytest
from django.core.exceptions import ValidationError

from onewindow.accounts import departments_data, selectors, services
from onewindow.accounts.models import Department, Role
from onewindow.core.models import AuditEntry
from tests.factories import CitizenFactory, DepartmentFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def test_the_department_tree_loads_from_province_to_street():
    count = departments_data.load()
    assert count == Department.objects.count()
    street = Department.objects.get(code="440106013-JD")
    assert [d.code for d in selectors.department_ancestors(street)] == [
        "440000-GOV",
        "440100-GOV",
        "440106-GOV",
    ]
    assert street.division.level == "township"
    city = Department.objects.get(code="440100-GOV")
    assert street in selectors.department_descendants(city)


def test_loading_departments_twice_changes_nothing():
    departments_data.load()
    entries = AuditEntry.objects.count()
    departments_data.load()
    assert AuditEntry.objects.count() == entries


def test_a_role_is_scoped_to_one_department():
    amr, tax = DepartmentFactory(), DepartmentFactory()
    reviewer = OfficialFactory(role=Role.REVIEWER, department=amr)
    assert selectors.has_role(reviewer, Role.REVIEWER, amr)
    assert not selectors.has_role(reviewer, Role.REVIEWER, tax)
    assert not selectors.has_role(reviewer, Role.HEAD, amr)
    assert reviewer.groups.filter(name="reviewer").exists()


def test_a_system_administrator_gets_the_admin_site_and_calendar_permissions():
    admin = OfficialFactory(role=Role.SYSTEM_ADMINISTRATOR)
    admin.refresh_from_db()
    assert admin.is_staff
    assert admin.has_perm("core.change_calendarday")
    assert not OfficialFactory(role=Role.REVIEWER).has_perm("core.change_calendarday")


def test_citizens_cannot_hold_department_roles():
    with pytest.raises(ValidationError):
        services.assign_role(user=CitizenFactory(), department=DepartmentFactory(), role="reviewer")


def test_revoking_the_last_grant_of_a_role_removes_its_group():
    department = DepartmentFactory()
    official = OfficialFactory(role=Role.REVIEWER, department=department)
    services.revoke_role(assignment=official.role_assignments.get())
    assert not official.groups.filter(name="reviewer").exists()
    assert AuditEntry.objects.filter(action="account.role_revoked").exists()
