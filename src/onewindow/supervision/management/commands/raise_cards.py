"""``onewindow raise_cards``: the e-supervision card sweep over the whole ledger.

Stamps the yellow and red cards every running matter has earned (cases, tickets, any kind
registered) and sends their escalations. Idempotent; run it from cron or a systemd timer
(``onewindow sweep-cases`` runs it too, and ``supervision.tasks.raise_cards`` on a worker).
"""

from django.core.management.base import BaseCommand

from onewindow.supervision import services


class Command(BaseCommand):
    help = "Raise the e-supervision yellow and red cards on the ledger and escalate them."

    def handle(self, *args, **options):
        counts = services.raise_cards()
        self.stdout.write(
            f"Ledger swept: {counts['yellow']} yellow and {counts['red']} red cards raised."
        )
