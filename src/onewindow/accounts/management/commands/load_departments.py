from django.core.management.base import BaseCommand

from onewindow.accounts import departments_data


class Command(BaseCommand):
    help = "Load the department tree (province, city, district, street departments)."

    def handle(self, *args, **options):
        count = departments_data.load()
        self.stdout.write(f"Loaded {count} departments.")
