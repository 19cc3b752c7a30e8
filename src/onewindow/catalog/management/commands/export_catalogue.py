"""``onewindow export-catalogue DIR``: write the database's catalogue back out as files."""

from pathlib import Path

from django.core.management.base import BaseCommand

from onewindow.catalog.exporting import export_catalogue


class Command(BaseCommand):
    help = "Export the published catalogue (items, certificate types, processes) as YAML and BPMN."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        counts = export_catalogue(Path(directory))
        self.stdout.write(
            f"Exported {counts['items']} items in {counts['files']} files to {directory}."
        )
