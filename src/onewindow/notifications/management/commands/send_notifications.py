"""``onewindow send-notifications``: the cron sweep beside the worker (retries, lost enqueues)."""

from django.core.management.base import BaseCommand

from onewindow.notifications import services


class Command(BaseCommand):
    help = "Send pending notification outbox messages and report how many were sent or failed."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="at most this many messages")

    def handle(self, *args, limit, **options):
        delivery = services.deliver_pending(limit=limit)
        self.stdout.write(f"Notifications: {delivery.sent} sent, {delivery.failed} failed.")
