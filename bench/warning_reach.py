"""Benchmark: a red warning for the whole city reaching a million registered residents, against
a bare bulk INSERT of the same rows in the same run.

Creates its own PostgreSQL database (``onewindow_bench_warning``, dropped at the end unless
``--keep``), runs the migrations, loads the departments, then COPYs ``--residents`` persons into
the population registry over Guangzhou's eleven districts (every tenth at a standard address,
the rest by their household registration division) and makes each a citizen account with a
phone (INSERT … SELECT). Then, each once:

1. ``emergency.services.issue`` of a red rainstorm warning for 广州市 by a duty officer, and its
   approval by the commander (orange and red wait for a second person): the approval sends it,
   signs the CAP alert and queues it for every resident, in the inbox and on each enabled
   channel, and counts them per district and channel. Timed to its commit: the last
   notification is queued then.
2. the baseline: the bare ``INSERT … SELECT`` of as many inbox rows and outbox rows (one per
   channel reached), with the same columns, from the accounts table, in one transaction.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/warning_reach.py --residents 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_database_arguments, bench_database, peak_mb, say
from common import timed_once as timed

NAME = "onewindow_bench_warning"
DISTRICTS = [
    "440103", "440104", "440105", "440106", "440111", "440112",
    "440113", "440114", "440115", "440117", "440118",
]  # fmt: skip


def load(residents: int) -> None:
    from django.db import connection

    from onewindow.registry import geo

    geo.load_boundaries()
    geo.load_places()
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, division_id FROM registry_place ORDER BY code")
        places: dict[str, list[int]] = {}
        for pk, division in cursor.fetchall():
            places.setdefault(division[:6], []).append(pk)
        columns = (
            "id_number, id_number_index, name, sex, birth_date, household_division_id, "
            "household_address, marital_status, updated_at, residence_id"
        )
        with cursor.cursor.copy(f"COPY registry_person ({columns}) FROM STDIN") as copy:
            for n in range(residents):
                district = DISTRICTS[n % len(DISTRICTS)]
                homes = places.get(district)
                residence = homes[n % len(homes)] if homes and n % 10 == 0 else None
                copy.write_row((
                    "", f"bench{n:010d}", "居民", "M", date(1980, 1, 1), district, "广州市",
                    "married", now, residence,
                ))  # fmt: skip
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined, kind, real_name, enterprise_name, "
            "id_number, id_number_index, uscc, phone, phone_index) "
            "SELECT '!', false, 'r' || p.id, '', '', '', false, true, now(), 'citizen', p.name, "
            "'', '', p.id_number_index, '', '', 'ph' || p.id FROM registry_person p"
        )
        for table in ("registry_person", "accounts_user"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1_000_000)
    add_database_arguments(parser, NAME)
    options = parser.parse_args()
    with bench_database(options.name, keep=options.keep):
        from django.db import connection, transaction
        from django.utils import timezone

        from onewindow.accounts.models import Department, Role
        from onewindow.accounts.services import assign_role, create_official
        from onewindow.emergency import services
        from onewindow.notifications.channels import registry as channels

        t = time.perf_counter()
        load(options.residents)
        reached_by = [c.name for c in channels.enabled()]
        say(f"registry: {options.residents:,} residents with accounts, loaded in "
            f"{time.perf_counter() - t:.0f} s; channels: inbox + {reached_by}")  # fmt: skip
        bureau = Department.objects.get(code="440100-YJGL")
        officer = create_official(
            username="bench_duty", real_name="值班", password="Bench-pass-2026-x"
        )
        assign_role(user=officer, department=bureau, role=Role.DUTY_OFFICER)
        commander = create_official(
            username="bench_commander", real_name="指挥", password="Bench-pass-2026-x"
        )
        assign_role(user=commander, department=bureau, role=Role.COMMANDER)
        data = {
            "hazard": "rainstorm", "level": "red", "advice": "停课停工，危险地带人员撤离。",
            "advice_en": "Schools and work stop; leave dangerous places.",
            "divisions": ["440100"],
            "expires_at": (timezone.now() + timedelta(hours=12)).isoformat(),
        }  # fmt: skip
        proposed = services.issue(officer, department=bureau, data=data)

        say("1. the red warning approved: sent, signed and queued for every resident")
        message, warning_s = timed(
            "services.approve (to commit)", lambda: services.approve(commander, proposed)
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM notifications_notification")
            (inbox,) = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM notifications_outboxmessage")
            (outbox,) = cursor.fetchone()
        say(f"  {message.reached:,} residents reached: {inbox:,} inbox rows, {outbox:,} "
            f"outbox rows")  # fmt: skip
        assert message.reached == options.residents, message.reached

        say("2. baseline: the bare INSERT … SELECT of as many inbox and outbox rows")
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_inbox (id bigserial PRIMARY KEY, recipient_id bigint, "
                "kind varchar(64), params jsonb, link varchar(500), case_number varchar(64), "
                "created_at timestamptz, read_at timestamptz)"
            )
            cursor.execute(
                "CREATE TABLE bench_outbox (id bigserial PRIMARY KEY, notification_id bigint, "
                "channel varchar(32), status varchar(16), attempts smallint, last_error text, "
                "created_at timestamptz, sent_at timestamptz)"
            )
            cursor.execute("CREATE INDEX ON bench_inbox (recipient_id, created_at DESC)")
            cursor.execute(
                "CREATE INDEX ON bench_inbox (recipient_id, created_at DESC) WHERE read_at IS NULL"
            )
            cursor.execute("CREATE INDEX ON bench_inbox (case_number)")
            cursor.execute("CREATE INDEX ON bench_outbox (status, created_at)")
            cursor.execute("CREATE UNIQUE INDEX ON bench_outbox (notification_id, channel)")

            def bare():
                with transaction.atomic():
                    cursor.execute(
                        "INSERT INTO bench_inbox (recipient_id, kind, params, link, "
                        "case_number, created_at) SELECT u.id, 'k', '{}'::jsonb, '/w/', '', "
                        "now() FROM accounts_user u WHERE u.kind = 'citizen'"
                    )
                    rows = cursor.rowcount
                    for channel in reached_by:
                        cursor.execute(
                            "INSERT INTO bench_outbox (notification_id, channel, status, "
                            "attempts, last_error, created_at) SELECT n.id, %s, 'pending', 0, "
                            "'', now() FROM bench_inbox n",
                            [channel],
                        )
                return rows

            bare_rows, bare_s = timed("bare INSERT … SELECT", bare)
        say(
            f"red warning to {message.reached:,} residents: {warning_s:.2f} s to the last "
            f"queued notification, against {bare_s:.2f} s for the bare INSERT of "
            f"{bare_rows:,} inbox rows and their outbox rows: {warning_s / bare_s:.2f}×; "
            f"peak {peak_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
