"""``onewindow add-totp USERNAME``: enrol an authenticator app for an official.

For an official who has no device yet (e.g. an account made before two-factor sign-in was
required). Prints the otpauth:// URI and its QR code for the terminal. A replacement device is
never added here: it needs a request approved by a second security administrator in the admin.
"""

import io

import qrcode
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

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
        if TOTPDevice.objects.filter(user=user).exists():
            raise CommandError(
                f"{username} has an authenticator device already: a replacement is requested "
                "in the admin and approved by a second security administrator"
            )
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
