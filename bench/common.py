"""What every benchmark under bench/ shares: its own PostgreSQL database, Django, the schema.

Each script creates a database of its own on the server DATABASE_URL names, sets Django up on
it, builds the schema with departments and the catalogue, and drops the database at the end;
the database named in DATABASE_URL is never touched.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
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


# -- a bench database of its own, kept or dropped (the ledger and hotline benchmarks) -----------


def add_database_arguments(parser, default_name: str) -> None:
    """``--name`` (the database to create), ``--keep`` and ``--index`` (extra CREATE INDEX)."""
    parser.add_argument("--name", default=default_name, help="database to create")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--index", action="append", default=[], help="extra CREATE INDEX to try (SQL)"
    )


@contextmanager
def bench_database(name: str, *, keep: bool = False):
    """Create the database ``name`` on the server DATABASE_URL names, set Django up on it, run
    the migrations and load the departments; yield its URL; drop it at the end unless ``keep``.
    Refuses to use the database DATABASE_URL names itself."""
    from workbench_inbox import load_average

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url, bench_url = database_urls(base, name)
    if urlsplit(base).path.strip("/") == name:
        raise SystemExit("DATABASE_URL names the bench database itself; point it elsewhere")
    say(f"creating database {name}; load average {load_average()}")
    recreate(admin_url, name)
    try:
        setup_django(bench_url)
        from django.core.management import call_command

        from onewindow.accounts import departments_data

        call_command("migrate", verbosity=0)
        departments_data.load()
        yield bench_url
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not keep:
            recreate(admin_url, name, drop_only=True)
            say(f"dropped database {name}")


def extra_indexes(statements: list[str], tables: list[str]) -> None:
    """Run the ``--index`` statements, timed, then refresh the statistics of ``tables``."""
    from django.db import connection

    if not statements:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            t = time.perf_counter()
            cursor.execute(statement)
            say(f"extra index in {time.perf_counter() - t:.1f} s: {statement}")
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def scans(node: dict):
    """The scans (and sorts or aggregates) of an EXPLAIN (FORMAT JSON) plan node, depth first."""
    if "Relation Name" in node:
        yield f"{node['Node Type']} {node.get('Index Name', node['Relation Name'])}"
    elif node["Node Type"] in ("Sort", "Incremental Sort", "HashAggregate", "GroupAggregate"):
        yield node["Node Type"]
    for child in node.get("Plans", []):
        yield from scans(child)


def explain(sql: str, params) -> str:
    """EXPLAIN ANALYZE of one statement: its scans and its execution time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        (document,) = cursor.fetchone()
    plan = (json.loads(document) if isinstance(document, str) else document)[0]
    return f"{', '.join(scans(plan['Plan']))} ({plan['Execution Time']:.1f} ms)"


def timed_once(label: str, run):
    """``run()`` once, its seconds said as ``label``; (result, seconds)."""
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    say(f"  {label}: {seconds:.2f} s")
    return result, seconds
