"""Benchmark: the officials' inbox at a million cases (keyset paging against a bare index scan).

Creates its own PostgreSQL database (``onewindow_bench`` by default, dropped at the end), runs
the migrations, loads the catalogue, bulk-generates N cases with their review tasks by
set-based SQL (``generate_series``), then times the workbench's inbox selector on its first
page and on a page in the middle of one department's open tasks, against a baseline measured
in the same run: the bare SQL index range scan that fetches the same 20 task ids. It also
times the OFFSET + COUNT(*) paging the inbox avoids, the clerk's and head's inboxes and the
supervisor's list, with the indexes the models declare.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/workbench_inbox.py --rows 1000000

Never touches the database named in DATABASE_URL beyond creating and dropping the bench one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import build_schema, database_urls, recreate, say, setup_django

BATCH = 100_000
APPLICANTS = 2_000
PAGE = 20

# Status by a hash of the row number: most cases concluded, some in every open state.
STATUS_SQL = """
CASE
  WHEN r < 68 THEN 'concluded'
  WHEN r < 83 THEN 'in_review'
  WHEN r < 87 THEN 'submitted'
  WHEN r < 89 THEN 'correction'
  WHEN r < 92 THEN 'awaiting_decision'
  WHEN r < 95 THEN 'awaiting_delivery'
  WHEN r < 97 THEN 'refused'
  ELSE 'withdrawn'
END"""

CASES_SQL = f"""
WITH rows AS (
  SELECT g, b.item_id, b.lead_id, {STATUS_SQL} AS status,
         (now() - ((g %% 400) || ' days')::interval) AS submitted_at,
         current_date + ((g * 7919) %% 60)::int - 15 AS due
  FROM (SELECT g::bigint AS g, ((g::bigint * 2654435761) %% 100)::int AS r
        FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g) s
  JOIN bench_item b ON b.idx = s.g %% %(items)s
)
INSERT INTO cases_case (
  number, division_code, item_id, applicant_id, lead_department_id, status, outcome, form_data,
  idempotency_key, version, workflow_state, submitted_at, received_on, intake_due, accepted_on,
  accepted_by_law, statutory_limit, promised_limit, extension_days, paused_days, clock_paused,
  statutory_due, promised_due, due_uses_fallback, yellow_at, red_at, decided_on, decision_note,
  delivery_due, delivery_method, tracking_number, delivered_at, closed_at)
SELECT
  '440100-B-' || lpad(g::text, 9, '0'), '440100', item_id,
  %(first_user)s + (g %% {APPLICANTS}), lead_id, status,
  CASE WHEN status IN ('concluded', 'awaiting_delivery') THEN 'granted' ELSE '' END,
  '{{}}', '', 1, '{{}}', submitted_at, submitted_at::date,
  CASE WHEN status = 'submitted' THEN current_date + (g %% 9)::int - 3 END,
  CASE WHEN status NOT IN ('submitted', 'correction', 'refused') THEN submitted_at::date END,
  false, 20, 10, 0, 0, false,
  CASE WHEN status IN ('in_review', 'awaiting_decision') THEN due + 10
       WHEN status NOT IN ('submitted', 'correction', 'refused') THEN submitted_at::date + 24 END,
  CASE WHEN status IN ('in_review', 'awaiting_decision') THEN due
       WHEN status NOT IN ('submitted', 'correction', 'refused') THEN submitted_at::date + 14 END,
  false,
  CASE WHEN status IN ('in_review', 'awaiting_decision', 'awaiting_delivery')
        AND due <= current_date + 2 THEN now() END,
  CASE WHEN status IN ('in_review', 'awaiting_decision', 'awaiting_delivery')
        AND due < current_date THEN now() END,
  CASE WHEN status IN ('concluded', 'awaiting_delivery') THEN submitted_at::date + 10 END,
  '',
  CASE WHEN status = 'awaiting_delivery' THEN due
       WHEN status = 'concluded' THEN submitted_at::date + 24 END,
  CASE WHEN status = 'concluded' THEN 'online' ELSE '' END, '',
  CASE WHEN status = 'concluded' THEN submitted_at + interval '12 days' END,
  CASE WHEN status IN ('concluded', 'refused', 'withdrawn') THEN submitted_at + interval '12 days'
  END
FROM rows
"""

# One task per department of the item's review; open or waiting while the case is in review
# (a third of them already approved), approved afterwards.
TASKS_SQL = """
INSERT INTO cases_reviewtask (
  case_id, division_code, department_id, stage, workflow_task, status, opinion, conditions,
  opened_at, completed_at, due_on)
SELECT c.id, '440100', d.dept, 'review', c.id || '-' || d.k,
  CASE WHEN c.status <> 'in_review' OR (c.id + d.k) %% 3 = 0 THEN 'approved'
       WHEN (c.id + d.k) %% 10 = 1 THEN 'waiting' ELSE 'open' END,
  '', '', c.submitted_at + interval '1 day',
  CASE WHEN c.status <> 'in_review' OR (c.id + d.k) %% 3 = 0
       THEN c.submitted_at + interval '3 days' END,
  c.promised_due
