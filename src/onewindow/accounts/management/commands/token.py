from django.core.management.base import BaseCommand, CommandError

from onewindow.accounts import services
from onewindow.accounts.models import User


class Command(BaseCommand):
    help = "Print the API token of USERNAME, creating it on first use."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is not active")
        self.stdout.write(services.issue_api_token(user))
