"""Benchmark: the 12345 hotline at city scale — intake under concurrent load, and the queue,
inbox and map queries over a year of tickets.

Creates its own PostgreSQL database (``onewindow_bench_hotline``, dropped at the end), runs the
migrations, loads the departments and the hotline's categories, and COPY-loads N tickets over
the past year, their texts, places and labels from the classifier's synthetic generator
(``hotline.synthetic``): most closed, the last fortnight's in every open state, with their
dispatches (``hotline_assignment``: the lead's, and for 4 % of the dispatched tickets one or
two co-handling departments') and ledger rows (``supervision_matter``). Then:

(a) intake: W worker processes each report tickets through ``hotline.services.report`` with
    the classifier's proposal (``hotline.classifier.propose``) for S seconds; against a bare
    INSERT of the same rows by the same W processes in the same run. A single-process
    breakdown says what each part costs (classifier, ticket number, audit chain, timeline…).
(b) the dispatcher's queue, a department's inbox (lead and co-handled; its first page and a
    deep page, after 500 rows, reached by key) and the hot-spot map's aggregate at that size:
    p50/p95 of the selector against the same SQL run raw.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/hotline.py --rows 1000000 --workers 2 --seconds 20
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import pstats
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    add_database_arguments,
    bench_database,
    explain,
    extra_indexes,
    say,
    setup_django,
)
from workbench_inbox import load_average, timed

BATCH = 100_000
POOL = 4_000  # distinct synthetic texts, reused with new dates and numbers
OPEN_DAYS = 14  # tickets of the last fortnight are still being handled
TARGET_RATE, TARGET_P95_MS = 500.0, 20.0
TICKET_COLUMNS = (
    "number", "division_code", "channel", "kind", "category_id", "urgent", "title",
    "description", "address", "place_code", "caller_name", "caller_phone",
    "caller_phone_index", "anonymous", "public_allowed", "status", "lead_department_id",
    "proposed_category", "proposed_department", "received_at", "accepted_at", "due_at",
    "not_accepted_reason", "not_accepted_code", "reply", "reply_en", "replied_at", "closed_at",
    "score", "score_comment", "reopen_count", "returns", "escalated", "open311_token",
    "idempotency_key", "version",
)  # fmt: skip
OPEN_MIX = [("received", 3), ("accepted", 3), ("dispatched", 10), ("handling", 70),
            ("replied", 7), ("callback", 7)]  # fmt: skip
OLD_MIX = [("closed", 88), ("answered", 7), ("not_accepted", 4), ("merged", 1)]
CO_SHARE = 0.04  # of the dispatched tickets, co-handled by one or two more departments
DEEP = 500  # the inbox's deep page starts after this many rows


def pool(seed: int):
    from onewindow.hotline import synthetic

    return synthetic.Generator(seed).take(POOL)


def generate(rows: int, seed: int) -> dict:
    """COPY ``rows`` tickets over the past year, then their dispatches and ledger rows in SQL."""
    from django.db import connection
    from django.utils import timezone

    from onewindow.accounts.models import Department
    from onewindow.hotline.models import Category

    rng = random.Random(seed)
    texts = pool(seed)
    categories = {c.code: c for c in Category.objects.all()}
    departments = dict(Department.objects.values_list("code", "pk"))
    now = timezone.now()
    statuses = {"open": OPEN_MIX, "old": OLD_MIX}

    def pick(mix):
        return rng.choices([s for s, _w in mix], [w for _s, w in mix])[0]

    def row(n):
        text = texts[n % POOL]
        category = categories.get(text.category)
        received = now - timedelta(seconds=rng.random() * 365 * 86400)
        age = (now - received).days
        status = pick(statuses["open" if age < OPEN_DAYS else "old"])
        lead = departments.get(text.department) or (category and category.department_id)
        taken = status not in ("received", "not_accepted", "answered")
        accepted = received + timedelta(minutes=20) if taken else None
        limit = (category.limit if category else 5) * 1.4
        due = accepted + timedelta(days=limit) if accepted else None
        closed = status in ("closed", "answered", "not_accepted")
        replied = received + timedelta(days=limit * rng.random()) if closed and taken else None
        return (
            f"B{n:012d}", text.division_code, text.channel, text.kind,
            category.pk if category else None, text.urgent, text.title[:100],
            text.description, text.address[:200], "", text.caller_name[:64], "", "",
            rng.random() < 0.05, rng.random() < 0.3, status, lead if taken else None,
            text.category, text.department, received, accepted, due,
            "", "out_of_scope" if status == "not_accepted" else "",
            "已办理，感谢来电。" if replied else "", "", replied,
            (replied or received + timedelta(minutes=10)) if closed else None,
            rng.choice((5, 5, 5, 4, 4, 3, 2, 1)) if status == "closed" else None,
            "", 0, 0, False, "", "", 1,
        )  # fmt: skip

    start = time.perf_counter()
    columns = ", ".join(f'"{c}"' for c in TICKET_COLUMNS)
    with connection.cursor() as cursor:
        for low in range(0, rows, BATCH):
            batch = [row(n) for n in range(low, min(rows, low + BATCH))]
            with cursor.cursor.copy(f"COPY hotline_ticket ({columns}) FROM STDIN") as copy:
                for r in batch:
                    copy.write_row(r)
        loaded = time.perf_counter() - start
        # the dispatches of the open tickets past acceptance, and every taken ticket's ledger row
        cursor.execute(
            """
            INSERT INTO hotline_assignment (ticket_id, department_id, role, status, note,
              return_reason, opinion, dispatched_by_id, dispatched_at, answered_at)
            SELECT t.id, t.lead_department_id, 'lead',
              CASE WHEN t.status = 'dispatched' THEN 'pending' ELSE 'accepted' END, '', '', '',
              %(dispatcher)s, t.accepted_at + interval '10 minutes',
              CASE WHEN t.status <> 'dispatched' THEN t.accepted_at + interval '1 hour' END
            FROM hotline_ticket t
            WHERE t.status IN ('dispatched', 'handling', 'replied', 'callback')
            """,
            {"dispatcher": _dispatcher_id()},
        )
        co = co_handlers(cursor, rng)
        cursor.execute(
            """
            INSERT INTO supervision_matter (kind, key, stage, title, title_en, link, "group",
              group_name, group_name_en, department_id, division_code, unit, "limit", extended,
              paused, started_at, yellow_from, due_at, due_on, provisional, state, card,
              yellow_at, red_at, closed_at, late, updated_at)
            SELECT 'ticket', t.number, 'handling', t.title, '', '', coalesce(c.code, ''),
              coalesce(c.name, ''), coalesce(c.name_en, ''), t.lead_department_id,
              t.division_code, 'working_days', coalesce(c.limit, 5), 0, 0, t.accepted_at,
              t.accepted_at + (t.due_at - t.accepted_at) * 0.8, t.due_at, t.due_at::date, false,
              CASE WHEN t.status IN ('closed', 'merged') THEN 'closed' ELSE 'open' END,
              CASE WHEN t.status IN ('closed', 'merged') THEN ''
                   WHEN t.due_at <= now() THEN 'red'
                   WHEN t.accepted_at + (t.due_at - t.accepted_at) * 0.8 <= now() THEN 'yellow'
                   ELSE '' END,
              NULL, NULL, t.closed_at, CASE WHEN t.closed_at IS NOT NULL
                THEN t.closed_at >= t.due_at END, now()
            FROM hotline_ticket t LEFT JOIN hotline_category c ON c.id = t.category_id
            WHERE t.accepted_at IS NOT NULL AND t.lead_department_id IS NOT NULL
            """
        )
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now (index-only scans)
        cursor.execute("SELECT status, count(*) FROM hotline_ticket GROUP BY 1 ORDER BY 2 DESC")
        counts = dict(cursor.fetchall())
    say(
        f"{rows:,} tickets over a year COPY-loaded in {loaded:.1f} s "
        f"(+ dispatches, {co:,} of them co-handlers', and ledger rows, "
        f"{time.perf_counter() - start:.1f} s in all); "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
    )
    return counts


def co_handlers(cursor, rng: random.Random) -> int:
    """Co-handling dispatches (协办) for ``CO_SHARE`` of the dispatched tickets: one or two
    departments besides the lead, drawn as often as each department leads, so that a busy
    department's inbox holds co-handled tickets too. The rows the app writes: role co, pending
    while the ticket waits for acceptance, then accepted."""
    cursor.execute(
        """
        SELECT id, lead_department_id, status, accepted_at FROM hotline_ticket
        WHERE status IN ('dispatched', 'handling', 'replied', 'callback') ORDER BY id
        """
    )
    tickets = cursor.fetchall()
    leads = [lead for _id, lead, _status, _accepted in tickets if lead]
    rows = []
    for pk, lead, status, accepted in tickets:
        if rng.random() >= CO_SHARE:
            continue
        wanted, chosen = rng.choice((1, 1, 2)), set()
        while len(chosen) < wanted:
            department = rng.choice(leads)
            if department != lead:
                chosen.add(department)
        pending = status == "dispatched"
        for department in sorted(chosen):
            rows.append(
                (pk, department, "co", "pending" if pending else "accepted", "", "", "",
                 _dispatcher_id(), accepted + timedelta(minutes=10),
                 None if pending else accepted + timedelta(hours=2))
            )  # fmt: skip
    columns = (
        "ticket_id, department_id, role, status, note, return_reason, opinion, "
        "dispatched_by_id, dispatched_at, answered_at"
    )
    with cursor.cursor.copy(f"COPY hotline_assignment ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


_PEOPLE: dict = {}


def _dispatcher_id() -> int:
    return _PEOPLE["dispatcher"].pk


def people() -> dict:
    from onewindow.accounts import services as accounts
    from onewindow.accounts.models import Department, Role

    def official(username, role, department):
        user = accounts.create_official(
            username=username, password="Bench-pass-2026", real_name=username
        )
        accounts.assign_role(user=user, department=department, role=role)
        return user

    centre = Department.objects.get(code="440100-ZWFW")
    _PEOPLE.update(
        operator=official("bench-operator", Role.HOTLINE_OPERATOR, centre),
        dispatcher=official("bench-dispatcher", Role.DISPATCHER, centre),
    )
    return _PEOPLE


def busiest_department():
    from django.db.models import Count

    from onewindow.accounts.models import Department
    from onewindow.hotline.models import Assignment

    top = (
        Assignment.objects.values("department")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("department", flat=True)
        .first()
    )
    return Department.objects.get(pk=top)


# -- (a) intake ------------------------------------------------------------------------------


def ensure_model() -> str:
    """The shipped routing model, or one trained here on the synthetic history when the
    repository has none yet (kept in a temporary folder; forked workers inherit it)."""
    import tempfile

    from onewindow.hotline import classifier, training

    try:
        classifier.current_model()
        return "the shipped routing model"
    except FileNotFoundError:
        start = time.perf_counter()
        result = training.train(training.synthetic_examples(20_000))
        path = training.save(result, Path(tempfile.mkdtemp(prefix="onewindow-bench-model-")))
        classifier._current = classifier.Model.load(path)
        seconds = time.perf_counter() - start
        return f"a model trained here on 20,000 synthetic tickets ({seconds:.0f} s)"


def _report(text, operator, n, propose):
    """One phone report in the operator's category. ``services.report`` runs the classifier
    itself (its proposal is kept on every ticket); ``propose`` here only says whether the
    operator names a category (the synthetic label), so the category lookup is measured."""
    from onewindow.hotline import services

    category = text.category if propose is not None else ""
    return services.report(
        channel="phone",
        kind=text.kind,
        title=text.title[:100],
        description=text.description,
        caller_name=text.caller_name[:64],
        caller_phone=text.caller_phone,
        address=text.address[:200],
        category=category or None,
        urgent=text.urgent,
        operator=operator,
    )


BARE_INSERT = """
INSERT INTO hotline_ticket (number, division_code, channel, kind, category_id, urgent, title,
  description, address, place_code, caller_name, caller_phone, caller_phone_index, anonymous,
  public_allowed, status, proposed_category, proposed_department, received_at,
  not_accepted_reason, not_accepted_code, reply, reply_en, score_comment, reopen_count, returns,
  escalated, open311_token, idempotency_key, version)
