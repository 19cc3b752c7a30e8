"""Benchmark: the supervision ledger's red/yellow list at a million open matters.

Creates its own PostgreSQL database (``onewindow_bench_ledger``, dropped at the end), runs the
migrations, loads the departments, and bulk-loads N open matters into ``supervision_matter``
with COPY: cases, hotline tickets, disclosure requests and 公文 instructions over every
department and the districts and streets of Guangzhou, in hours, working days and calendar
days, their yellow and overdue instants computed by the ledger's own clock
(``supervision.clocks.instants``), started so that a few per cent are yellow or red. Then, each
against the equivalent raw SQL in the same run (p50, p95 and the ratio of the p95s):
- the red/yellow list, first 50 by due instant (the supervisor's page);
- the same list for one department and for one district.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/ledger.py --rows 1000000

Never touches the database named in DATABASE_URL beyond creating and dropping the bench one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database_urls, recreate, say, setup_django
from workbench_inbox import load_average, timed

LIST = 50
BATCH = 100_000
DISTRICTS = [
    "440103", "440104", "440105", "440106", "440111", "440112",
    "440113", "440114", "440115", "440117", "440118",
]  # fmt: skip
# kind -> (share of the ledger, [(unit, limit), …]) as the modules register them
KINDS = {
    "case": (0.40, [("working_days", 20), ("working_days", 10), ("working_days", 5)]),
    "ticket": (0.45, [("working_days", 5), ("working_days", 3), ("hours", 24), ("hours", 2)]),
    "disclosure": (0.08, [("working_days", 20)]),
    "instruction": (0.07, [("calendar_days", 15), ("calendar_days", 30)]),
}
# how much of its time an open matter has used: most are well within, a few are yellow or red
USED = [(0.93, 0.0, 0.75), (0.04, 0.8, 0.99), (0.03, 1.0, 1.6)]
COLUMNS = (
    "kind", "key", "stage", "title", "title_en", "link", "department_id", "division_code", "unit",
    "limit", "extended", "paused", "started_at", "yellow_from", "due_at", "due_on",
    "provisional", "state", "card", "updated_at",
)  # fmt: skip


def _elapsed(unit: str, limit: int, share: float) -> timedelta:
    """Roughly ``share`` of the limit in wall-clock time (the clock then decides exactly)."""
    if unit == "hours":
        return timedelta(hours=limit * share)
    per_day = 7 / 5 if unit == "working_days" else 1
    return timedelta(days=limit * share * per_day)


def generate(rows: int, seed: int) -> dict:
    """COPY ``rows`` open matters; returns the counts of yellow and red among them."""
    from django.db import connection
    from django.utils import timezone

    from onewindow.accounts.models import Department
    from onewindow.core.clock import WorkingCalendar
    from onewindow.supervision.clocks import instants

    rng = random.Random(seed)
    departments = list(
        Department.objects.filter(kind=Department.Kind.DEPARTMENT).values_list("pk", flat=True)
    )
    streets = [f"{d}{n:03d}" for d in DISTRICTS for n in range(1, 9)]
    divisions = DISTRICTS + streets
    calendar, now = WorkingCalendar(), timezone.now()
    kinds = list(KINDS)
    weights = [KINDS[k][0] for k in kinds]
    cache: dict = {}

    def when(unit, limit, started):
        # day units depend on the start's date only; hours on the instant
        key = (unit, limit, started if unit == "hours" else timezone.localdate(started))
        if key not in cache:
            cache[key] = instants(started_at=started, unit=unit, limit=limit, calendar=calendar)
        return cache[key]

    def row(n):
        kind = rng.choices(kinds, weights)[0]
        unit, limit = rng.choice(KINDS[kind][1])
        r, acc = rng.random(), 0.0
        for share, low, high in USED:  # noqa: B007 (the band drawn is used below)
            acc += share
            if r < acc:
                break
        started = now - _elapsed(unit, limit, rng.uniform(low, high))
        if unit != "hours":  # hours clocks start at any minute, days ones on the hour
            started = started.replace(minute=0, second=0, microsecond=0)
        at = when(unit, limit, started)
        return (
            kind, f"B{n:09d}", "handling", f"基准事项 {n}", f"Bench matter {n}", "",
            rng.choice(departments), rng.choice(divisions), unit, limit, 0, 0,
            started, at.yellow_from, at.due_at, at.due_on, at.provisional, "open", "", now,
        )  # fmt: skip

    start = time.perf_counter()
    yellow = red = 0
    columns = ", ".join(f'"{c}"' for c in COLUMNS)
    with connection.cursor() as cursor:
        for low_n in range(0, rows, BATCH):
            # the clock reads the calendar from the database: compute a batch before its COPY
            batch = [row(n) for n in range(low_n, min(rows, low_n + BATCH))]
            red += sum(1 for r in batch if r[14] <= now)
            yellow += sum(1 for r in batch if r[13] <= now < r[14])
            with cursor.cursor.copy(f"COPY supervision_matter ({columns}) FROM STDIN") as copy:
                for r in batch:
                    copy.write_row(r)
        cursor.execute("ANALYZE supervision_matter")
    say(
        f"{rows:,} open matters over {len(departments)} departments and {len(divisions)} "
        f"divisions loaded by COPY in {time.perf_counter() - start:.1f} s: "
        f"{yellow:,} yellow ({yellow / rows:.1%}), {red:,} red ({red / rows:.1%})"
    )
    return {"yellow": yellow, "red": red}


def _selector():
    """The ledger's red/yellow list as supervision.selectors exposes it, or the ORM query."""
    try:
        from onewindow.supervision import selectors
    except ImportError:
        selectors = None
    for name in ("flagged", "red_yellow", "flagged_matters", "cards"):
        call = getattr(selectors, name, None) if selectors else None
        if callable(call):
            return name, call
    return None, None


