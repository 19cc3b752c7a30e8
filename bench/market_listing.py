"""Benchmark: the 1 July listing of enterprises that did not file their annual report
(企业信息公示暂行条例 Art. 17) over a million enterprises, against a bare SQL statement in the
same run.

Creates its own PostgreSQL database (``onewindow_bench_listing``, dropped at the end unless
``--keep``), runs the migrations, loads the departments, then COPYs ``--entities`` enterprises
over Guangzhou's eleven districts into the legal entity registry (synthetic 18-character
codes: the registry does not check them, the benchmark does not need them valid), filed
reports for ``--filed`` of them (a share), and ``--accounts`` enterprise accounts among the
non-filers (they are told). Then, each once:

1. ``market.lists.list_non_filers``: the entries written with their district's bureau and
   legal basis, the enterprises with an account told, the audit entry;
2. the baseline: the bare ``INSERT … SELECT … WHERE NOT EXISTS`` of the same enterprises
   into a plain table;
3. a second run of the listing (it lists nobody twice) and one late filing that takes its
   enterprise off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/market_listing.py --entities 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_database_arguments, bench_database, peak_mb, say
from common import timed_once as timed

NAME = "onewindow_bench_listing"
YEAR = 2026
DISTRICTS = [
    "440103", "440104", "440105", "440106", "440111", "440112",
    "440113", "440114", "440115", "440117", "440118",
]  # fmt: skip
TYPES = ["limited", "individual", "sole", "partnership", "joint_stock", "cooperative"]


def load(entities: int, filed: float, accounts: int) -> None:
    from django.db import connection

    from onewindow.core.identifiers import generate_id_number
    from onewindow.registry import services as registry_services

    person = registry_services.save_person(generate_id_number("440106", date(1980, 1, 1)), "王")
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        columns = (
            "uscc, name, entity_type, legal_representative_id, registered_capital, "
            "established_on, registration_authority, business_scope, status, division_id, "
            "address, updated_at"
        )
        with cursor.cursor.copy(f"COPY registry_legalentity ({columns}) FROM STDIN") as copy:
            for n in range(entities):
                district = DISTRICTS[n % len(DISTRICTS)]
                copy.write_row((
                    f"9{district}{n:011d}", f"示例企业{n:07d}", TYPES[n % len(TYPES)],
                    person.pk, 100000, date(2000 + n % 26, 1 + n % 12, 1), "市场监督管理局",
                    "餐饮服务", "cancelled" if n % 50 == 0 else "active", district,
                    "广州市", now,
                ))  # fmt: skip
        percent = round(filed * 100)
        report_columns = (
            "entity_id, year, address, postal_code, phone, email, operating_status, employees, "
            "employees_public, total_assets, total_liabilities, revenue, net_profit, tax_paid, "
            "assets_public, websites, shareholders, filed_at, filed_by_id, corrections, late"
        )
        cursor.execute("SELECT min(id) FROM registry_legalentity")
        (first,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined, kind, real_name, enterprise_name, "
            "id_number, id_number_index, uscc, phone, phone_index) VALUES ('!', false, "
            "'bench_filer', '', '', '', false, true, now(), 'enterprise', '', '', '', '', '', "
            "'', '') RETURNING id"
        )
        (filer,) = cursor.fetchone()
        if percent:
            with cursor.cursor.copy(
                f"COPY market_annualreport ({report_columns}) FROM STDIN"
            ) as copy:
                for n in (n for n in range(entities) if n % 100 < percent):
                    copy.write_row((
                        first + n, YEAR, "广州市", "510000", "020-1", "", "operating", 1, False,
                        1, 0, 1, 0, 0, False, "[]", "[]", now, filer, 0, False,
                    ))  # fmt: skip
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined, kind, real_name, enterprise_name, "
            "id_number, id_number_index, uscc, phone, phone_index) "
            "SELECT '!', false, 'bench_' || e.uscc, '', '', '', false, true, now(), "
            "'enterprise', '', e.name, '', '', e.uscc, '', '' FROM registry_legalentity e "
            "WHERE e.status = 'active' AND NOT EXISTS (SELECT 1 FROM "
            "market_annualreport r WHERE r.entity_id = e.id) LIMIT %s",
            [accounts],
        )
    # what autovacuum has long done by 1 July in a running registry: the hint bits set and the
    # visibility map written for the rows just COPYed (a first pass over a million fresh rows
    # would otherwise be charged to the listing)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_legalentity")
        cursor.execute("VACUUM ANALYZE market_annualreport")
        cursor.execute("VACUUM ANALYZE accounts_user")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--filed", type=float, default=0.7, help="share that filed in time")
    parser.add_argument("--accounts", type=int, default=2_000)
    add_database_arguments(parser, NAME)
    options = parser.parse_args()
    with bench_database(options.name, keep=options.keep):
        from django.db import connection
        from django.db.transaction import atomic

        from onewindow.market import lists
        from onewindow.market.credit_models import ListEntry

        t = time.perf_counter()
        load(options.entities, options.filed, options.accounts)
        say(f"registry: {options.entities:,} enterprises, {options.filed:.0%} filed, loaded by "
            f"COPY in {time.perf_counter() - t:.0f} s")  # fmt: skip
        july = date(YEAR + 1, 7, 1)
        say(f"1. the listing on {july}")
        listed, listing_s = timed(
            "lists.list_non_filers", lambda: lists.list_non_filers(YEAR, today=july)
        )
        told = connection.cursor()
        told.execute("SELECT count(*) FROM notifications_notification")
        (notices,) = told.fetchone()
        say(f"  {listed:,} enterprises listed, {notices:,} told in their inbox")

        say("2. baseline: the bare INSERT … SELECT")
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_listed (entity_id bigint, listed_on date)")

            def bare():
                cursor.execute(
                    "INSERT INTO bench_listed SELECT e.id, %s FROM registry_legalentity e "
                    "WHERE e.status = 'active' AND e.established_on <= %s AND NOT EXISTS "
                    "(SELECT 1 FROM market_annualreport r WHERE r.entity_id = e.id "
                    "AND r.year = %s)",
                    [july, date(YEAR, 12, 31), YEAR],
                )
                return cursor.rowcount

            bare_count, bare_s = timed("INSERT … SELECT … WHERE NOT EXISTS", bare)
        assert bare_count == listed, (bare_count, listed)

        say("3. again, and a late filing")
        again, again_s = timed("second run", lambda: lists.list_non_filers(YEAR, today=july))
        assert again == 0
        entry = ListEntry.objects.select_related("entity").first()
        timed(
            "one enterprise taken off",
            lambda: atomic(lists.take_off_filed)(entry.entity, YEAR, actor=None, day=july),
        )
        say(
            f"listing of {listed:,} of {options.entities:,} enterprises: {listing_s:.2f} s "
            f"against {bare_s:.2f} s bare SQL: {listing_s / bare_s:.2f}×; second run "
            f"{again_s:.2f} s; peak {peak_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
