"""``onewindow build_knowledge``: (re)build the hotline's knowledge base from the catalogue."""

from django.core.management.base import BaseCommand

from onewindow.hotline import services


class Command(BaseCommand):
    help = "Create or update one knowledge article per published service guide (idempotent)."

    def handle(self, *args, **options):
        counts = services.build_knowledge()
        self.stdout.write(
            "Knowledge base: {created} created, {updated} updated, {withdrawn} withdrawn.".format(
                **counts
            )
        )
