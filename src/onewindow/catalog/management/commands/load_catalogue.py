"""``onewindow load-catalogue [DIR]``: check the catalogue files, then load them atomically."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onewindow.catalog.reading import DATA_DIR, CatalogueInvalid
from onewindow.catalog.services import load_catalogue


class Command(BaseCommand):
    help = "Load the service catalogue (items, certificate types, BPMN processes); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DATA_DIR))

    def handle(self, *args, directory, **options):
        interactive = sys.stdout.isatty() and options["verbosity"] >= 1

        def progress(done, total, code):
            if interactive:
                self.stdout.write(f"\r  {done}/{total} {code:<32}", ending="")
            elif done == total or done % 25 == 0:
                self.stdout.write(f"  {done}/{total} items")

        try:
            summary = load_catalogue(Path(directory), progress=progress)
        except CatalogueInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"catalogue rejected: {len(exc.problems)} problem(s); nothing was loaded"
            ) from exc
        if interactive:
            self.stdout.write("")
        self.stdout.write(
            f"Loaded {summary.items} service items ({summary.parallel} with parallel review), "
            f"{summary.certificate_types} certificate types and {summary.processes} processes; "
            f"{summary.withdrawn} withdrawn."
        )
