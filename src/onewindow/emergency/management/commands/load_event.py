from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onewindow.emergency import event_data


class Command(BaseCommand):
    help = (
        "Load a major event (赛会) from a YAML file: its venues, schedule, functional areas and "
        "command structures with the dates they come into force (see emergency/event_data.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            event = event_data.load_file(path)
        except (OSError, KeyError, ValidationError) as problem:
            raise CommandError(f"{path}: {problem}") from None
        self.stdout.write(
            f"Loaded {event.code}: {event.venues.count()} venues, "
            f"{event.structures.count()} command structures."
        )
