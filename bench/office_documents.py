"""Benchmark: 公文 through the whole outgoing flow, and document numbers under concurrent
signers, against bare INSERTs in the same run.

Creates its own PostgreSQL database (``onewindow_bench_office`` on the server DATABASE_URL
names, dropped at the end unless ``--keep``) with the departments, the agency codes and the
office roles of 市场监管局, then:

1. the flow: ``--count`` 通知 each drafted, sent for review, reviewed, countersigned by 住建局
   and 城管局, signed off, issued (number, GB/T 9704 PDF and OFD, SM2 seal) and sent to two
   agencies, through ``office.services``; documents/s and the seconds of each step. Baseline:
   a bare INSERT of the same title and text into a plain table, one transaction each.
2. numbering: ``--signers`` threads (8 by default) take ``--numbers`` document numbers in all
   from one agency's counter (``services.next_number``, each in its own transaction, as
   ``issue`` takes it), then the numbers are checked: none missing, none twice. Baseline: the
   same threads inserting into a table with an identity column.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/office_documents.py --count 100 --numbers 10000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_database_arguments, bench_database, say

NAME = "onewindow_bench_office"
SCJG, ZJ, CG = "440100-SCJG", "440100-ZJ", "440100-CG"
RECIPIENTS = ["440104-SCJG", "440106-SCJG"]
BODY = (
    "为做好年度食品安全监督抽检工作，现将有关事项通知如下。\n"
    "一、抽检范围\n全市食品生产经营单位，重点是校园周边、农贸市场和网络食品经营者。\n"
    "二、工作要求\n各区市场监督管理局于每季度末将抽检结果报市局，不合格食品依法核查处置。"
)


def officials():
    from onewindow.accounts import services as accounts
    from onewindow.accounts.models import Department, Role

    def official(username, role, code):
        user = accounts.create_official(
            username=username, real_name=username, password="Bench-Password-42"
        )
        accounts.assign_role(user=user, department=Department.objects.get(code=code), role=role)
        return user

    return {
        "drafter": official("bench_drafter", Role.DOCUMENT_DRAFTER, SCJG),
        "reviewer": official("bench_reviewer", Role.DOCUMENT_REVIEWER, SCJG),
        "signer": official("bench_signer", Role.DOCUMENT_SIGNER, SCJG),
        "clerk": official("bench_clerk", Role.DOCUMENT_CLERK, SCJG),
        "zj": official("bench_zj", Role.HEAD, ZJ),
        "cg": official("bench_cg", Role.HEAD, CG),
    }


def flow(
    count: int, people: dict, *, first: int = 0, progress: bool = True
) -> tuple[float, dict[str, list[float]]]:
    """``count`` documents through the flow, numbered in their titles from ``first`` + 1."""
    from onewindow.accounts.models import Department
    from onewindow.office import services as office

    scjg, zj, cg = (Department.objects.get(code=c) for c in (SCJG, ZJ, CG))
    spans: dict[str, list[float]] = defaultdict(list)

    def timed(step, function, *args, **kwargs):
        t = time.perf_counter()
        result = function(*args, **kwargs)
        spans[step].append(time.perf_counter() - t)
        return result

    start = time.perf_counter()
    for n in range(first, first + count):
        data = {
            "kind": "notice",
            "title": f"广州市市场监督管理局关于开展第{n + 1}批食品安全抽检工作的通知",
            "main_recipients": "各区市场监督管理局",
            "body": BODY,
            "countersigners": [ZJ, CG],
        }
        document = timed("draft", office.create_draft, scjg, data, actor=people["drafter"])
        timed("submit", office.submit, document, actor=people["drafter"])
        timed("review", office.review, document, actor=people["reviewer"], agreed=True)
        timed("countersign", office.countersign, document, zj, actor=people["zj"], agreed=True)
        timed("countersign", office.countersign, document, cg, actor=people["cg"], agreed=True)
        timed("sign off", office.sign_off, document, actor=people["signer"], agreed=True)
        timed("issue", office.issue, document, actor=people["clerk"])
        timed("send", office.send, document, RECIPIENTS, actor=people["clerk"])
        done = n + 1 - first
        if progress and done % max(1, count // 10) == 0:
            say(f"  {done} of {count} documents sent (this process)")
    return time.perf_counter() - start, spans


def _flow_worker(count: int, first: int, people: dict[str, int]) -> dict[str, list[float]]:
    """One process's share of the flow, on its own database connection."""
    from django.db import connections

    from onewindow.accounts.models import User

    connections.close_all()  # the parent's connection is not this process's to use
    users = {role: User.objects.get(pk=pk) for role, pk in people.items()}
    _, spans = flow(count, users, first=first, progress=first == 0)
    connections.close_all()
    return dict(spans)


