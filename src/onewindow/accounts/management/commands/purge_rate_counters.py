from django.core.management.base import BaseCommand

from onewindow.accounts.identity import throttle


class Command(BaseCommand):
    help = "Delete the rate-limit counters of windows that have ended (run daily from cron)."

    def handle(self, *args, **options):
        count = throttle.purge()
        self.stdout.write(f"Deleted {count} ended rate-limit windows.")
