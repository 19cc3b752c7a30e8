from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onewindow.hotline import open311_intake


class Command(BaseCommand):
    help = "Issue an Open311 API key to a new client NAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the client application's name")

    def handle(self, *args, name, **options):
        try:
            _client, key = open311_intake.issue_key(name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)
