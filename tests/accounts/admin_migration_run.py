"""Run by test_administrator_role_migration.py in a fresh, empty database (DATABASE_URL):
migrate accounts to 0001 (with only what it depends on), give the old administrator role, then
migrate to 0002 and print what the data migration left, as JSON."""

import json

import django
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_separation_of_duties")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def before() -> None:
    old = migrate(BEFORE)
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


def after() -> dict:
    new = migrate(AFTER)
    User = new.get_model("accounts", "User")
    RoleAssignment = new.get_model("accounts", "RoleAssignment")
    Group = new.get_model("auth", "Group")
    return {
        "roles": {
            user.username: sorted(
                [a.role, a.department.code]
                for a in RoleAssignment.objects.filter(user=user).select_related("department")
            )
            for user in User.objects.order_by("username")
        },
        "superusers": sorted(
            User.objects.filter(is_superuser=True).values_list("username", flat=True)
        ),
        "staff": sorted(User.objects.filter(is_staff=True).values_list("username", flat=True)),
        "groups": {
            user.username: sorted(user.groups.values_list("name", flat=True))
            for user in User.objects.order_by("username")
        },
        "all_groups": sorted(Group.objects.values_list("name", flat=True)),
    }


if __name__ == "__main__":
    django.setup()
    before()
    print(json.dumps(after(), ensure_ascii=False))
