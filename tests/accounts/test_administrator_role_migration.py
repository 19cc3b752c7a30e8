"""The migration that splits the old administrator role: each administrator becomes a system
administrator (once), no account stays a superuser, only duty holders keep staff status."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# CI runs it once, on PostgreSQL: the data migration's logic is the same on either database;
# SQLite's migrations run in the demo step.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.once]

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_separation_of_duties")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def _latest_schema_afterwards():
    """Going back to 0001 unapplies every later migration of every app; bring them all back."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.usefixtures("_latest_schema_afterwards")
def test_administrators_become_system_administrators_and_superusers_go():
    old = migrate(BEFORE)
    try:
        User = old.get_model("accounts", "User")
        Department = old.get_model("accounts", "Department")
        RoleAssignment = old.get_model("accounts", "RoleAssignment")
        Group = old.get_model("auth", "Group")
        Division = old.get_model("core", "Division")
        division = Division.objects.get_or_create(
            code="440100", defaults={"name": "广州市", "level": "prefecture"}
        )[0]
        one = Department.objects.create(code="T-1", name="一局", division=division)
        two = Department.objects.create(code="T-2", name="二局", division=division)
        admin = User.objects.create(username="old_admin", kind="official", is_staff=True)
        User.objects.create(username="root", kind="official", is_superuser=True, is_staff=True)
        clerk = User.objects.create(username="clerk", kind="official")
        RoleAssignment.objects.create(user=admin, department=one, role="administrator")
        RoleAssignment.objects.create(user=admin, department=two, role="administrator")
        RoleAssignment.objects.create(user=clerk, department=one, role="window_clerk")
        Group.objects.get_or_create(name="administrator")[0].user_set.add(admin)
    finally:
        new = migrate(AFTER)

    User = new.get_model("accounts", "User")
    RoleAssignment = new.get_model("accounts", "RoleAssignment")
    assert list(
        RoleAssignment.objects.filter(user__username="old_admin").values_list(
            "role", "department__code"
        )
    ) == [("system_administrator", "T-1")]
    assert RoleAssignment.objects.get(user__username="clerk").role == "window_clerk"
    assert not User.objects.filter(is_superuser=True).exists()
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {
        "old_admin"
    }
    admin = User.objects.get(username="old_admin")
    assert list(admin.groups.values_list("name", flat=True)) == ["system_administrator"]
    assert not new.get_model("auth", "Group").objects.filter(name="administrator").exists()