def flow_in_processes(count: int, workers: int, people: dict) -> tuple[float, dict]:
    """The flow split over ``workers`` processes issuing at once (rendering is CPU-bound
    Python, so processes rather than threads); returns the wall time and every sample."""
    import multiprocessing

    from django.db import connections

    shares = [count // workers + (1 if i < count % workers else 0) for i in range(workers)]
    firsts = [sum(shares[:i]) for i in range(workers)]
    ids = {role: user.pk for role, user in people.items()}
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        start = time.perf_counter()
        parts = pool.starmap(
            _flow_worker, [(n, f, ids) for n, f in zip(shares, firsts, strict=True)]
        )
        seconds = time.perf_counter() - start
    spans: dict[str, list[float]] = defaultdict(list)
    for part in parts:
        for step, samples in part.items():
            spans[step].extend(samples)
    return seconds, spans


def numbers_issued() -> tuple[int, int, int]:
    """(documents numbered, numbers missing from 1..n, numbers given twice) of the flow."""
    from onewindow.office.models import OutgoingDocument

    sequences = list(
        OutgoingDocument.objects.exclude(sequence=None).values_list("sequence", flat=True)
    )
    given = set(sequences)
    missing = len(set(range(1, len(sequences) + 1)) - given)
    return len(sequences), missing, len(sequences) - len(given)


def bare_inserts(count: int) -> float:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_bare (id bigserial PRIMARY KEY, title text, body text)")
    start = time.perf_counter()
    for n in range(count):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_bare (title, body) VALUES (%s, %s)", [f"第{n + 1}批", BODY]
            )
    return time.perf_counter() - start


def concurrently(signers: int, total: int, work) -> tuple[float, list]:
    """``work(i)`` ``total`` times over ``signers`` threads, each with its own connection."""
    from django.db import connection

    results: list = []
    lock = threading.Lock()
    per = [total // signers + (1 if i < total % signers else 0) for i in range(signers)]
    errors: list[BaseException] = []

    def run(share: int) -> None:
        try:
            got = [work() for _ in range(share)]
            with lock:
                results.extend(got)
        except BaseException as error:  # reported after the join
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(share,)) for share in per]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start, results


def numbering(signers: int, total: int) -> None:
    from django.db import connection, transaction

    from onewindow.accounts.models import Department
    from onewindow.office import services as office

    agency = office.agency_of(Department.objects.get(code=SCJG))

    def take():
        with transaction.atomic():
            return office.next_number(agency, 2099)[1]

    seconds, numbers = concurrently(signers, total, take)
    missing = sorted(set(range(1, total + 1)) - set(numbers))
    twice = len(numbers) - len(set(numbers))
    say(
        f"numbering: {total} numbers by {signers} signers in {seconds:.1f} s, "
        f"{total / seconds:.0f} numbers/s; missing {len(missing)}, given twice {twice}"
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_serial (id bigint GENERATED ALWAYS AS IDENTITY)")

    def insert():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_serial DEFAULT VALUES RETURNING id")
            return cursor.fetchone()[0]

    bare_seconds, _ids = concurrently(signers, total, insert)
    say(
        f"baseline: {total} bare INSERTs by {signers} threads in {bare_seconds:.1f} s, "
        f"{total / bare_seconds:.0f} rows/s; numbering takes {seconds / bare_seconds:.2f}× "
        "as long (an identity column may leave gaps; the counter may not)"
    )
    if missing or twice:
        raise SystemExit("FAILED: the numbers have gaps or duplicates")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100, help="documents through the flow")
    parser.add_argument("--numbers", type=int, default=10000, help="numbers to take in all")
    parser.add_argument("--signers", type=int, default=8, help="concurrent signers")
    parser.add_argument("--workers", type=int, default=1, help="processes running the flow at once")
    add_database_arguments(parser, NAME)
    args = parser.parse_args()
    with bench_database(args.name, keep=args.keep):
        from onewindow.office import agencies

        agencies.load()
        people = officials()
        say(f"flow: {args.count} documents, each drafted, reviewed, countersigned twice, "
            "signed off, issued and sent")  # fmt: skip
        if args.workers > 1:
            seconds, spans = flow_in_processes(args.count, args.workers, people)
        else:
            seconds, spans = flow(args.count, people)
        bare = bare_inserts(args.count)
        say(
            f"flow: {args.count / seconds:.2f} documents/s ({seconds:.1f} s, {args.workers} "
            f"process(es)); bare INSERT {args.count / bare:.0f} rows/s; the flow takes "
            f"{seconds / bare:.0f}× as long"
        )
        numbered, missing, twice = numbers_issued()
        say(f"numbers of the flow: {numbered} issued, missing {missing}, given twice {twice}")
        for step, samples in spans.items():
            share = sum(samples) / (seconds * args.workers) * 100
            say(f"  {step:<12} median {statistics.median(samples) * 1000:7.1f} ms, "
                f"{share:4.1f} % of the time")  # fmt: skip
        numbering(args.signers, args.numbers)


if __name__ == "__main__":
    main()
