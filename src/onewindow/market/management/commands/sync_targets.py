"""Bring the inspection-target list (检查对象名录库) up to the legal entity registry."""

from django.core.management.base import BaseCommand

from onewindow.market import targets


class Command(BaseCommand):
    help = "Add the registry's enterprises to the inspection-target list; take closed ones off."

    def add_arguments(self, parser):
        parser.add_argument("--district", default="", help="a district's code, e.g. 440106")

    def handle(self, *args, district, **options):
        counts = targets.sync(district=district)
        self.stdout.write(
            f"Targets: {counts['added']} added, {counts['updated']} updated, "
            f"{counts['taken_off']} taken off."
        )
