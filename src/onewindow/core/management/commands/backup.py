from django.core.management.base import BaseCommand, CommandError

from onewindow.core import backup


class Command(BaseCommand):
    help = (
        "Archive the database (pg_dump, or SQLite's backup API), the uploaded and rendered "
        "files, with a manifest of row counts, the audit head and digests. The data key is "
        "not included: keep it in the secret store."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="the archive to write (default var/backups/onewindow-<time>.tar)"
        )

    def handle(self, *args, output=None, **options):
        try:
            summary = backup.create(output, say=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary.line("Backup written:"))
