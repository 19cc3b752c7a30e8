"""Load the departments' inspection-item lists (随机抽查事项清单) from a YAML file, checked
completely before anything is written."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onewindow.market import items


class Command(BaseCommand):
    help = "Load inspection-item lists from a YAML file (default: the bundled lists)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(items.DEFAULT))

    def handle(self, *args, path, **options):
        try:
            count = items.load(Path(path))
        except (ValidationError, OSError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"{count} inspection items loaded from {path}.")
