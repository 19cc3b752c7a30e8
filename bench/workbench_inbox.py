"""Benchmark: the case pages and the due-date recomputation at a million cases.

Creates its own PostgreSQL database (``onewindow_bench`` by default, dropped at the end), runs
the migrations, loads the catalogue, and bulk-generates N cases by set-based SQL
(``generate_series``) across every department and the districts of Guangzhou: their review
tasks, their timelines (the events the services write) and their yellow and red cards, with
due dates counted on the real working-day calendar. Then, each against the equivalent raw SQL
in the same run (p50, p95 and the ratio of the p95s):
- the official's inbox, first page (and the middle page, OFFSET + COUNT(*), clerk and head);
- the citizen's my-cases page (the applicant with the most cases) and a case's timeline;
- the supervisor's red/yellow list (and the card counts);
- the query plans of every page: a sequential scan of cases_case, cases_reviewtask or
  cases_caseevent is reported as MISSING INDEX and fails the run;
- the recomputation of every open case's due dates after a holiday is declared, against a
  bare UPDATE of the same rows from a precomputed mapping.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/workbench_inbox.py --rows 1000000 [--all-open]

Never touches the database named in DATABASE_URL beyond creating and dropping the bench one.
"""

from __future__ import annotations

import argparse
import json
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
HEAVY_EVERY = 200  # one case in 200 belongs to one large enterprise: the busiest my-cases page
PAGE = 20
DISTRICTS = [
    "440103", "440104", "440105", "440106", "440111", "440112",
    "440113", "440114", "440115", "440117", "440118",
]  # fmt: skip
STATUTORY, PROMISED, INTAKE, DELIVERY = 20, 10, 5, 10  # working days, as the clocks count

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
# With --all-open: every case still being handled (the recomputation's worst case).
ALL_OPEN_SQL = """
CASE
  WHEN r < 50 THEN 'in_review'
  WHEN r < 65 THEN 'submitted'
  WHEN r < 70 THEN 'correction'
  WHEN r < 85 THEN 'awaiting_decision'
  ELSE 'awaiting_delivery'
END"""
OPEN = "('submitted', 'correction', 'in_review', 'awaiting_decision', 'awaiting_delivery')"

# Open cases arrived in the last 40 days, closed ones over the year before. Due dates are the
# working day ``bench_wd`` numbers N after the start's count in ``bench_cal`` (the clock's rule).
CASES_SQL = """
WITH s AS (
  SELECT g, b.item_id, b.lead_id, {status} AS status
  FROM (SELECT g::bigint AS g, ((g::bigint * 2654435761) %% 100)::int AS r
        FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g) x
  JOIN bench_item b ON b.idx = x.g %% %(items)s
), rows AS (
  SELECT s.*, (%(districts)s::text[])[1 + (g %% %(n_districts)s)::int] AS division,
         now() - (CASE WHEN status IN {open} THEN (g * 7919) %% 40 ELSE 40 + g %% 360 END
                  || ' days')::interval AS submitted_at
  FROM s
), dated AS (
  SELECT rows.*, rc.cum AS cum, dc.cum AS decided_cum,
         rows.submitted_at::date + 3 AS decided_on
  FROM rows
  JOIN bench_cal rc ON rc.d = rows.submitted_at::date
  JOIN bench_cal dc ON dc.d = rows.submitted_at::date + 3
), due AS (
  SELECT dated.*, status NOT IN ('submitted', 'correction', 'refused') AS accepted,
    (SELECT d FROM bench_wd WHERE n = cum + {intake}) AS intake_due,
    (SELECT d FROM bench_wd WHERE n = cum + {statutory}) AS statutory_due,
    (SELECT d FROM bench_wd WHERE n = cum + {promised}) AS promised_due,
    (SELECT d FROM bench_wd WHERE n = decided_cum + {delivery}) AS delivery_due,
    %(today_cum)s - cum AS used, %(today_cum)s - decided_cum AS delivery_used
  FROM dated
)
INSERT INTO cases_case (
  number, division_code, item_id, applicant_id, lead_department_id, status, outcome, form_data,
  idempotency_key, version, workflow_state, submitted_at, received_on, intake_due, accepted_on,
  accepted_by_law, statutory_limit, promised_limit, extension_days, paused_days, clock_paused,
  statutory_due, promised_due, due_provisional, yellow_at, red_at, decided_on, decision_note,
  delivery_due, delivery_method, tracking_number, delivered_at, closed_at)
SELECT
  division || '-B-' || lpad(g::text, 9, '0'), division, item_id,
  %(first_user)s + CASE WHEN g %% {heavy} = 0 THEN 0 ELSE 1 + g %% {applicants} END,
  lead_id, status,
  CASE WHEN status IN ('concluded', 'awaiting_delivery') THEN 'granted' ELSE '' END,
  '{{}}', '', 1, '{{}}', submitted_at, submitted_at::date,
  CASE WHEN status = 'submitted' THEN intake_due END,
  CASE WHEN accepted THEN submitted_at::date END,
  false, CASE WHEN accepted THEN {statutory} END, CASE WHEN accepted THEN {promised} END,
  0, 0, false,
  CASE WHEN accepted THEN statutory_due END, CASE WHEN accepted THEN promised_due END, false,
  CASE WHEN status IN ('in_review', 'awaiting_decision') AND used * 5 >= {promised} * 4
         OR status = 'awaiting_delivery' AND delivery_used * 5 >= {delivery} * 4 THEN now() END,
  CASE WHEN status IN ('in_review', 'awaiting_decision') AND promised_due < current_date
         OR status = 'awaiting_delivery' AND delivery_due < current_date THEN now() END,
  CASE WHEN status IN ('concluded', 'awaiting_delivery') THEN decided_on END,
  '',
  CASE WHEN status IN ('concluded', 'awaiting_delivery') THEN delivery_due END,
  CASE WHEN status = 'concluded' THEN 'online' ELSE '' END, '',
  CASE WHEN status = 'concluded' THEN submitted_at + interval '12 days' END,
  CASE WHEN status IN ('concluded', 'refused', 'withdrawn') THEN submitted_at + interval '12 days'
  END
FROM due
"""