FROM cases_case c
JOIN bench_item b ON b.item_id = c.item_id
CROSS JOIN LATERAL unnest(b.depts) WITH ORDINALITY AS d(dept, k)
WHERE c.id BETWEEN %(lo)s AND %(hi)s
  AND c.status IN ('in_review', 'awaiting_decision', 'awaiting_delivery', 'concluded')
"""

BASELINE_FIRST = """
SELECT id FROM cases_reviewtask
WHERE department_id = %s AND status IN ('open', 'waiting')
ORDER BY due_on, id LIMIT 20
"""
BASELINE_DEEP = """
SELECT id FROM cases_reviewtask
WHERE department_id = %s AND status IN ('open', 'waiting') AND (due_on, id) > (%s, %s)
ORDER BY due_on, id LIMIT 20
"""


def generate(rows: int) -> None:
    from django.db import connection, transaction

    from onewindow.accounts.models import Department
    from onewindow.catalog.models import ServiceItem

    items = list(ServiceItem.objects.select_related("lead_department").order_by("code"))
    departments = dict(Department.objects.values_list("code", "pk"))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_item (idx int, item_id bigint, lead_id bigint, depts bigint[])"
        )
        for idx, item in enumerate(items):
            codes = item.parallel_department_codes or [item.lead_department.code]
            depts = [departments[c] for c in codes if c in departments] or [item.lead_department_id]
            cursor.execute(
                "INSERT INTO bench_item VALUES (%s, %s, %s, %s)",
                [idx, item.pk, item.lead_department_id, depts],
            )
        cursor.execute(
            f"""
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,
              email, is_staff, is_active, date_joined, kind, real_name, enterprise_name,
              id_number, id_number_index, phone, phone_index, uscc)
            SELECT '!', false, 'bench-applicant-' || g, '', '', '', false, true, now(),
              'enterprise', '', '基准测试企业' || g || '有限公司', '', '', '', '', ''
            FROM generate_series(1, {APPLICANTS}) g RETURNING id
            """
        )
        first_user = min(row[0] for row in cursor.fetchall())
    say(f"{len(items)} service items over {len(departments)} departments, {APPLICANTS} applicants")

    t = time.perf_counter()
    for lo in range(0, rows, BATCH):
        hi = min(lo + BATCH, rows) - 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                CASES_SQL, {"lo": lo, "hi": hi, "items": len(items), "first_user": first_user}
            )
        say(f"  cases {hi + 1:>10,} / {rows:,}  ({time.perf_counter() - t:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM cases_case")
        first, last = cursor.fetchone()
    tasks = 0
    for lo in range(first, last + 1, BATCH):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(TASKS_SQL, {"lo": lo, "hi": lo + BATCH - 1})
            tasks += cursor.rowcount
        say(f"  review tasks {tasks:>10,}  (cases up to id {min(lo + BATCH - 1, last):,})")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"generated {rows:,} cases and {tasks:,} review tasks in {time.perf_counter() - t:.0f} s")


def pick_officials():
    """A reviewer of the department with the most open tasks, a clerk and a head of the lead
    department with the most cases waiting for intake, and a supervisor."""
    from django.db import connection

    from onewindow.accounts import services as accounts
    from onewindow.accounts.models import Department, Role

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT department_id, count(*) FROM cases_reviewtask WHERE status IN "
            "('open', 'waiting') GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        )
        review_dept, open_tasks = cursor.fetchone()
        cursor.execute(
            "SELECT lead_department_id FROM cases_case WHERE status = 'submitted' "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        )
        (lead_dept,) = cursor.fetchone()

    def official(username, role, department_id):
        user = accounts.create_official(
            username=username, password="Bench-pass-2026", real_name=username
        )
        accounts.assign_role(
            user=user, department=Department.objects.get(pk=department_id), role=role
        )
        return user

    return {
        "reviewer": official("bench-reviewer", Role.REVIEWER, review_dept),
        "clerk": official("bench-clerk", Role.WINDOW_CLERK, lead_dept),
        "head": official("bench-head", Role.HEAD, lead_dept),
        "supervisor": official("bench-supervisor", Role.SUPERVISOR, lead_dept),
        "review_dept": Department.objects.get(pk=review_dept),
        "open_tasks": open_tasks,
    }


def timed(call, repeat: int) -> tuple[float, float]:
    """(median, 95th percentile) milliseconds of ``call`` after three warm-up runs."""
    for _ in range(3):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def measure(people: dict, repeat: int) -> dict[str, tuple[float, float]]:
    from django.db import connection

    from onewindow.cases import inbox
    from onewindow.cases.selectors import open_tasks_for

    dept = people["review_dept"].pk
    reviewer = people["reviewer"]
    with connection.cursor() as cursor:  # setup only: the key in the middle of the list
        cursor.execute(
            "SELECT due_on, id FROM cases_reviewtask WHERE department_id = %s AND status = 'open'"
            " ORDER BY due_on, id OFFSET %s LIMIT 1",
            [dept, people["open_tasks"] // 2],
        )
        middle_due, middle_id = cursor.fetchone()
    middle = inbox.Key(middle_due, inbox.Work.REVIEW, middle_id)
    depth = people["open_tasks"] // 2

    def bare(sql, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    def rows(call):
        def run():
            page = call()
            return [(row.case.number, row.case.item.name, row.department.name) for row in page.rows]

        return run

    def key_queries(after):
        """Only the selector's narrow key queries, as SQL: its cost in the database."""
        sources = inbox._sources(inbox.desk_of(reviewer))
        compiled = [
            inbox._seek(s, after, False).values_list(s.due, "pk")[: PAGE + 1].query for s in sources
        ]
        statements = [query.sql_with_params() for query in compiled]

        def run():
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        return run

    def offset_page():
        qs = open_tasks_for(reviewer)
        qs.count()
        return list(qs[depth : depth + PAGE])

    first = inbox.inbox(reviewer, size=PAGE)
    assert len(first.rows) == PAGE, "the reviewer's inbox should hold at least a page"
    deep = inbox.inbox(reviewer, after=middle, size=PAGE)
    if not (deep.rows and deep.rows[0].key > middle):
        raise SystemExit("the middle page does not continue after its key")
    return {
        "baseline: bare index range scan, first page": timed(bare(BASELINE_FIRST, [dept]), repeat),
        "inbox selector, first page (reviewer)": timed(
            rows(lambda: inbox.inbox(reviewer, size=PAGE)), repeat
        ),
        "inbox key queries only (SQL), first page": timed(key_queries(None), repeat),
        "baseline: bare index range scan, middle page": timed(
            bare(BASELINE_DEEP, [dept, middle_due, middle_id]), repeat
        ),
        "inbox selector, middle page (reviewer)": timed(
            rows(lambda: inbox.inbox(reviewer, after=middle, size=PAGE)), repeat
        ),
        "inbox key queries only (SQL), middle page": timed(key_queries(middle), repeat),
        "OFFSET + COUNT(*) at the same depth": timed(offset_page, max(5, repeat // 5)),
        "inbox selector, first page (clerk)": timed(
            rows(lambda: inbox.inbox(people["clerk"], size=PAGE)), repeat
        ),
        "inbox selector, first page (head)": timed(
            rows(lambda: inbox.inbox(people["head"], size=PAGE)), repeat
        ),
        "supervision: flagged cases, first page": timed(
            rows(lambda: inbox.flagged_cases(size=PAGE)), repeat
        ),
        "supervision: card counts per department": timed(
            lambda: (inbox.card_counts(), inbox.card_totals()), max(5, repeat // 5)
        ),
    }


def explain(people: dict) -> None:
    """The plan of the reviewer's open-task source on the first page."""
    from django.db import connection

    from onewindow.cases import inbox

    desk = inbox.desk_of(people["reviewer"])
    source = inbox._sources(desk)[0]
    query = inbox._seek(source, None, False).values_list(source.due, "pk")[: PAGE + 1]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        for (line,) in cursor.fetchall():
            say("    " + line)


def report(title: str, results: dict[str, tuple[float, float]]) -> None:
    first = results["baseline: bare index range scan, first page"][0]
    deep = results["baseline: bare index range scan, middle page"][0]
    say(f"\n{title}")
    say(f"  {'query':<48} {'median ms':>10} {'p95 ms':>9} {'× baseline':>11}")
    for name, (median, p95) in results.items():
        baseline = deep if "middle" in name or "OFFSET" in name else first
        say(f"  {name:<48} {median:>10.2f} {p95:>9.2f} {median / baseline:>10.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="cases to generate")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per query")
    parser.add_argument("--name", default="onewindow_bench", help="database to create and drop")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--explain", action="store_true", help="print the inbox query plan")
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
        generate(args.rows)
        people = pick_officials()
        say(
            f"reviewer of {people['review_dept'].code} with {people['open_tasks']:,} open "
            "and waiting tasks"
        )
        if args.explain:
            explain(people)
        results = measure(people, args.repeat)
        report("with the indexes the models declare", results)

        key = "inbox selector, middle page (reviewer)"
        base_ms = results["baseline: bare index range scan, middle page"][0]
        say(
            f"\nSUMMARY {args.rows:,} cases: reviewer inbox first page "
            f"{results['inbox selector, first page (reviewer)'][0]:.1f} ms, middle page "
            f"{results[key][0]:.1f} ms ({results[key][0] / base_ms:.1f}× a bare index scan of "
            f"{base_ms:.2f} ms; OFFSET+COUNT at that depth "
            f"{results['OFFSET + COUNT(*) at the same depth'][0]:.0f} ms); clerk inbox "
            f"{results['inbox selector, first page (clerk)'][0]:.1f} ms"
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