def orm_list(now, **filters):
    from onewindow.supervision.models import Matter

    return (
        Matter.objects.filter(state="open", yellow_from__lte=now, **filters)
        .select_related("department")
        .order_by("due_at", "pk")[:LIST]
    )


RAW_SQL = """
SELECT m.id, m.kind, m.key, m.title, m.title_en, m.link, m.division_code, m.yellow_from,
  m.due_at, m.due_on, m.provisional, d.code, d.name, d.name_en
FROM supervision_matter m JOIN accounts_department d ON d.id = m.department_id
WHERE m.state = 'open' AND m.yellow_from <= %(now)s {extra}
ORDER BY m.due_at, m.id LIMIT {limit}
"""


def queries(now, department_id: int, division: str) -> dict:
    from django.db import connection

    def orm(**filters):
        def run():
            return [
                (m.kind, m.key, m.title, m.department.name, m.due_at)
                for m in orm_list(now, **filters)
            ]

        return run

    def raw(extra, params):
        sql = RAW_SQL.format(extra=extra, limit=LIST)

        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, {"now": now, **params})
                return cursor.fetchall()

        return run

    return {
        "red/yellow list, all departments": (
            orm(),
            raw("", {}),
        ),
        "red/yellow list, one department": (
            orm(department_id=department_id),
            raw("AND m.department_id = %(dept)s", {"dept": department_id}),
        ),
        "red/yellow list, one district": (
            orm(division_code__startswith=division),
            raw("AND m.division_code LIKE %(div)s", {"div": division + "%"}),
        ),
    }


def _scans(node):
    if "Relation Name" in node:
        yield f"{node['Node Type']} {node.get('Index Name', node['Relation Name'])}"
    for child in node.get("Plans", []):
        yield from _scans(child)


def plans(now, department_id: int, division: str) -> list[str]:
    """The scans of each ORM query, from EXPLAIN (ANALYZE)."""
    from django.db import connection

    lines = []
    cases = {
        "all": {},
        "department": {"department_id": department_id},
        "district": {"division_code__startswith": division},
    }
    for name, filters in cases.items():
        sql, params = orm_list(now, **filters).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            (document,) = cursor.fetchone()
        plan = (json.loads(document) if isinstance(document, str) else document)[0]
        nodes = list(_scans(plan["Plan"]))
        lines.append(f"  {name}: {', '.join(nodes)} ({plan['Execution Time']:.1f} ms)")
    return lines


TARGET_P95_MS, TARGET_RATIO = 20.0, 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="open matters to load")
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per query")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--name", default="onewindow_bench_ledger", help="database to create")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--index", action="append", default=[], help="extra CREATE INDEX to try (SQL)"
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url, bench_url = database_urls(base, args.name)
    if urlsplit(base).path.strip("/") == args.name:
        raise SystemExit("DATABASE_URL names the bench database itself; point it elsewhere")

    say(f"creating database {args.name}; load average {load_average()}")
    recreate(admin_url, args.name)
    missed = []
    try:
        setup_django(bench_url)
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from onewindow.accounts import departments_data

        call_command("migrate", verbosity=0)
        departments_data.load()
        counts = generate(args.rows, args.seed)
        with connection.cursor() as cursor:
            for statement in args.index:
                t = time.perf_counter()
                cursor.execute(statement)
                say(f"extra index in {time.perf_counter() - t:.1f} s: {statement}")
            if args.index:
                cursor.execute("ANALYZE supervision_matter")
            cursor.execute(
                "SELECT department_id, count(*) FROM supervision_matter GROUP BY 1 "
                "ORDER BY 2 DESC LIMIT 1"
            )
            department_id, _ = cursor.fetchone()
        now = timezone.now()
        name, selector = _selector()
        say(
            f"list: supervision.selectors.{name}"
            if selector
            else "list: the ORM query "
            "Matter.objects.filter(state='open', yellow_from__lte=now).order_by('due_at')[:50]"
        )
        say("query plans (EXPLAIN ANALYZE of the ORM query):")
        for line in plans(now, department_id, DISTRICTS[0]):
            say(line)
        results = {
            label: (timed(a, args.repeat), timed(b, args.repeat))
            for label, (a, b) in queries(now, department_id, DISTRICTS[0]).items()
        }
        say(f"\nthe red/yellow list at {args.rows:,} open matters: ORM against raw SQL, same run")
        say(
            f"  {'query':<34} {'ORM p50':>9} {'p95':>7} {'raw p50':>9} {'p95':>7} {'ratio':>7}"
            f"  target p95 ≤ {TARGET_P95_MS:.0f} ms, ≤ {TARGET_RATIO:.0f}× raw"
        )
        parts = []
        for label, ((p50, p95), (r50, r95)) in results.items():
            ratio = p95 / r95
            met = p95 <= TARGET_P95_MS and ratio <= TARGET_RATIO
            if not met:
                missed.append(label)
            say(
                f"  {label:<34} {p50:>6.2f} ms {p95:>7.2f} {r50:>6.2f} ms {r95:>7.2f}"
                f" {ratio:>6.1f}×  {'met' if met else 'MISSED'}"
            )
            parts.append(f"{label} p95 {p95:.1f} ms ({ratio:.1f}× raw)")
        flagged = counts["yellow"] + counts["red"]
        say(f"\nSUMMARY {args.rows:,} open matters, {flagged:,} flagged: " + "; ".join(parts))
        say(f"load average {load_average()}")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            recreate(admin_url, args.name, drop_only=True)
            say(f"dropped database {args.name}")
    if missed:
        say("TARGETS MISSED: " + ", ".join(missed))


if __name__ == "__main__":
    main()
