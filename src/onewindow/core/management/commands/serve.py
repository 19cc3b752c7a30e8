"""``onewindow serve``: the web application under gunicorn (static files by WhiteNoise)."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve OneWindow with gunicorn on HOST:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("ONEWINDOW_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("ONEWINDOW_PORT", "8000"))
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("ONEWINDOW_WEB_WORKERS", "2"))
        )

    def handle(self, *args, host, port, workers, **options):
        self.stdout.write(f"OneWindow serving on http://{host}:{port}/ (Ctrl-C stops it)")
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "onewindow.wsgi",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
