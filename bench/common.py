"""What every benchmark under bench/ shares: its own PostgreSQL database, Django, the schema.

Each script creates a database of its own on the server DATABASE_URL names, sets Django up on
it, builds the schema with departments and the catalogue, and drops the database at the end;
the database named in DATABASE_URL is never touched.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT / "src") not in sys.path:
    sys.path.insert(0, str(PROJECT / "src"))


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def say(message: str) -> None:
    print(message, flush=True)


def database_urls(base: str, name: str) -> tuple[str, str]:
    """(maintenance URL, bench URL) from the configured PostgreSQL URL."""
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"DATABASE_URL must be a PostgreSQL URL, not {parts.scheme!r}")
    admin = urlunsplit(parts._replace(path="/postgres"))
    return admin, urlunsplit(parts._replace(path=f"/{name}"))


def recreate(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(bench_url: str) -> None:
    os.environ["DATABASE_URL"] = bench_url
    os.environ["ONEWINDOW_ENV"] = "test"
    os.environ["DJANGO_SETTINGS_MODULE"] = "onewindow.settings"
    os.environ.setdefault("ONEWINDOW_VAR_DIR", tempfile.mkdtemp(prefix="onewindow-bench-"))
    os.environ.setdefault("ONEWINDOW_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def build_schema() -> None:
    from django.core.management import call_command

    from onewindow.accounts import departments_data
    from onewindow.catalog.services import load_catalogue

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    departments_data.load()
    load_catalogue()
    say(f"schema, departments and catalogue ready in {time.perf_counter() - t:.1f} s")
