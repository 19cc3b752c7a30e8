from django.core.management.base import BaseCommand

from onewindow.appointments import services


class Command(BaseCommand):
    help = "Make the slots of the coming working days from each centre's weekly template."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=services.DAYS_AHEAD)

    def handle(self, *args, **options):
        made = services.generate_slots(days=options["days"])
        self.stdout.write(f"{made} slot(s) made")
