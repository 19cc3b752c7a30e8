"""Benchmark: generating the base registries (persons, families, entities) on PostgreSQL.

Creates its own PostgreSQL database (``onewindow_bench_registry`` by default, dropped at the
end), runs the migrations, then measures in the same run on the same machine:

* baselines: a bare COPY of N pre-built person rows of the same width (and as many relation
  rows as the generator wrote) into scratch tables with the same indexes but no foreign keys,
  and the bare per-row cost of what the generator cannot skip, the SM4-GCM encryption of the ID
  number (``EncryptedCharField.get_prep_value``) and its HMAC-SM3 blind index;
* the generator itself, ``RegistryGenerator(seed).generate(N, M)``, as ``onewindow
  generate-registry --persons N --entities M`` runs it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/registry_generate.py --persons 1000000 --entities 100000

Never touches the database named in DATABASE_URL beyond creating and dropping the bench one.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT.parent / "src"))

from common import database_urls, peak_mb, recreate, say, setup_django  # noqa: E402

CRYPTO_SAMPLE = 50_000


def build_schema() -> None:
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"schema and divisions ready in {time.perf_counter() - t:.1f} s")


def crypto_cost() -> float:
    """Microseconds per row to encrypt an ID number and compute its blind index."""
    from onewindow.accounts.services import ID_INDEX
    from onewindow.core.fields import blind_index
    from onewindow.core.identifiers import generate_id_number
    from onewindow.registry.models import Person

    prep = Person._meta.get_field("id_number").get_prep_value
    numbers = [generate_id_number("440106", date(1990, 1, 1 + i % 28)) for i in range(1000)]
    start = time.perf_counter()
    for i in range(CRYPTO_SAMPLE):
        value = numbers[i % 1000]
        prep(value)
        blind_index(ID_INDEX, value)
    return (time.perf_counter() - start) / CRYPTO_SAMPLE * 1e6


def bare_copy(persons: int, relations: int) -> tuple[float, float]:
    """Seconds to COPY pre-built person rows and relation rows of the generator's width."""
    from django.db import connection, transaction
    from django.utils import timezone

    from onewindow.registry.generator import PERSON_COLUMNS, RELATION_COLUMNS

    now = timezone.now()
    encrypted = "sm4gcm:v1:" + "A" * 60  # 12-byte nonce + 18 bytes + 16-byte tag, base64
    born = date(1990, 5, 17)
    address = "广州市天河区天河路385号1203房"
    person_rows = [
        (i, encrypted, f"{i:064x}", "张伟", "M", born, "440106", address, "married", now)
        for i in range(1, persons + 1)
    ]
    relation_rows = [(i % persons + 1, (i * 7919) % persons + 1, "child") for i in range(relations)]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_person (LIKE registry_person INCLUDING ALL)")
        cursor.execute(
            "CREATE TABLE bench_relation (LIKE registry_familyrelation INCLUDING DEFAULTS "
            "INCLUDING IDENTITY)"
        )
        cursor.execute("CREATE INDEX ON bench_relation (person_id, relative_id, kind)")
        cursor.execute("CREATE INDEX ON bench_relation (relative_id)")
    timings = []
    for table, columns, rows in (
        ("bench_person", PERSON_COLUMNS, person_rows),
        ("bench_relation", RELATION_COLUMNS, relation_rows),
    ):
        start = time.perf_counter()
        for lo in range(0, len(rows), 20_000):
            with transaction.atomic(), connection.cursor() as cursor:
                sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows[lo : lo + 20_000]:
                        copy.write_row(row)
        timings.append(time.perf_counter() - start)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_person, bench_relation")
    return timings[0], timings[1]


class ServerCpu:
    """CPU seconds of the PostgreSQL backends serving one database, sampled from /proc.

    Backends that exit between samples lose at most one interval of their time.
    """

    def __init__(self, database: str, interval: float = 0.25):
        self.database, self.interval = database, interval
        self.seen: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes()
                if not title.startswith(b"postgres: ") or self.database.encode() not in title:
                    continue
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.seen[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self):
        self._sample()
        self.start = dict(self.seen)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()
        ticks = sum(v - self.start.get(pid, 0) for pid, v in self.seen.items())
        self.seconds = ticks / os.sysconf("SC_CLK_TCK")


