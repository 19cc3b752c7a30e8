"""``onewindow rotate-seal``: the e-seal key ceremony.

Makes a new SM2 seal for one department (or every department that issues a certificate type)
and retires the old one, which keeps verifying what it signed. The private key goes straight
into the database wrapped under the master key; only the key id and public key are printed.
"""

from django.core.management.base import BaseCommand, CommandError

from onewindow.accounts.models import Department
from onewindow.catalog.models import CertificateType
from onewindow.certificates import seals


class Command(BaseCommand):
    help = "Make a new e-seal key pair for a department (or every issuer); retire the old one."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--department", help="department code, e.g. 440100-SCJG")
        which.add_argument(
            "--all-issuers", action="store_true", help="every department issuing certificates"
        )
        parser.add_argument(
            "--years", type=int, default=seals.SEAL_YEARS, help="validity of the new seal"
        )

    def handle(self, *args, **options):
        if not 1 <= options["years"] <= 10:
            raise CommandError("--years: a seal is valid for 1 to 10 years")
        if options["all_issuers"]:
            departments = Department.objects.filter(
                pk__in=CertificateType.objects.values("issuer")
            ).order_by("code")
        else:
            departments = Department.objects.filter(code=options["department"])
            if not departments:
                raise CommandError(f"--department: there is no department {options['department']}")
        for department in departments:
            seal = seals.rotate(department, years=options["years"])
            self.stdout.write(
                f"  {department.code} {department.name}: {seal.key_id} valid until "
                f"{seal.valid_until} (public key {seal.public_key[:16]}…)"
            )
        self.stdout.write(f"E-seals rotated: {len(departments)}; the old seals are retired.")
