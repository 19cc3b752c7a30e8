from django.core.management.base import BaseCommand

from onewindow.appointments import services


class Command(BaseCommand):
    help = "Remind everyone booked for tomorrow, once each (run daily; safe to run again)."

    def handle(self, *args, **options):
        sent = services.send_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
