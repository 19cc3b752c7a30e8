"""Benchmark: disclosure search over a generated catalogue, against a bare full-text query.

Creates its own PostgreSQL database (``onewindow_bench_disclosure`` on the server of
DATABASE_URL, dropped at the end unless ``--keep``), generates ``--rows`` published documents
(default 20,000) with the demo's templates per Art. 20 category and Faker's zh_CN names
(``demo/disclosure_public.compose``: a few hundred to a few thousand characters each), then:
- indexes them all (``disclosure.search.rebuild``: jieba segmentation + the weighted
  ``tsvector``) and prints the throughput;
- runs a set of realistic queries, with and without filters, through the public search
  (``selectors.public.search``: ranking, filters, count, paging, marked snippets) and through
  the bare FTS query in the same run (any jieba word, ``ts_rank``, ids only);
- prints p50/p95 of both, their ratio and the load average (the machine may be shared).
Exit 1 when the search's p95 is above 50 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \
        bench/disclosure_search.py --rows 20000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import json

from common import add_database_arguments, bench_database, say

NAME = "onewindow_bench_disclosure"
TARGET_P95_MS = 50.0
QUERIES = [
    "食品安全",
    "养老服务补贴标准",
    "部门预算",
    "行政处罚决定书",
    "政府采购意向",
    "突发事件应急预案",
    "公务员拟录用人员名单",
    "大气污染防治规划",
    "监督抽查结果",
    "政府信息公开工作年度报告",
    "消防安全",
    "统计数据",
    "行政许可结果公示",
    "职业技能培训",
    "收费项目及标准",
    "建设项目批准",
    "社会救助",
    "医疗机构管理办法",
    "水环境保护",
    "就业创业补贴",
]


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def generate(rows: int, seed: int = 22) -> list:
    """``rows`` published documents over the city's departments and every category."""
    from django.utils import timezone
    from faker import Faker

    from onewindow.accounts.models import Department
    from onewindow.demo.disclosure_public import compose
    from onewindow.disclosure.models import Document, DocumentStatus
    from onewindow.disclosure.vocab import Category

    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    agencies = list(Department.objects.filter(code__startswith="440100-", kind="department"))
    categories = list(Category.values)
    start = timezone.make_aware(datetime(2021, 1, 4, 9))
    sequences: dict[tuple[str, int], int] = {}
    batch: list[Document] = []
    t = time.perf_counter()
    for i in range(rows):
        agency = rng.choice(agencies)
        category = categories[i % len(categories)]
        published = start + timedelta(minutes=i * (6 * 365 * 24 * 60 // max(rows, 1)))
        key = (agency.code, published.year)
        sequences[key] = seq = sequences.get(key, 0) + 1
        title, title_en, body, body_en = compose(rng, fake, agency, category, published.year)
        batch.append(
            Document(
                agency=agency,
                index_number=f"{agency.code}/{published.year}-{seq:05d}",
                category=category,
                title=title,
                title_en=title_en,
                number=f"穗{agency.code[-3:]}〔{published.year}〕{seq}号" if i % 3 == 0 else "",
                body=body,
                body_en=body_en,
                formed_on=published.date(),
                published_at=published,
                status=DocumentStatus.PUBLISHED,
                validity="repealed" if i % 17 == 0 else "in_force",
            )
        )
        if len(batch) == 2000:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    say(f"generated {rows} documents in {time.perf_counter() - t:.1f} s")
    return agencies


def measure(label: str, fn, cases, repeat: int) -> dict:
    for case in cases:  # warm caches (jieba, plans) before timing
        fn(*case)
    samples = []
    for _ in range(repeat):
        for case in cases:
            start = time.perf_counter()
            fn(*case)
            samples.append((time.perf_counter() - start) * 1000)
    result = {"p50": statistics.median(samples), "p95": percentile(samples, 95)}
    say(
        f"{label:22} p50 {result['p50']:7.2f} ms  p95 {result['p95']:7.2f} ms  "
        f"({len(samples)} runs)"
    )
    return result


def server_times(label: str, fn, cases) -> None:
    """Each case's statements again under EXPLAIN ANALYZE: the server's execution time, which
    the machine's load inflates far less than the round trip; with the planner settings the
    search set for them (``SET LOCAL``), in one transaction as the search ran them."""
    from django.db import connection, transaction

    captured: list[tuple[str, list]] = []

    def capture(execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith("SET LOCAL") or (
            statement.startswith("SELECT") and "disclosure_search" in sql
        ):
            captured.append((sql, list(params or [])))
        return execute(sql, params, many, context)

    times = []
    for case in cases:
        captured.clear()
        with connection.execute_wrapper(capture):
            fn(*case)
        total = 0.0
        with transaction.atomic(), connection.cursor() as cursor:  # as the search ran them
            for sql, params in list(captured):
                if sql.lstrip().upper().startswith("SET LOCAL"):
                    cursor.execute(sql, params)
                    continue
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                (document,) = cursor.fetchone()
                plan = (json.loads(document) if isinstance(document, str) else document)[0]
                total += plan["Execution Time"]
        times.append(total)
    say(
        f"{label:22} server execution p50 {statistics.median(times):7.2f} ms  "
        f"p95 {percentile(times, 95):7.2f} ms"
    )


def run(rows: int, repeat: int) -> bool:
    from django.db import connection, transaction

    from onewindow.disclosure import search as fts
    from onewindow.disclosure.selectors import public
    from onewindow.disclosure.vocab import Category

    agencies = generate(rows)
    t = time.perf_counter()
    with transaction.atomic():
        indexed = fts.rebuild()
    seconds = time.perf_counter() - t
    say(f"indexed {indexed} documents in {seconds:.1f} s: {indexed / seconds:,.0f} documents/s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE disclosure_search")
        cursor.execute("ANALYZE disclosure_document")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('disclosure_search'))")
        say(f"index table size {cursor.fetchone()[0]}")

    rng = random.Random(7)
    plain = [(q, fts.Filters()) for q in QUERIES]
    filtered = (
        [(q, fts.Filters(agency_id=rng.choice(agencies).pk)) for q in QUERIES[:7]]
        + [
            (
                q,
                fts.Filters(
                    category=rng.choice(Category.values), year=rng.choice([2023, 2024, 2025])
                ),
            )
            for q in QUERIES[7:14]
        ]
        + [(q, fts.Filters(validity="in_force")) for q in QUERIES[14:]]
    )
    cases = plain + filtered

    def full(q, filters):
        return public.search(q, filters, offset=0, limit=20)

    def sql_only(q, filters):
        return fts.search(q, filters, offset=0, limit=20)

    def bare(q, filters):
        return fts.bare_ids(q, limit=20)

    say(f"load average before measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    report = {
        "search (page)": measure("search (page+snippets)", full, cases, repeat),
        "search (sql)": measure("search (ids, count)", sql_only, cases, repeat),
        "bare": measure("bare FTS (ids)", bare, cases, repeat),
    }
    server_times("search (ids, count)", sql_only, cases)
    server_times("bare FTS (ids)", bare, cases)
    say(f"load average after measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    say(
        f"{len(cases)} queries x {repeat} rounds over {rows} documents; "
        "search p95 / bare FTS p95 = "
        f"{report['search (page)']['p95'] / report['bare']['p95']:.1f}x "
        f"(ids and count only: {report['search (sql)']['p95'] / report['bare']['p95']:.1f}x)"
    )
    ok = report["search (page)"]["p95"] <= TARGET_P95_MS
    say("OK" if ok else f"BELOW TARGET (p95 {TARGET_P95_MS:.0f} ms)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="documents to generate")
    parser.add_argument("--repeat", type=int, default=10, help="timed rounds over the queries")
    add_database_arguments(parser, NAME)
    args = parser.parse_args()
    with bench_database(args.name, keep=args.keep):
        ok = run(args.rows, args.repeat)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