# One task per department of the item's review; open or waiting while the case is in review
# (a third of them already approved), approved afterwards.
TASKS_SQL = """
INSERT INTO cases_reviewtask (
  case_id, division_code, department_id, stage, workflow_task, status, opinion, conditions,
  opened_at, completed_at, due_on)
SELECT c.id, c.division_code, d.dept, 'review', c.id || '-' || d.k,
  CASE WHEN c.status <> 'in_review' OR (c.id + d.k) %% 3 = 0 THEN 'approved'
       WHEN (c.id + d.k) %% 10 = 1 THEN 'waiting' ELSE 'open' END,
  '', '', c.submitted_at + interval '1 hour',
  CASE WHEN c.status <> 'in_review' OR (c.id + d.k) %% 3 = 0
       THEN c.submitted_at + interval '2 days' END,
  c.promised_due
FROM cases_case c
JOIN bench_item b ON b.item_id = c.item_id
CROSS JOIN LATERAL unnest(b.depts) WITH ORDINALITY AS d(dept, k)
WHERE c.id BETWEEN %(lo)s AND %(hi)s
  AND c.status IN ('in_review', 'awaiting_decision', 'awaiting_delivery', 'concluded')
"""

# The timeline the services write (kinds and parameters as cases.services and cases.review
# give them): per case, then per review task.
CASE_EVENTS_SQL = """
INSERT INTO cases_caseevent (case_id, division_code, kind, at, actor_id, department_id, params)
SELECT c.id, c.division_code, e.kind, c.submitted_at + e.after, e.actor, e.dept, e.params
FROM cases_case c
JOIN catalog_serviceitem i ON i.id = c.item_id
JOIN accounts_department d ON d.id = c.lead_department_id
CROSS JOIN LATERAL (VALUES
  ('submitted', interval '0 s', c.applicant_id, NULL::bigint,
   jsonb_build_object('number', c.number, 'item', i.name), true),
  ('correction', interval '2 h', NULL, c.lead_department_id,
   jsonb_build_object('count', 2), c.status = 'correction'),
  ('refused', interval '2 h', NULL, c.lead_department_id,
   jsonb_build_object('department', d.name, 'reason', '材料不符合法定形式'), c.status = 'refused'),
  ('accepted', interval '1 h', NULL, c.lead_department_id,
   jsonb_build_object('department', d.name, 'promised_due', c.promised_due,
                      'statutory_due', c.statutory_due), c.accepted_on IS NOT NULL),
  ('all_reviewed', interval '2 days', NULL, NULL::bigint, '{}'::jsonb,
   c.status IN ('awaiting_decision', 'awaiting_delivery', 'concluded')),
  ('decided_granted', interval '3 days', NULL, c.lead_department_id,
   jsonb_build_object('delivery_due', c.delivery_due), c.decided_on IS NOT NULL),
  ('delivered_online', interval '12 days', NULL, c.lead_department_id, '{}'::jsonb,
   c.status = 'concluded'),
  ('concluded', interval '12 days', NULL, NULL::bigint, '{}'::jsonb, c.status = 'concluded'),
  ('withdrawn', interval '12 days', c.applicant_id, NULL::bigint, '{}'::jsonb,
   c.status = 'withdrawn'),
  ('yellow', interval '0 s', NULL, NULL::bigint, '{}'::jsonb, c.yellow_at IS NOT NULL),
  ('red', interval '0 s', NULL, NULL::bigint, '{}'::jsonb, c.red_at IS NOT NULL)
) AS e(kind, after, actor, dept, params, present)
WHERE c.id BETWEEN %(lo)s AND %(hi)s AND e.present
"""
TASK_EVENTS_SQL = """
INSERT INTO cases_caseevent (case_id, division_code, kind, at, actor_id, department_id, params)
SELECT t.case_id, t.division_code, e.kind, e.at, NULL, t.department_id, e.params
FROM cases_reviewtask t
JOIN accounts_department d ON d.id = t.department_id
CROSS JOIN LATERAL (VALUES
  ('task_opened', t.opened_at, jsonb_build_object('department', d.name, 'stage', t.stage), true),
  ('approved', t.completed_at, jsonb_build_object('department', d.name),
   t.status = 'approved')
) AS e(kind, at, params, present)
WHERE t.case_id BETWEEN %(lo)s AND %(hi)s AND e.present
"""


