from django.core.management.base import BaseCommand, CommandError

from onewindow.core import backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `onewindow backup` into the configured database, which must be "
        "empty, and MEDIA_ROOT, under the same data key; then check every table's row count "
        "and the whole audit chain."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar file `onewindow backup` wrote")

    def handle(self, *args, archive, **options):
        try:
            summary = backup.restore(archive, say=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary.line("Restored and verified:"))