VALUES (%s, '440100', 'phone', %s, NULL, %s, %s, %s, %s, '', %s, %s, '', false, false,
  'received', '', '', now(), '', '', '', '', '', 0, 0, false, '', '', 1)
"""


def _worker(mode, bench_url, seconds, seed, worker, results):
    """One intake process: report (or INSERT) tickets for ``seconds``; put its count."""
    setup_django(bench_url)
    from django.db import connection, transaction

    from onewindow.accounts.models import User

    texts = pool(seed)
    operator = User.objects.get(username="bench-operator")
    propose = None
    if mode == "service":
        from onewindow.hotline import classifier

        propose = classifier.propose
        propose("预热 路灯不亮")  # load the model before the clock starts
    done, n = 0, worker * 10_000_000
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        text = texts[(n + done) % POOL]
        if mode == "service":
            _report(text, operator, n + done, propose)
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    BARE_INSERT,
                    [
                        f"X{worker}{done:011d}", text.kind, text.urgent, text.title[:100],
                        text.description, text.address[:200], text.caller_name[:64],
                        text.caller_phone,
                    ],
                )  # fmt: skip
        done += 1
    results.put((done, time.perf_counter() - start))


def intake(mode: str, bench_url: str, workers: int, seconds: float, seed: int) -> float:
    """Tickets per second over ``workers`` processes."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(mode, bench_url, seconds, seed, w, results))
        for w in range(workers)
    ]
    for p in processes:
        p.start()
    counts = [results.get() for _ in processes]
    for p in processes:
        p.join()
    total = sum(c for c, _s in counts)
    elapsed = max(s for _c, s in counts)
    return total / elapsed


