"""``onewindow close_expired_surveys``: record the closure of every open survey whose closing
date has passed (daily, from cron or a systemd timer; answers stop at the date anyway)."""

from django.core.management.base import BaseCommand

from onewindow.participation.services import surveys


class Command(BaseCommand):
    help = "Close the open surveys whose closing date has passed."

    def handle(self, *args, **options):
        closed = surveys.close_expired()
        self.stdout.write(f"{closed} survey(s) closed.")
