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
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_database_arguments, bench_database, explain, extra_indexes, say
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
    "provisional", "state", "card", "yellow_at", "red_at", "group", "group_name",
    "group_name_en", "updated_at",
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
        # the card the sweep (supervision.services.raise_cards) stamps
        card = "red" if at.due_at <= now else "yellow" if at.yellow_from <= now else ""
        group = f"{kind}-{n % 30}"
        return (
            kind, f"B{n:09d}", "handling", f"基准事项 {n}", f"Bench matter {n}", "",
            rng.choice(departments), rng.choice(divisions), unit, limit, 0, 0,
            started, at.yellow_from, at.due_at, at.due_on, at.provisional, "open", card,
            at.yellow_from if card else None, at.due_at if card == "red" else None,
            group, group, group, now,
        )  # fmt: skip

    start = time.perf_counter()
    yellow = red = 0
    columns = ", ".join(f'"{c}"' for c in COLUMNS)
    with connection.cursor() as cursor:
        for low_n in range(0, rows, BATCH):
            # the clock reads the calendar from the database: compute a batch before its COPY
            batch = [row(n) for n in range(low_n, min(rows, low_n + BATCH))]
            red += sum(1 for r in batch if r[18] == "red")
            yellow += sum(1 for r in batch if r[18] == "yellow")
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


def officials() -> dict:
    """A city supervisor (watches every division of Guangzhou), a district supervisor."""
    from onewindow.accounts import services as accounts
    from onewindow.accounts.models import Department, Role

    def supervisor(username, department_code):
        user = accounts.create_official(
            username=username, password="Bench-pass-2026", real_name=username
        )
        accounts.assign_role(
            user=user, department=Department.objects.get(code=department_code), role=Role.SUPERVISOR
        )
        return user

    return {
        "city": supervisor("bench-city-supervisor", "440100-GOV"),
        "district": supervisor("bench-district-supervisor", "440104-GOV"),
    }


RAW_SQL = """
SELECT m.id, m.kind, m.key, m.stage, m.title, m.title_en, m.link, m.group, m.division_code,
  m.unit, m.started_at, m.due_at, m.due_on, m.provisional, m.state, m.card, m.yellow_at,
  m.red_at, m.department_id, d.code, d.name, d.name_en
FROM supervision_matter m JOIN accounts_department d ON d.id = m.department_id
WHERE m.state IN ('open', 'paused') AND m.card <> '' AND {scope}
ORDER BY m.due_at, m.id LIMIT {limit}
"""
ROLES_SQL = (
    "SELECT a.role, a.department_id, d.division_id FROM accounts_roleassignment a"
    " JOIN accounts_department d ON d.id = a.department_id WHERE a.user_id = %(user)s"
)
YELLOW_FROM_SQL = """
SELECT m.id, m.kind, m.key, m.title, d.name FROM supervision_matter m
JOIN accounts_department d ON d.id = m.department_id
WHERE m.state = 'open' AND m.yellow_from <= %(now)s ORDER BY m.due_at, m.id LIMIT 50
"""


def queries(people: dict, department) -> dict:
    """name -> (the selector, the equivalent raw SQL), both fetching every row and the fields
    the list shows (``supervision.selectors.Listed``)."""
    from django.db import connection

    from onewindow.supervision import selectors

    def page(user, **filters):
        def run():
            for attribute in ("_supervision_assignments",):  # a new request each time
                if hasattr(user, attribute):
                    delattr(user, attribute)
            found = selectors.flagged(user, **filters)
            return [(m.key, m.display_title, m.department.name, m.due_at) for m in found.rows]

        return run

    def raw(scope, params):
        sql = RAW_SQL.format(scope=scope, limit=selectors.PAGE_SIZE + 1)

        def run():
            with connection.cursor() as cursor:
                cursor.execute(ROLES_SQL, params)
                cursor.fetchall()
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    city, district = people["city"], people["district"]
    city_scope = "(m.department_id IN (%(dept)s) OR m.division_code LIKE '4401%%')"
    return {
        "red/yellow list, city supervisor": (
            page(city),
            raw(city_scope, {"user": city.pk, "dept": people["city_dept"]}),
        ),
        "… filtered to one department": (
            page(city, department=department.code),
            raw(
                city_scope + " AND d.code = %(code)s",
                {"user": city.pk, "dept": people["city_dept"], "code": department.code},
            ),
        ),
        "red/yellow list, district supervisor": (
            page(district),
            raw(
                "(m.department_id IN (%(dept)s) OR m.division_code LIKE '440104%%')",
                {"user": district.pk, "dept": people["district_dept"]},
            ),
        ),
    }


