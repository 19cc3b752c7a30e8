"""Load the departments' discretion benchmarks (行政处罚裁量基准) from a YAML file, checked
completely before anything is written."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onewindow.market import benchmarks


class Command(BaseCommand):
    help = "Load discretion benchmarks from a YAML file (default: the bundled benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(benchmarks.DEFAULT))

    def handle(self, *args, path, **options):
        try:
            count = benchmarks.load(Path(path))
        except (ValidationError, OSError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"{count} violations loaded from {path}.")