def calendar_tables(cursor) -> None:
    """``bench_cal``: per date, the working days up to it; ``bench_wd``: the Nth working day."""
    from datetime import timedelta

    from django.utils import timezone

    from onewindow.core.clock import WorkingCalendar

    calendar, today = WorkingCalendar(), timezone.localdate()
    day, cum, cal, wd = today - timedelta(days=420), 0, [], []
    while day <= today + timedelta(days=200):
        if calendar.is_working_day(day):
            cum += 1
            wd.append((cum, day))
        cal.append((day, cum))
        day += timedelta(days=1)
    cursor.execute("CREATE TABLE bench_cal (d date PRIMARY KEY, cum int)")
    cursor.execute("CREATE TABLE bench_wd (n int PRIMARY KEY, d date)")
    cursor.executemany("INSERT INTO bench_cal VALUES (%s, %s)", cal)
    cursor.executemany("INSERT INTO bench_wd VALUES (%s, %s)", wd)
    cursor.execute("SELECT cum FROM bench_cal WHERE d = %s", [today])
    return cursor.fetchone()[0]


def generate(rows: int, all_open: bool) -> None:
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
            FROM generate_series(0, {APPLICANTS}) g RETURNING id
            """
        )
        first_user = min(row[0] for row in cursor.fetchall())
        today_cum = calendar_tables(cursor)
    say(
        f"{len(items)} service items over {len(departments)} departments and "
        f"{len(DISTRICTS)} districts, {APPLICANTS + 1:,} applicants"
    )

    sql = CASES_SQL.format(
        status=ALL_OPEN_SQL if all_open else STATUS_SQL,
        open=OPEN,
        heavy=HEAVY_EVERY,
        applicants=APPLICANTS,
        intake=INTAKE,
        statutory=STATUTORY,
        promised=PROMISED,
        delivery=DELIVERY,
    )
    params = {
        "items": len(items),
        "first_user": first_user,
        "districts": DISTRICTS,
        "n_districts": len(DISTRICTS),
        "today_cum": today_cum,
    }
    t = time.perf_counter()
    for lo in range(0, rows, BATCH):
        hi = min(lo + BATCH, rows) - 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, {**params, "lo": lo, "hi": hi})
        say(f"  cases {hi + 1:>10,} / {rows:,}  ({time.perf_counter() - t:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM cases_case")
        first, last = cursor.fetchone()
    tasks = events = 0
    for lo in range(first, last + 1, BATCH):
        bounds = {"lo": lo, "hi": lo + BATCH - 1}
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(TASKS_SQL, bounds)
            tasks += cursor.rowcount
            cursor.execute(CASE_EVENTS_SQL, bounds)
            events += cursor.rowcount
            cursor.execute(TASK_EVENTS_SQL, bounds)
            events += cursor.rowcount
        say(
            f"  cases up to id {min(lo + BATCH - 1, last):>10,}: {tasks:,} review tasks, "
            f"{events:,} timeline events  ({time.perf_counter() - t:.0f} s)"
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE status IN {OPEN}), count(*) FILTER (WHERE red_at"
            " IS NOT NULL), count(*) FILTER (WHERE yellow_at IS NOT NULL AND red_at IS NULL)"
            " FROM cases_case"
        )
        open_cases, red, yellow = cursor.fetchone()
    say(
        f"SUMMARY generated {rows:,} cases ({open_cases:,} open; {red:,} red, {yellow:,} yellow "
        f"cards), {tasks:,} review tasks, {events:,} timeline events in "
        f"{time.perf_counter() - t:.0f} s"
    )


def pick_officials():
    """A reviewer of the department with the most open tasks, a clerk and a head of the lead
    department with the most cases waiting for intake, a supervisor, and the applicant with the
    most cases."""
    from django.db import connection

    from onewindow.accounts import services as accounts
    from onewindow.accounts.models import Department, Role, User

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
        cursor.execute(
            "SELECT applicant_id, count(*) FROM cases_case GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        )
        applicant, applicant_cases = cursor.fetchone()

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
        "applicant": User.objects.get(pk=applicant),
        "applicant_cases": applicant_cases,
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


def bare(*statements):
    """Run raw SQL statements, fetching every row, as one call."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


