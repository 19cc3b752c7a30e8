"""Benchmark: a consultation with many comments (default 100,000): the article view and the
moderation queue, against raw SQL doing the same reads, in the same run.

Creates its own PostgreSQL database (``onewindow_bench_participation`` on the server of
DATABASE_URL, dropped at the end unless ``--keep``), a 20-article draft of 住建局 and
``--comments`` comments by 500 citizens (about 90 % published, 5 % pending, 5 % rejected,
spread over 30 days, the hottest articles commented most), then measures through the
selectors the public pages use:
- the article view: the article's newest 20 published comments, a page further down by its
  cursor, and the heat of every article (the counters the moderation services keep);
- the moderation queue: the oldest 20 pending comments, the next page, and the pending count;
and the bare SQL of each (the same rows, ids and bodies only). Prints p50/p95, the ratios and
the load average. Exit 1 when a p95 is above 50 ms (issue 23).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        bench/participation_comments.py --comments 2000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_database_arguments, bench_database, say

NAME = "onewindow_bench_participation"
TARGET_P95_MS = 50.0
AUTHORS = 500


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def generate(comments: int, seed: int = 23):
    from django.utils import timezone

    from onewindow.accounts.models import Department, Role, User
    from onewindow.accounts.services import assign_role, create_official
    from onewindow.participation.models import Comment, Consultation, ConsultationStatus
    from onewindow.participation.services import consultations as services

    rng = random.Random(seed)
    zj = Department.objects.get(code="440100-ZJ")
    officer = create_official(username="bench_officer", password="x-Bench-2026!", real_name="温")
    assign_role(user=officer, department=zj, role=Role.PARTICIPATION_OFFICER)
    moderator = create_official(
        username="bench_moderator", password="x-Bench-2026!", real_name="秦"
    )
    assign_role(
        user=moderator, department=Department.objects.get(code="440100-ZWFW"),
        role=Role.PARTICIPATION_MODERATOR,
    )  # fmt: skip
    text = "\n".join(f"第{n}条　第{n}条的条文，规定物业管理的有关事项。" for n in range(1, 21))
    consultation = services.create_draft(
        zj,
        {"kind": "regulation", "title": "基准测试条例（征求意见稿）", "text": text},
        actor=officer,
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.OPEN, opens_on=date(2026, 3, 1), closes_on=date(2026, 4, 1)
    )
    users = User.objects.bulk_create(
        User(username=f"bench_citizen{n}", real_name=f"市民{n}", kind="citizen")
        for n in range(AUTHORS)
    )
    articles = list(consultation.articles.order_by("position"))
    weights = [1 / (i + 1) for i in range(len(articles))]  # a few hot articles
    start = timezone.make_aware(datetime(2026, 3, 1, 8))
    statuses = ["published"] * 18 + ["pending", "rejected"]
    stances = ["comment"] * 6 + ["support"] * 3 + ["oppose"]
    t = time.perf_counter()
    batch = []
    for i in range(comments):
        article = rng.choices(articles, weights)[0] if i % 10 else None
        stance = rng.choice(stances) if article else "comment"
        body = "" if stance == "support" else f"关于物业服务收费和维修资金公开的第{i}条意见。"
        batch.append(
            Comment(
                consultation=consultation,
                article=article,
                author=users[i % AUTHORS],
                author_kind="citizen",
                display_name="市＊",
                stance=stance,
                body=body,
                public_body=body,
                status=rng.choice(statuses),
                created_at=start + timedelta(seconds=i * (30 * 86400 // max(comments, 1))),
            )
        )
        if len(batch) == 5000:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)
    say(f"generated {comments} comments in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    services.recount_heat(consultation)  # bulk-loaded: the counters from the comments
    say(f"counted the heat of every article in {(time.perf_counter() - t) * 1000:.0f} ms")
    return consultation, articles, moderator


def measure(label: str, fn, cases, repeat: int) -> dict:
    for case in cases:  # warm caches and plans
        fn(*case)
    samples = []
    for _ in range(repeat):
        for case in cases:
            start = time.perf_counter()
            fn(*case)
            samples.append((time.perf_counter() - start) * 1000)
    result = {"p50": statistics.median(samples), "p95": percentile(samples, 95)}
    say(
        f"{label:30} p50 {result['p50']:7.2f} ms  p95 {result['p95']:7.2f} ms  "
        f"({len(samples)} runs)"
    )
    return result


ARTICLE_SQL = """
SELECT id, created_at, display_name, stance, public_body, status, reason FROM participation_comment
WHERE article_id = %s AND status IN ('published', 'hidden') {after}
ORDER BY created_at DESC, id DESC LIMIT 21"""
HEAT_SQL = """
SELECT id, comment_count, support_count, oppose_count FROM participation_article
WHERE consultation_id = %s"""
QUEUE_SQL = """
SELECT c.id, c.created_at, c.public_body, k.number, a.number FROM participation_comment c
JOIN participation_consultation k ON k.id = c.consultation_id
LEFT JOIN participation_article a ON a.id = c.article_id
WHERE c.status = 'pending' {after} ORDER BY c.created_at, c.id LIMIT 21"""
COUNT_SQL = "SELECT COUNT(*) FROM participation_comment WHERE status = 'pending'"


def run(comments: int, repeat: int) -> bool:
    from django.db import connection

    from onewindow.participation.selectors import consultations as selectors

    consultation, articles, moderator = generate(comments)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE participation_comment")

    def article_view(article):
        _page, cursor = selectors.article_comments(article)
        if cursor:
            selectors.article_comments(article, cursor)
        selectors.heat_of(consultation)

    def article_raw(article):
        with connection.cursor() as c:
            c.execute(ARTICLE_SQL.format(after=""), [article.pk])
            rows = c.fetchall()
            if len(rows) > 20:
                last = rows[19]
                c.execute(
                    ARTICLE_SQL.format(after="AND (created_at, id) < (%s, %s)"),
                    [article.pk, last[1], last[0]],
                )
                c.fetchall()
            c.execute(HEAT_SQL, [consultation.pk])
            c.fetchall()

    def queue_view():
        _page, cursor = selectors.moderation_queue(moderator)
        if cursor:
            selectors.moderation_queue(moderator, cursor)
        selectors.pending_count(moderator)

    def queue_raw():
        with connection.cursor() as c:
            c.execute(QUEUE_SQL.format(after=""))
            rows = c.fetchall()
            if len(rows) > 20:
                last = rows[19]
                c.execute(
                    QUEUE_SQL.format(after="AND (c.created_at, c.id) > (%s, %s)"),
                    [last[1], last[0]],
                )
                c.fetchall()
            c.execute(COUNT_SQL)
            c.fetchone()

    cases = [(a,) for a in articles[:10]]
    say(f"load average before measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    article = measure("article view (selectors)", article_view, cases, repeat)
    article_base = measure("article view (raw SQL)", article_raw, cases, repeat)
    queue = measure("moderation queue (selectors)", queue_view, [()] * 10, repeat)
    queue_base = measure("moderation queue (raw SQL)", queue_raw, [()] * 10, repeat)
    say(f"load average after measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    say(
        f"{comments} comments: article view p95 {article['p95'] / article_base['p95']:.1f}x raw "
        f"SQL; moderation queue p95 {queue['p95'] / queue_base['p95']:.1f}x raw SQL"
    )
    ok = max(article["p95"], queue["p95"]) <= TARGET_P95_MS
    say("OK" if ok else f"BELOW TARGET (p95 {TARGET_P95_MS:.0f} ms)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000, help="comments to generate")
    parser.add_argument("--repeat", type=int, default=10, help="timed rounds")
    add_database_arguments(parser, NAME)
    args = parser.parse_args()
    with bench_database(args.name, keep=args.keep):
        ok = run(args.comments, args.repeat)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
