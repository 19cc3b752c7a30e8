"""``onewindow load-joint-measures``: the joint punishment and incentive measures (联合奖惩)."""

from django.core.management.base import BaseCommand

from onewindow.cases import joint_measures


class Command(BaseCommand):
    help = "Load the joint measures of cases/data/joint_measures.yaml (safe to run again)."

    def handle(self, *args, **options):
        count = joint_measures.load()
        self.stdout.write(f"{count} joint measures in force.")
