"""``onewindow disclosure-harvest``: publish the licensing results of granted cases and one
service guide per catalogue item, each once (safe to run again, e.g. nightly)."""

from django.core.management.base import BaseCommand

from onewindow.disclosure.services import harvest


class Command(BaseCommand):
    help = "Publish licensing results and service guides proactively (idempotent)."

    def handle(self, *args, **options):
        counts = harvest.harvest()
        self.stdout.write(
            "Proactive disclosure: {licensing} licensing results and {guides} service guides "
            "newly published.".format(**counts)
        )
