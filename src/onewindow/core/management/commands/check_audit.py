from django.core.management.base import BaseCommand, CommandError

from onewindow.core.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the whole hash-chained audit log and name the first broken entry."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry #{report.broken_seq}: {report.reason} "
                f"({report.entries} entries read)"
            )
        self.stdout.write(f"Audit chain intact: {report.entries} entries verified.")
