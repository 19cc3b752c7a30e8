"""``onewindow add-totp USERNAME``: enrol an authenticator app for an official.

The bootstrap path for the first administrator in production, where nobody can sign in to
the admin yet. Prints the otpauth:// URI and its QR code for the terminal.
"""

import io

import qrcode
from django.core.management.base import BaseCommand, CommandError

from onewindow.accounts import services
from onewindow.accounts.models import User


class Command(BaseCommand):
    help = "Create a TOTP device for USERNAME and print its otpauth:// URI and QR code."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator", help="a label for the device")
        parser.add_argument("--no-qr", action="store_true", help="print only the URI")

    def handle(self, *args, username, name, no_qr, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        device = services.enrol_totp_device(user=user, name=name)
        self.stdout.write(device.config_url)
        if not no_qr:
            code = qrcode.QRCode(border=1)
            code.add_data(device.config_url)
            out = io.StringIO()
            code.print_ascii(out=out, invert=True)
            self.stdout.write(out.getvalue())
        self.stdout.write(
            f"Scan it with an authenticator app; {username} now signs in with its code."
        )
