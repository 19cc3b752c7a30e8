"""``onewindow close-consultations``: close every consultation whose last day has passed and
register its feedback report's deadline in the ledger (safe to run again, e.g. nightly)."""

from django.core.management.base import BaseCommand

from onewindow.participation.services import consultations


class Command(BaseCommand):
    help = "Close the consultations past their last day and open their feedback reports."

    def handle(self, *args, **options):
        closed = consultations.close_expired()
        self.stdout.write(f"Consultations on drafts: {closed} closed, their reports now due.")
