from django.core.management.base import BaseCommand

from onewindow.core import services


class Command(BaseCommand):
    help = "Seed holidays and adjusted working days from the chinesecalendar package."

    def handle(self, *args, **options):
        counts = services.seed_calendar()
        self.stdout.write(
            f"Calendar seeded: {counts['years']} years, {counts['created']} days added, "
            f"{counts['updated']} refreshed (administrator entries kept)."
        )