def plans(people: dict, department, now) -> list[str]:
    """The scans of the selector's list queries, and of the yellow_from query without cards."""
    from django.db import connection

    from onewindow.supervision import selectors

    lines = []
    for label, (user, filters) in {
        "city": (people["city"], {}),
        "department": (people["city"], {"department": department.code}),
        "district": (people["district"], {}),
    }.items():
        captured = []

        def capture(execute, sql, params, many, context, captured=captured):
            if "supervision_matter" in sql:
                captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            selectors.flagged(user, **filters)
        for sql, params in captured:
            lines.append(f"  {label}: {explain(sql, params)}")
    lines.append(
        "  without the card column (state open, yellow_from <= now, by due_at): "
        + explain(YELLOW_FROM_SQL, {"now": now})
    )
    return lines


TARGET_P95_MS, TARGET_RATIO = 20.0, 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="open matters to load")
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per query")
    parser.add_argument("--seed", type=int, default=21)
    add_database_arguments(parser, "onewindow_bench_ledger")
    args = parser.parse_args()
    missed = []
    with bench_database(args.name, keep=args.keep):
        from django.db import connection
        from django.utils import timezone

        counts = generate(args.rows, args.seed)
        from onewindow.accounts.models import Department

        people = officials()
        people["city_dept"] = Department.objects.get(code="440100-GOV").pk
        people["district_dept"] = Department.objects.get(code="440104-GOV").pk
        extra_indexes(args.index, ["supervision_matter"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT department_id, count(*) FROM supervision_matter WHERE card <> ''"
                " GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
            )
            department_id, _ = cursor.fetchone()
        department = Department.objects.get(pk=department_id)
        say("list: supervision.selectors.flagged (one page of 50, keyset on due_at, id)")
        say("query plans (EXPLAIN ANALYZE):")
        for line in plans(people, department, timezone.now()):
            say(line)
        results = {
            label: (timed(a, args.repeat), timed(b, args.repeat))
            for label, (a, b) in queries(people, department).items()
        }
        say(f"\nthe red/yellow list at {args.rows:,} open matters: selector against raw SQL")
        say(
            f"  {'query':<38} {'sel. p50':>9} {'p95':>7} {'raw p50':>9} {'p95':>7} {'ratio':>7}"
            f"  target p95 ≤ {TARGET_P95_MS:.0f} ms, ≤ {TARGET_RATIO:.0f}× raw"
        )
        parts = []
        for label, ((p50, p95), (r50, r95)) in results.items():
            ratio = p95 / r95
            met = p95 <= TARGET_P95_MS and ratio <= TARGET_RATIO
            if not met:
                missed.append(label)
            say(
                f"  {label:<38} {p50:>6.2f} ms {p95:>7.2f} {r50:>6.2f} ms {r95:>7.2f}"
                f" {ratio:>6.1f}×  {'met' if met else 'MISSED'}"
            )
            parts.append(f"{label} p95 {p95:.1f} ms ({ratio:.1f}× raw)")
        flagged = counts["yellow"] + counts["red"]
        say(f"\nSUMMARY {args.rows:,} open matters, {flagged:,} flagged: " + "; ".join(parts))
        say(f"load average {load_average()}")
    if missed:
        say("TARGETS MISSED: " + ", ".join(missed))


if __name__ == "__main__":
    main()
