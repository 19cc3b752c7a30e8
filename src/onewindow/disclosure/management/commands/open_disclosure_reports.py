"""``onewindow open-disclosure-reports --year Y``: open the drafts of the reports on year Y for
every agency with a disclosure guide, each with its ledger matter due 31 January of Y + 1
(政府信息公开条例 Art. 49–50). Run it in the last weeks of Y; running it again changes nothing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from onewindow.disclosure.services import reports


class Command(BaseCommand):
    help = "Open the annual disclosure report drafts on a year for every agency with a guide."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, default=None, help="the year reported on (default: this year)"
        )

    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year
        try:
            opened = reports.open_reports(year)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{len(opened)} annual report drafts on {year} open.")