def breakdown(seed: int, count: int) -> list[str]:
    """What one reported ticket costs in one process, part by part, and the profile's top."""
    from django.db import connection, transaction

    from onewindow.accounts.models import User
    from onewindow.hotline import classifier

    texts = pool(seed)
    operator = User.objects.get(username="bench-operator")
    classifier.propose("预热")
    lines = []

    def per_ticket(call) -> float:
        start = time.perf_counter()
        for i in range(count):
            call(i)
        return (time.perf_counter() - start) / count * 1000

    def text(i):
        t = texts[i % POOL]
        return f"{t.title} {t.description} {t.address}"

    lines.append(
        f"classifier.propose alone: {per_ticket(lambda i: classifier.propose(text(i))):.2f} ms"
    )
    lines.append(
        "services.report (its classifier inside), no category: "
        f"{per_ticket(lambda i: _report(texts[i % POOL], operator, i, None)):.2f} ms"
    )
    lines.append(
        "services.report (its classifier inside), operator's category: "
        f"{per_ticket(lambda i: _report(texts[i % POOL], operator, i, classifier.propose)):.2f} ms"
    )

    def bare(i):
        t = texts[i % POOL]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                BARE_INSERT,
                [f"Y{i:012d}", t.kind, t.urgent, t.title[:100], t.description, t.address[:200],
                 t.caller_name[:64], t.caller_phone],
            )  # fmt: skip

    lines.append(f"bare INSERT (own transaction): {per_ticket(bare):.2f} ms")

    from django.utils import timezone

    from onewindow.core import audit
    from onewindow.hotline import services

    def audit_only(i):
        with transaction.atomic():
            audit.record("bench.audit", object_type="ticket", object_id=str(i), actor=operator,
                         data={"status": "received"})  # fmt: skip

    lines.append(f"  audit.record alone (hash chain): {per_ticket(audit_only):.2f} ms")

    def number_only(i):
        with transaction.atomic():
            services._next_number(timezone.localdate())

    lines.append(f"  ticket number (services._next_number) alone: {per_ticket(number_only):.2f} ms")
    profile = cProfile.Profile()
    profile.enable()
    for i in range(count):
        _report(texts[i % POOL], operator, i, classifier.propose)
    profile.disable()
    stats = pstats.Stats(profile)
    rows = []
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        if "onewindow" in filename and name not in ("_report", "inner", "__call__"):
            rows.append(
                (
                    cumulative / count * 1000,
                    f"{Path(filename).parent.name}/{Path(filename).name}:{name}",
                )
            )
    rows.sort(reverse=True)
    lines.append("  profile of report + classifier, cumulative ms per ticket (our code):")
    lines.extend(f"    {ms:6.2f} ms  {where}" for ms, where in rows[:14])
    return lines