def run_generator(persons: int, entities: int, seed: int, database: str):
    from onewindow.registry.generator import RegistryGenerator

    generator = RegistryGenerator(seed, progress=say)
    cpu = time.process_time()
    with ServerCpu(database) as server:
        summary = generator.generate(persons, entities)
    return summary, time.process_time() - cpu, server.seconds


def check(summary) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table, expected in (
            ("registry_person", summary.persons),
            ("registry_familyrelation", summary.relations),
            ("registry_legalentity", summary.entities),
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            (count,) = cursor.fetchone()
            if count != expected:
                raise SystemExit(f"{table} holds {count:,} rows, expected {expected:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--name", default="onewindow_bench_registry", help="database to use")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url, bench_url = database_urls(base, args.name)
    if urlsplit(base).path.strip("/") == args.name:
        raise SystemExit("DATABASE_URL names the bench database itself; point it elsewhere")

    say(f"creating database {args.name}")
    recreate(admin_url, args.name)
    try:
        setup_django(bench_url)
        build_schema()
        crypto_us = crypto_cost()
        say(f"encryption + blind index: {crypto_us:.1f} µs per ID number")

        load = os.getloadavg()[0]
        summary, cpu, server_cpu = run_generator(args.persons, args.entities, args.seed, args.name)
        check(summary)
        say(str(summary))
        say(
            f"CPU: generator process {cpu:.1f} s, PostgreSQL backends {server_cpu:.1f} s, "
            f"for {summary.seconds:.1f} s wall "
            f"(load average {load:.2f} before, {os.getloadavg()[0]:.2f} after, "
            f"{os.cpu_count()} cores); peak memory after generating "
            f"{peak_mb():,.0f} MB"
        )

        say("baseline: bare COPY of pre-built rows …")
        person_copy, relation_copy = bare_copy(summary.persons, summary.relations)
        bare = person_copy + relation_copy
        bare_rate = summary.persons / bare
        crypto_rate = 1e6 / crypto_us
        person_rate = summary.persons_per_second
        rows = [
            ("generator: persons + family relations", summary.person_seconds, person_rate),
            ("generator: legal entities", summary.entity_seconds, summary.entities_per_second),
            ("CPU: generator process (both threads)", cpu, summary.persons / cpu),
            ("CPU: PostgreSQL backends", server_cpu, summary.persons / server_cpu),
            ("baseline: bare COPY, persons only", person_copy, summary.persons / person_copy),
            ("baseline: bare COPY, persons + relations", bare, bare_rate),
            (
                "baseline: encryption + blind index only",
                summary.persons * crypto_us / 1e6,
                crypto_rate,
            ),
        ]
        say(
            f"\n{summary.persons:,} persons, {summary.relations:,} relations, "
            f"{summary.entities:,} entities (seed {args.seed})"
        )
        say(f"  {'step':<44} {'seconds':>9} {'rows/s':>10}")
        for name, seconds, rate in rows:
            say(f"  {name:<44} {seconds:>9.1f} {rate:>10,.0f}")
        say(
            f"\nSUMMARY {summary.persons:,} persons at {person_rate:,.0f}/s "
            f"({person_rate / bare_rate:.2f}× a bare COPY of the same persons and relations, "
            f"{person_rate / crypto_rate:.2f}× the encryption alone; "
            f"{summary.person_seconds / bare:.1f}× the bare COPY's time), "
            f"{summary.entities:,} entities at {summary.entities_per_second:,.0f}/s; "
            f"total {summary.seconds:.0f} s"
        )
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            recreate(admin_url, args.name, drop_only=True)
            say(f"dropped database {args.name}")


if __name__ == "__main__":
    main()
