"""Put the enterprises that did not file last year's annual report on the abnormal-operation
list (企业信息公示暂行条例 Art. 17): meant for a daily cron from 1 July; it lists each once."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from onewindow.market import lists


class Command(BaseCommand):
    help = "List the enterprises that did not file the annual report on a year (default: last)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="the year reported on")

    def handle(self, *args, year, **options):
        today = timezone.localdate()
        year = year or today.year - 1
        if today < date(year + 1, 7, 1):
            self.stdout.write(
                f"Nothing is due yet: enterprises are listed for the annual report on {year} "
                f"from 1 July {year + 1}."
            )
            return
        count = lists.list_non_filers(year, today=today)
        self.stdout.write(f"{count} enterprises listed for the annual report on {year}.")
