"""``onewindow bootstrap-security-admin USERNAME``: the first security administrator.

At installation nobody can sign in to the admin: this makes the first security administrator
(an official account, its authenticator device printed as an otpauth:// URI) and is refused
once any security administrator exists. Everything after goes through the admin, where the
security administrator creates the system and audit administrators and a second security
administrator (三权分立, GB/T 22239-2019 8.1.10). Audited as ``account.bootstrapped``.
"""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from onewindow.accounts import duties, services
from onewindow.accounts.models import Department, RoleAssignment
from onewindow.core import audit

PASSWORD_ENV = "ONEWINDOW_BOOTSTRAP_PASSWORD"  # noqa: S105 - a variable name


class Command(BaseCommand):
    help = "Create the first security administrator; refused once one exists."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--real-name", required=True, help="the official's real name")
        parser.add_argument("--department", required=True, help="department code")

    def handle(self, *args, username, real_name, department, **options):
        dept = Department.objects.filter(code=department).first()
        if dept is None:
            raise CommandError(f"--department: there is no department {department}")
        password = os.environ.get(PASSWORD_ENV) or getpass.getpass("Password: ")
        try:
            with transaction.atomic():
                # One bootstrap only: a second run, even a concurrent one, finds the first.
                if RoleAssignment.objects.select_for_update().filter(role=duties.SECURITY).exists():
                    raise CommandError(
                        "a security administrator exists already: accounts are managed in "
                        "the admin from now on"
                    )
                user = services.create_official(
                    username=username, password=password, real_name=real_name
                )
                services.assign_role(user=user, department=dept, role=duties.SECURITY)
                device = services.enrol_totp_device(user=user, name="authenticator")
                audit.record(
                    "account.bootstrapped",
                    object_type="user",
                    object_id=user.pk,
                    data={"role": duties.SECURITY, "department": dept.code},
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(device.config_url)
        self.stdout.write(
            f"{username} is the first security administrator. Add the key above to their "
            "authenticator app, sign in at /admin/ and create the system and audit "
            "administrators and a second security administrator."
        )
