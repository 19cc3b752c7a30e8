"""``onewindow import-holidays FILE``: enter a year's holiday arrangement from the file an
administrator wrote from the State Council's notice, publish the year and move the open
deadlines (format: docs/operations.md, "Holiday arrangements")."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onewindow.core import services


class Command(BaseCommand):
    help = "Import a year's holidays and make-up working days (YAML) and publish the year."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the YAML file (docs/operations.md)")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        try:
            result = services.import_holidays(text=text)
        except ValidationError as exc:
            problems = [f"{path}: {line}" for line in exc.message_dict.get("file", exc.messages)]
            raise CommandError("\n".join(["Nothing was imported.", *problems])) from exc
        self.stdout.write(
            f"{result['year']} published from {result['source']}: {result['holidays']} holiday "
            f"days, {result['workdays']} make-up working days "
            f"({result['replaced']} earlier entries replaced); "
            f"{len(result['moved'])} open cases' due dates moved."
        )
        for number in result["moved"]:
            self.stdout.write(f"  {number}")