# -- the pages, each as its selector and as the equivalent raw SQL ---------------------------

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

ROLES_SQL = "SELECT role, department_id FROM accounts_roleassignment WHERE user_id = %s"

# The columns a row of the inbox and the flagged list shows (inbox._LISTED).
CASE_COLUMNS = """c.number, c.status, c.yellow_at, c.red_at, i.code, i.name, i.name_en,
  u.username, u.kind, u.real_name, u.enterprise_name"""

INBOX_SQL = f"""
SELECT t.id, t.stage, t.status, t.due_on, d.code, d.name, b.code, b.name, b.name_en,
  {CASE_COLUMNS}
FROM (
  (SELECT id, due_on FROM cases_reviewtask
   WHERE department_id = %(dept)s AND status = 'open' AND due_on IS NOT NULL
   ORDER BY due_on, id LIMIT {PAGE + 1})
  UNION ALL
  (SELECT id, due_on FROM cases_reviewtask
   WHERE department_id = %(dept)s AND status = 'waiting' AND due_on IS NOT NULL
   ORDER BY due_on, id LIMIT {PAGE + 1})
) k
JOIN cases_reviewtask t ON t.id = k.id
JOIN accounts_department d ON d.id = t.department_id
LEFT JOIN catalog_serviceitem b ON b.id = t.benefit_item_id
JOIN cases_case c ON c.id = t.case_id
JOIN catalog_serviceitem i ON i.id = c.item_id
JOIN accounts_user u ON u.id = c.applicant_id
ORDER BY k.due_on, t.status, t.id LIMIT {PAGE}
"""

FLAGGED_SQL = f"""
SELECT c.id, k.due, d.code, d.name, {CASE_COLUMNS}
FROM (
  (SELECT id, promised_due AS due, status FROM cases_case
   WHERE status = 'in_review' AND yellow_at IS NOT NULL AND promised_due IS NOT NULL
   ORDER BY promised_due, id LIMIT {PAGE + 1})
  UNION ALL
  (SELECT id, promised_due, status FROM cases_case
   WHERE status = 'awaiting_decision' AND yellow_at IS NOT NULL AND promised_due IS NOT NULL
   ORDER BY promised_due, id LIMIT {PAGE + 1})
  UNION ALL
  (SELECT id, delivery_due, status FROM cases_case
   WHERE status = 'benefits' AND yellow_at IS NOT NULL AND delivery_due IS NOT NULL
   ORDER BY delivery_due, id LIMIT {PAGE + 1})
  UNION ALL
  (SELECT id, delivery_due, status FROM cases_case
   WHERE status = 'awaiting_delivery' AND yellow_at IS NOT NULL AND delivery_due IS NOT NULL
   ORDER BY delivery_due, id LIMIT {PAGE + 1})
) k
JOIN cases_case c ON c.id = k.id
JOIN accounts_department d ON d.id = c.lead_department_id
JOIN catalog_serviceitem i ON i.id = c.item_id
JOIN accounts_user u ON u.id = c.applicant_id
ORDER BY k.due, k.status, k.id LIMIT {PAGE}
"""

