from django.core.management.base import BaseCommand, CommandError

from onewindow.hotline import catalogue


class Command(BaseCommand):
    help = "Load the 12345 hotline's categories from hotline/data/categories.yaml (safe to rerun)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="another categories file to load")

    def handle(self, *args, **options):
        try:
            count = catalogue.load(options["file"] or catalogue.DATA_FILE)
        except catalogue.CatalogueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Loaded {count} hotline categories.")
