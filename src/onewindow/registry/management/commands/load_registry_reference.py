"""``onewindow load-registry-reference``: district boundaries, standard addresses and economic
indicators from the files shipped in ``registry/data/``; safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from onewindow.registry import geo, indicators


class Command(BaseCommand):
    help = "Load division boundaries, standard addresses and economic indicators (idempotent)."

    def handle(self, *args, **options):
        try:
            self.stdout.write(f"Boundaries from {geo.BOUNDARIES_FILE.name} …")
            boundaries = geo.load_boundaries()
            self.stdout.write(f"  {boundaries} division boundaries")
            self.stdout.write(f"Standard addresses from {geo.PLACES_FILE.name} …")
            places = geo.load_places()
            self.stdout.write(
                f"  {places.total} addresses: {places.created} new, {places.updated} changed"
            )
            self.stdout.write(f"Indicators from {indicators.INDICATORS_FILE.name} …")
            summary = indicators.load_indicators()
            self.stdout.write(
                f"  {summary.indicators} indicators, {summary.observations} observations"
            )
        except geo.ReferenceDataError as exc:
            raise CommandError(f"reference data rejected: {exc}") from exc
        self.stdout.write(
            f"Loaded {boundaries} boundaries, {places.total} addresses ({places.created} new), "
            f"{summary.indicators} indicators and "
            f"{summary.observations} observations ({summary.created} new)."
        )