# -- (b) queries -----------------------------------------------------------------------------


def queries(people: dict, department) -> dict:
    from django.db import connection
    from django.db.models import Count

    from onewindow.accounts import services as accounts
    from onewindow.accounts.models import Role
    from onewindow.hotline import selectors
    from onewindow.hotline.models import OPEN_STATUSES, Ticket

    handler = accounts.create_official(
        username="bench-handler", password="Bench-pass-2026", real_name="bench-handler"
    )
    accounts.assign_role(user=handler, department=department, role=Role.REVIEWER)

    def page(queryset_of):
        def run():
            return [(t.number, t.title, t.category and t.category.name) for t in queryset_of()[:50]]

        return run

    def raw_of(queryset_of):
        sql, params = queryset_of()[:50].query.sql_with_params()

        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    def map_query():
        try:
            from onewindow.hotline import hotspots  # helper KBMAP

            return hotspots.overview(people["dispatcher"], geometry=False)
        except ImportError:
            return list(map_queryset())

    def map_queryset():
        return (
            Ticket.objects.filter(status__in=OPEN_STATUSES)
            .values_list("division_code", "category_id")
            .annotate(n=Count("id"))
            .order_by()
        )

    def map_raw():
        sql, params = map_queryset().query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    queue = lambda: selectors.dispatcher_queue(people["dispatcher"])  # noqa: E731
    first = inbox_page(handler, None)
    deep_key = deep_key_of(handler)
    deep = inbox_page(handler, deep_key)
    deep_label = f"department inbox, rows {DEEP + 1}–{DEEP + 50} (by key)"
    return {
        "dispatcher's queue, first 50": (page(queue), raw_of(queue)),
        f"department inbox ({department.code}), first 50": (first, statements_of(first)),
        deep_label: (deep, statements_of(deep)),
        "hot-spot map: open tickets by district and category": (map_query, map_raw),
    }