# The my-cases page: the paginator's count, the page with its service, department and
# applicant (the selector's select_related), and the open drafts.
MY_COUNT_SQL = "SELECT count(*) FROM cases_case WHERE applicant_id = %s"
MY_PAGE_SQL = f"""
SELECT c.*, i.*, d.*, u.*
FROM cases_case c
JOIN catalog_serviceitem i ON i.id = c.item_id
JOIN accounts_department d ON d.id = c.lead_department_id
JOIN accounts_user u ON u.id = c.applicant_id
WHERE c.applicant_id = %s
ORDER BY c.submitted_at DESC, c.id DESC LIMIT {PAGE}
"""
MY_DRAFTS_SQL = """
SELECT * FROM cases_draft r JOIN catalog_serviceitem i ON i.id = r.item_id
WHERE r.applicant_id = %s AND r.case_id IS NULL
"""
# A case page's case (the selector's select_related), then its timeline.
CASE_SQL = """
SELECT c.*, i.*, d.*, u.*
FROM cases_case c
JOIN catalog_serviceitem i ON i.id = c.item_id
JOIN accounts_department d ON d.id = c.lead_department_id
JOIN accounts_user u ON u.id = c.applicant_id
WHERE c.number = %s AND c.applicant_id = %s
"""
TIMELINE_SQL = """
SELECT e.*, d.* FROM cases_caseevent e LEFT JOIN accounts_department d ON d.id = e.department_id
WHERE e.case_id = %s ORDER BY e.at, e.id
"""


def pages(people: dict) -> dict[str, tuple]:
    """name -> (selector call, raw SQL call): the same page, both ways."""
    from django.core.paginator import Paginator
    from django.db import connection

    from onewindow.cases import drafts, inbox, selectors

    reviewer, applicant = people["reviewer"], people["applicant"]
    supervisor = people["supervisor"]
    with connection.cursor() as cursor:  # setup only: the applicant's latest case
        cursor.execute(
            "SELECT number, id FROM cases_case WHERE applicant_id = %s "
            "ORDER BY submitted_at DESC, id DESC LIMIT 1",
            [applicant.pk],
        )
        number, case_id = cursor.fetchone()

    def inbox_page():
        page = inbox.inbox(reviewer, size=PAGE)
        return [(r.case.number, r.case.item.name, r.department.name, r.card) for r in page.rows]

    def my_cases_page():
        """What portal.case_views.my_cases does before rendering."""
        page = Paginator(selectors.listed_cases(applicant), PAGE).get_page(1)
        rows = [(case.number, case.item.name, selectors.card(case)) for case in page]
        return rows, list(drafts.open_drafts(applicant))

    def timeline_page():
        return selectors.timeline(selectors.case_for(applicant, number))

    def flagged_page():
        assert inbox.desk_of(supervisor).supervisor
        page = inbox.flagged_cases(size=PAGE)
        return [(r.case.number, r.case.item.name, r.department.name, r.card) for r in page.rows]

    dept = {"dept": people["review_dept"].pk}
    return {
        "official's inbox, first page": (
            inbox_page,
            bare((ROLES_SQL, [reviewer.pk]), (INBOX_SQL, dept)),
        ),
        "citizen's my-cases, first page": (
            my_cases_page,
            bare(
                (MY_COUNT_SQL, [applicant.pk]),
                (MY_PAGE_SQL, [applicant.pk]),
                (MY_DRAFTS_SQL, [applicant.pk]),
            ),
        ),
        "citizen's case timeline": (
            timeline_page,
            bare(
                (CASE_SQL, [number, applicant.pk]),
                (TIMELINE_SQL, [case_id]),
            ),
        ),
        "supervisor's red/yellow list": (
            flagged_page,
            bare((ROLES_SQL, [supervisor.pk]), (FLAGGED_SQL, {})),
        ),
    }


def measure_pages(people: dict, repeat: int) -> dict[str, tuple]:
    """name -> ((p50, p95) selector, (p50, p95) raw SQL)."""
    return {
        name: (timed(selector, repeat), timed(raw, repeat))
        for name, (selector, raw) in pages(people).items()
    }


