from django.core.management.base import BaseCommand

from onewindow.emergency import plan_data


class Command(BaseCommand):
    help = "Load the emergency plans (应急预案) in emergency/data/plans.yaml."

    def handle(self, *args, **options):
        count = plan_data.load()
        self.stdout.write(f"Loaded {count} emergency plans.")