def inbox_page(handler, after):
    from onewindow.hotline.inbox import department_inbox

    def run():
        page = department_inbox(handler, after=after, size=50)
        return [(t.number, t.title, t.category and t.category.name) for t in page.rows]

    return run


def deep_key_of(handler):
    """The key after the inbox's first ``DEEP`` rows, walked page by page as a reader would."""
    from onewindow.hotline.inbox import department_inbox

    key = None
    for _page in range(DEEP // 50):
        key = department_inbox(handler, after=key, size=50).next_key
        if key is None:
            raise SystemExit(f"the inbox holds fewer than {DEEP} rows: generate more tickets")
    return key


def statements_of(call):
    """The SQL ``call`` runs, run raw (the same rows, without the ORM)."""
    from django.db import connection

    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        call()

    def run():
        with connection.cursor() as cursor:
            for sql, params in captured:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


def inbox_contents(handler, department) -> str:
    """What the measured inbox holds: its rows, how many co-handled."""
    from onewindow.hotline.inbox import inbox_count
    from onewindow.hotline.models import INBOX_STATUSES, Assignment

    co = Assignment.objects.filter(
        department=department, role="co", ticket__status__in=INBOX_STATUSES
    ).count()
    return f"{inbox_count(handler, cap=10**9):,} open tickets, {co:,} of them co-handled"


def legacy_inbox_plans(handler, department) -> list[str]:
    """EXPLAIN of the inbox as it was read before: lead OR co-handler in one query, paged by
    OFFSET (for the record only)."""
    from django.db.models import F, Q

    from onewindow.hotline.models import INBOX_STATUSES, Assignment, Ticket

    co = list(
        Assignment.objects.filter(
            department=department, role="co", status__in=("pending", "accepted", "done")
        ).values_list("ticket_id", flat=True)
    )
    either = Q(lead_department=department, status__in=INBOX_STATUSES) | Q(
        pk__in=co, status__in=INBOX_STATUSES
    )
    ordered = (
        Ticket.objects.select_related("category", "lead_department")
        .filter(either)
        .order_by(F("due_at").asc(nulls_last=True), "received_at", "pk")
    )
    return [
        f"{label}: {explain(*ordered[low : low + 50].query.sql_with_params())}"
        for label, low in (("first 50", 0), (f"OFFSET {DEEP}", DEEP))
    ]


def explain_call(call) -> str:
    """EXPLAIN ANALYZE of the statements ``call`` runs: their scans and time."""
    from django.db import connection

    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        call()
    return "; ".join(explain(sql, params) for sql, params in captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="tickets to generate")
    parser.add_argument("--workers", type=int, default=2, help="intake processes")
    parser.add_argument("--seconds", type=float, default=15, help="intake run per mode")
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per query")
    parser.add_argument("--profile", type=int, default=200, help="tickets in the breakdown")
    parser.add_argument("--seed", type=int, default=21)
    add_database_arguments(parser, "onewindow_bench_hotline")
    parser.add_argument("--no-intake", action="store_true", help="the queries only")
    args = parser.parse_args()
    missed = []
    with bench_database(args.name, keep=args.keep) as bench_url:
        from onewindow.accounts.models import User
        from onewindow.hotline import catalogue

        catalogue.load()
        who = people()
        generate(args.rows, args.seed)
        extra_indexes(args.index, ["hotline_ticket", "hotline_assignment"])

        say("\n(b) the queries at this size: selector against its own SQL run raw")
        department = busiest_department()
        say(f"  {'query':<54} {'p50':>8} {'p95':>8} {'raw p95':>8} {'ratio':>6}")
        measured = queries(who, department)
        handler = User.objects.get(username="bench-handler")
        say(f"  the inbox of {department.code}: {inbox_contents(handler, department)}")
        for line in legacy_inbox_plans(handler, department):
            say(f"  plan before (OR, OFFSET), {line}")
        for label, (_selector, raw) in measured.items():
            say(f"  plan, {label}: {explain_call(raw)}")
        for label, (selector, raw) in measured.items():
            (p50, p95), (_r50, r95) = timed(selector, args.repeat), timed(raw, args.repeat)
            met = p95 <= TARGET_P95_MS
            if not met:
                missed.append(label)
            say(
                f"  {label:<54} {p50:>5.2f} ms {p95:>5.2f} ms {r95:>5.2f} ms {p95 / r95:>5.1f}×"
                f"  {'met' if met else 'MISSED'} (p95 ≤ {TARGET_P95_MS:.0f} ms)"
            )

        if args.no_intake:
            return
        say(f"\nclassifier: {ensure_model()}")
        say(f"\n(a) intake, {args.workers} processes × {args.seconds:.0f} s, same run")
        bare = intake("bare", bench_url, args.workers, args.seconds, args.seed)
        say(f"  bare INSERT, one transaction per ticket: {bare:8.1f} tickets/s")
        served = intake("service", bench_url, args.workers, args.seconds, args.seed)
        met = served >= TARGET_RATE
        if not met:
            missed.append("intake rate")
        say(
            f"  services.report + classifier.propose:    {served:8.1f} tickets/s "
            f"({served / bare:.2f}× bare; target ≥ {TARGET_RATE:.0f}: "
            f"{'met' if met else 'MISSED'})"
        )
        say(f"\nbreakdown, one process, {args.profile} tickets, per ticket:")
        for line in breakdown(args.seed, args.profile):
            say("  " + line)
        say(
            f"\nSUMMARY {args.rows:,} tickets: intake {served:.0f} tickets/s with "
            f"{args.workers} workers ({served / bare:.2f}× bare INSERT {bare:.0f}/s)"
        )
        say(f"load average {load_average()}")
    if missed:
        say("TARGETS MISSED: " + ", ".join(missed))


if __name__ == "__main__":
    main()