def measure_inbox(people: dict, repeat: int) -> dict[str, tuple[float, float]]:
    """The inbox in depth: keyset paging against a bare index range scan, OFFSET paging."""
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
        return bare(*(query.sql_with_params() for query in compiled))

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
        "baseline: bare index range scan, first page": timed(
            bare((BASELINE_FIRST, [dept])), repeat
        ),
        "inbox selector, first page (reviewer)": timed(
            rows(lambda: inbox.inbox(reviewer, size=PAGE)), repeat
        ),
        "inbox key queries only (SQL), first page": timed(key_queries(None), repeat),
        "baseline: bare index range scan, middle page": timed(
            bare((BASELINE_DEEP, [dept, middle_due, middle_id])), repeat
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
        "supervision: card counts per department": timed(
            lambda: (inbox.card_counts(), inbox.card_totals()), max(5, repeat // 5)
        ),
    }


# -- query plans -----------------------------------------------------------------------------

WATCHED = {"cases_case", "cases_reviewtask", "cases_caseevent"}


def _scans(plan: dict):
    """(node type, relation, index) of every scan in a JSON plan."""
    if "Relation Name" in plan:
        yield plan["Node Type"], plan["Relation Name"], plan.get("Index Name", "")
    for child in plan.get("Plans", []):
        yield from _scans(child)


def check_plans(people: dict, show: bool) -> list[str]:
    """EXPLAIN every query each page runs, both ways; the MISSING INDEX lines."""
    from django.db import connection

    statements: list[tuple[str, str, object]] = []
    current = [""]

    def capture(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            statements.append((current[0], sql, params))
        return execute(sql, params, many, context)

    for name, (selector, raw) in pages(people).items():
        for way, call in (("selector", selector), ("raw SQL", raw)):
            current[0] = f"{name} ({way})"
            with connection.execute_wrapper(capture):
                call()
    missing = []
    with connection.cursor() as cursor:
        for page, sql, params in statements:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            (document,) = cursor.fetchone()
            plan = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
            scans = list(_scans(plan))
            for node, relation, _index in scans:
                if node == "Seq Scan" and relation in WATCHED:
                    missing.append(f"MISSING INDEX: {page}: Seq Scan on {relation}")
            if show:
                say(f"  {page}: " + ", ".join(f"{n} {r} {i}".strip() for n, r, i in scans))
    return missing


# -- the due-date recomputation --------------------------------------------------------------


def recompute() -> dict:
    """Declare a working day within the open cases' due dates a holiday and time the edit,
    which recomputes every open case; then a bare UPDATE of the same rows from a mapping."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from onewindow.core import services as core_services
    from onewindow.core.clock import WorkingCalendar
    from onewindow.core.models import AuditEntry, CalendarDay

    calendar, day = WorkingCalendar(), timezone.localdate() + timedelta(days=4)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM cases_case WHERE status IN {OPEN}")
        (open_cases,) = cursor.fetchone()
    audited = AuditEntry.objects.filter(action="case.due_dates_recomputed").count()
    start = time.perf_counter()
    core_services.set_calendar_day(day=day, kind=CalendarDay.Kind.HOLIDAY, name="bench")
    seconds = time.perf_counter() - start
    changed = AuditEntry.objects.filter(action="case.due_dates_recomputed").count() - audited

    with connection.cursor() as cursor:  # the same rows and their new dates, precomputed
        cursor.execute(
            "CREATE TABLE bench_map AS SELECT id, intake_due, statutory_due, promised_due,"
            " delivery_due FROM cases_case WHERE version > 1"
        )
        cursor.execute("ALTER TABLE bench_map ADD PRIMARY KEY (id)")
        cursor.execute("ANALYZE bench_map")
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case c SET intake_due = m.intake_due, statutory_due = m.statutory_due,"
            " promised_due = m.promised_due, delivery_due = m.delivery_due,"
            " version = c.version + 1 FROM bench_map m WHERE c.id = m.id"
        )
        updated = cursor.rowcount
    baseline = time.perf_counter() - start
    return {
        "day": day,
        "open": open_cases,
        "changed": changed,
        "seconds": seconds,
        "baseline": baseline,
        "updated": updated,
    }


# -- report ----------------------------------------------------------------------------------

TARGET_P95_MS, TARGET_RATIO, TARGET_RECOMPUTE_S = 20.0, 3.0, 60.0


def report_pages(results: dict[str, tuple]) -> bool:
    say("\nthe pages: selector against the equivalent raw SQL, same run")
    say(
        f"  {'page':<34} {'selector p50':>12} {'p95':>7} {'raw SQL p50':>12} {'p95':>7}"
        f" {'ratio p95':>10}  target p95 ≤ {TARGET_P95_MS:.0f} ms, ≤ {TARGET_RATIO:.0f}×"
    )
    ok = True
    for name, ((p50, p95), (raw50, raw95)) in results.items():
        ratio = p95 / raw95
        met = p95 <= TARGET_P95_MS and ratio <= TARGET_RATIO
        ok &= met
        say(
            f"  {name:<34} {p50:>9.2f} ms {p95:>7.2f} {raw50:>9.2f} ms {raw95:>7.2f}"
            f" {ratio:>9.1f}×  {'met' if met else 'MISSED'}"
        )
    return ok


def report_inbox(results: dict[str, tuple[float, float]]) -> None:
    first = results["baseline: bare index range scan, first page"][0]
    deep = results["baseline: bare index range scan, middle page"][0]
    say("\nthe inbox in depth (× the bare index range scan's median)")
    say(f"  {'query':<48} {'median ms':>10} {'p95 ms':>9} {'× baseline':>11}")
    for name, (median, p95) in results.items():
        baseline = deep if "middle" in name or "OFFSET" in name else first
        say(f"  {name:<48} {median:>10.2f} {p95:>9.2f} {median / baseline:>10.1f}×")


def report_recompute(r: dict) -> bool:
    per_million = r["seconds"] / r["open"] * 1_000_000 if r["open"] else 0.0
    met = per_million <= TARGET_RECOMPUTE_S
    say(f"\nthe due-date recomputation after {r['day']} is declared a holiday")
    say(
        f"  {r['open']:,} open cases, {r['changed']:,} changed: {r['seconds']:.1f} s "
        f"({per_million:.1f} s per million open cases; target ≤ {TARGET_RECOMPUTE_S:.0f} s: "
        f"{'met' if met else 'MISSED'})"
    )
    say(
        f"  baseline: bare UPDATE of the same {r['updated']:,} rows from a precomputed mapping:"
        f" {r['baseline']:.1f} s; recomputation ÷ baseline {r['seconds'] / r['baseline']:.1f}×"
    )
    return met


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="cases to generate")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per query")
    parser.add_argument("--name", default="onewindow_bench", help="database to create and drop")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--explain", action="store_true", help="print every page's scans")
    parser.add_argument("--all-open", action="store_true", help="generate open cases only")
    parser.add_argument(
        "--no-recompute", action="store_true", help="skip the due-date recomputation"
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url, bench_url = database_urls(base, args.name)
    if urlsplit(base).path.strip("/") == args.name:
        raise SystemExit("DATABASE_URL names the bench database itself; point it elsewhere")

    say(f"creating database {args.name}; load average {load_average()}")
    recreate(admin_url, args.name)
    failed, missed = [], []  # checks that failed (exit 1); targets missed (reported)
    try:
        setup_django(bench_url)
        build_schema()
        generate(args.rows, args.all_open)
        people = pick_officials()
        say(
            f"reviewer of {people['review_dept'].code} with {people['open_tasks']:,} open "
            f"and waiting tasks; applicant with {people['applicant_cases']:,} cases"
        )
        missing = check_plans(people, args.explain)
        for line in missing:
            say(line)
        if missing:
            failed.append("MISSING INDEX")
        else:
            say("query plans: every page reads cases, tasks and events through an index")
        page_results = measure_pages(people, args.repeat)
        inbox_results = measure_inbox(people, args.repeat)
        if not report_pages(page_results):
            missed.append("page targets")
        report_inbox(inbox_results)
        line = ", ".join(
            f"{name} p95 {selector[1]:.1f} ms ({selector[1] / raw[1]:.1f}× raw SQL)"
            for name, (selector, raw) in page_results.items()
        )
        if not args.no_recompute:
            r = recompute()
            if not report_recompute(r):
                missed.append("recomputation target")
            line += (
                f"; recomputation {r['changed']:,} of {r['open']:,} open in {r['seconds']:.1f} s"
            )
        say(f"\nSUMMARY {args.rows:,} cases: {line}")
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
    if failed:
        raise SystemExit("FAILED: " + ", ".join(failed))


if __name__ == "__main__":
    main()
