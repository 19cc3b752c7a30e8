"""Benchmark: a random-inspection draw (双随机一公开) from 100,000 targets and 2,000 inspectors,
against a bare SQL draw in the same run.

Creates its own PostgreSQL database (``onewindow_bench_market``, dropped at the end unless
``--keep``), runs the migrations, loads the departments and the inspection-item lists, and
bulk-loads ``--targets`` catering businesses of 天河 into the legal entity registry, then
times, each once:

1. the target list kept from the registry (``market.targets.sync``) against a bare
   ``INSERT … SELECT`` of the same rows into a plain table;
2. a joint plan of 天河区市场监管局 and the fire brigade over every target, ``--ratio`` per
   cent, two inspectors of each per visit, from ``--inspectors`` inspectors (half each, over
   the district's streets): the commitment (lists frozen, published, SM3 digests), the draw
   (targets and teams by ``market.draw``, the visits and teams written, the inspectors told)
   and anyone's re-run of the draw from the published file and seed;
3. the baseline: the same number of targets drawn by ``ORDER BY random() LIMIT k`` and written
   into a plain table, with no commitment, no teams and nothing anyone can check.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/market_draw.py --targets 100000 --inspectors 2000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_database_arguments, bench_database, peak_mb, say
from common import timed_once as timed

NAME = "onewindow_bench_market"
STREETS = [f"4401060{n:02d}" for n in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)]
BATCH = 10_000


def registry(count: int) -> None:
    from onewindow.core.identifiers import generate_id_number, generate_uscc
    from onewindow.registry import services as registry_services
    from onewindow.registry.models import EntityStatus, EntityType, LegalEntity

    rng = random.Random(2027)
    person = registry_services.save_person(generate_id_number("440106", date(1980, 1, 1)), "王")
    seen: set[str] = set()
    rows = []
    while len(seen) < count:
        uscc = generate_uscc("440106", authority="9", category="2", rng=rng)
        if uscc in seen:
            continue
        seen.add(uscc)
        rows.append(
            LegalEntity(
                uscc=uscc,
                name=f"广州市天河区示例{len(seen):06d}餐饮店",
                entity_type=EntityType.INDIVIDUAL_BUSINESS,
                legal_representative=person,
                registered_capital=Decimal(50000),
                established_on=date(2020, 1, 1),
                registration_authority="广州市天河区市场监督管理局",
                business_scope="餐饮服务；食品销售",
                status=EntityStatus.ACTIVE,
                division_id="440106",
                address="广州市天河区体育西路1号",
            )
        )
        if len(rows) == BATCH:
            LegalEntity.objects.bulk_create(rows)
            rows = []
    LegalEntity.objects.bulk_create(rows)


def inspectors(count: int) -> None:
    from onewindow.accounts.models import Department, Role, RoleAssignment, User
    from onewindow.market.models import Inspector

    for code, prefix in (("440106-SCJG", "TH"), ("440100-XF", "XF")):
        department = Department.objects.get(code=code)
        users = User.objects.bulk_create(
            User(username=f"bench_{prefix}{n}", real_name=f"{prefix}{n}", kind=User.Kind.OFFICIAL)
            for n in range(count // 2)
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=u, department=department, role=Role.ENFORCEMENT_OFFICER)
            for u in users
        )
        Inspector.objects.bulk_create(
            Inspector(
                user=u,
                department=department,
                certificate_number=f"{prefix}{n:06d}",
                certificate_valid_until=date(2030, 12, 31),
                district_id="440106",
                street_id=STREETS[n % len(STREETS)],
            )
            for n, u in enumerate(users)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--inspectors", type=int, default=2_000)
    parser.add_argument("--ratio", default="5")
    add_database_arguments(parser, NAME)
    options = parser.parse_args()
    with bench_database(options.name, keep=options.keep):
        from django.db import connection

        from onewindow.accounts import services as accounts
        from onewindow.accounts.models import Department, Role
        from onewindow.market import draw, inspections, items, targets
        from onewindow.market.models import InspectionItem, Target

        items.load()
        t = time.perf_counter()
        registry(options.targets)
        inspectors(options.inspectors)
        say(f"registry: {options.targets:,} entities, {options.inspectors:,} inspectors loaded "
            f"in {time.perf_counter() - t:.0f} s")  # fmt: skip

        say("1. the target list from the registry")
        counts, sync_s = timed("targets.sync", targets.sync)
        assert counts["added"] == options.targets, counts
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_target (entity_id bigint, district varchar(12))")
            _, bare_sync_s = timed(
                "bare INSERT … SELECT",
                lambda: cursor.execute(
                    "INSERT INTO bench_target SELECT id, division_id FROM registry_legalentity"
                ),
            )
            cursor.execute(
                "UPDATE market_target SET street_id = (%s::varchar[])[1 + id %% %s], "
                "risk_grade = (ARRAY['A','B','B','C','D'])[1 + id %% 5]",
                [STREETS, len(STREETS)],
            )
            cursor.execute("ANALYZE market_target")
        say(f"  ratio {sync_s / bare_sync_s:.1f}× the bare copy")

        say(f"2. a joint plan over {Target.objects.count():,} targets at {options.ratio} %")
        head = accounts.create_official(
            username="bench_head", real_name="局长", password="Bench-Password-42"
        )
        accounts.assign_role(
            user=head, department=Department.objects.get(code="440106-SCJG"), role=Role.HEAD
        )
        today = date.today()
        plan = inspections.create_plan(
            actor=head,
            data={
                "title": "基准测试联合抽查",
                "district": "440106",
                "ratio": options.ratio,
                "starts_on": today,
                "ends_on": today + timedelta(days=90),
                "parts": [
                    {"item": InspectionItem.objects.get(code="TH-SP-01").pk, "inspectors": 2},
                    {"item": InspectionItem.objects.get(code="XF-01").pk, "inspectors": 2},
                ],
            },
        )
        plan, commit_s = timed("commit (lists frozen, SM3, published)",
                               lambda: inspections.commit(plan, actor=head))  # fmt: skip
        plan, draw_s = timed("draw (targets, teams, visits written, inspectors told)",
                             lambda: inspections.run_draw(plan, actor=head))  # fmt: skip
        drawn = plan.inspections.count()
        members = sum(1 for _ in plan.inspections.values_list("team"))
        content = inspections.read_lists(plan)[1]

        def rerun():
            return draw.run(json.loads(content), plan.revealed_seed)

        again, rerun_s = timed("anyone's re-run from the published file and seed", rerun)
        ranks = dict(plan.inspections.values_list("target__entity__uscc", "rank"))
        assert [ranks[row.uscc] for row in again] == list(range(1, drawn + 1))
        say(f"  {drawn:,} visits, {members:,} team places; lists file {len(content) / 1e6:.1f} MB")

        say("3. baseline: a bare SQL draw of as many targets")
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_visit (target_id bigint, rank bigint)")

            def bare():
                cursor.execute(
                    "INSERT INTO bench_visit SELECT id, row_number() OVER () FROM "
                    "(SELECT id FROM market_target WHERE district_id = '440106' AND active "
                    "ORDER BY random() LIMIT %s) s",
                    [drawn],
                )

            _, bare_s = timed("ORDER BY random() LIMIT k, INSERT", bare)
        total = commit_s + draw_s
        say(
            f"draw of {drawn:,} from {options.targets:,} targets and {options.inspectors:,} "
            f"inspectors: {total:.2f} s (commit {commit_s:.2f} + draw {draw_s:.2f}) against "
            f"{bare_s:.2f} s bare SQL: {total / bare_s:.1f}×; re-run {rerun_s:.2f} s; "
            f"peak {peak_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
