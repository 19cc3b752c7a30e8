"""Peer benchmark: the case lifecycle of bench/lifecycle.py written with django-viewflow 2.x.

The same 3-department process (开办餐饮店一件事, 440100-SCJG-XK-326) as a viewflow flow
(``bench/viewflow_peer_app``): submit → intake → split into the market regulation, fire and
city-management reviews → join → decide → deliver → end, 7 human steps a case. N cases go from
submission to delivery, k workers each running whole cases, each step its own transaction
through the calls viewflow's own views make on a POST: lock the process (``SELECT … FOR
UPDATE``), load the task, check the user may execute it, ``activation.start()``, save the form
fields, ``activation.execute()``. Every task is assigned to an official on creation. The peer
does none of OneWindow's domain work (no notices, certificate, audit chain, notifications):
it is the workflow engine and its persistence on the same PostgreSQL.

It runs on minimal Django settings of its own, never OneWindow's, and needs django-viewflow,
which is installed for the benchmark only (``.venv/bin/pip install 'django-viewflow>=2,<3'``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/viewflow_peer.py --cases 300 --workers 2 [--processes] [--json]

``--processes`` runs the workers as forked processes instead of threads. ``--json`` prints the
table on stderr and one line of JSON on stdout, for bench/lifecycle.py to compute the ratio.
It creates and drops its own database (``onewindow_bench_viewflow``) and never touches the one
named in DATABASE_URL.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database_urls, recreate

INSTALL_HINT = "django-viewflow is not installed: .venv/bin/pip install 'django-viewflow>=2,<3'"
TRANSITIONS_PER_CASE = 7  # submit, accept, 3 reviews, decide, deliver
DEPARTMENTS = ("SCJG", "XF", "CG")
OUT = sys.stdout  # where the table goes; stderr under --json


class Applicant(NamedTuple):
    """An enterprise's account and its unified social credit code."""

    user: object
    uscc: str


def say(message: str) -> None:
    print(message, file=OUT, flush=True)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def configure(bench_url: str) -> None:
    """Minimal Django of its own: auth, viewflow and the peer app on the bench database."""
    from django.conf import settings

    parts = urlsplit(bench_url)
    settings.configure(
        DEBUG=False,
        SECRET_KEY="viewflow-peer-benchmark",
        USE_TZ=True,
        TIME_ZONE="Asia/Shanghai",
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": parts.path.lstrip("/"),
                "USER": unquote(parts.username or "postgres"),
                "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname or "127.0.0.1",
                "PORT": str(parts.port or 5432),
            }
        },
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "viewflow",
            "viewflow.workflow",
            "viewflow_peer_app",
        ],
        MIDDLEWARE=[],
        VIEWFLOW={"AUTOREGISTER": False},
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    import django

    django.setup()


def people(applicants: int):
    """The officials every step needs, each with the step's permission, and the applicants."""
    from django.contrib.auth.models import Group, Permission, User
    from viewflow_peer_app.flows import CLERK, HEAD, REVIEWERS

    def user(username: str, *codenames: str):
        person = User.objects.create_user(username=username, password="x" * 12)
        person.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return person

    staff = {
        "clerk": user(CLERK, "accept_application", "deliver_decision"),
        "head": user(HEAD, "decide_application"),
        **{code: user(name, f"review_{code.lower()}") for code, name in REVIEWERS.items()},
    }
    enterprises = Group.objects.create(name="enterprises")
    enterprises.permissions.set(Permission.objects.filter(codename="submit_application"))
    listed = []
    for n in range(applicants):
        applicant = User.objects.create_user(username=f"peer_enterprise_{n}", password="x" * 12)
        applicant.groups.add(enterprises)
        listed.append(Applicant(applicant, f"91440106MA{n:07d}X"))
    return staff, listed


def form_for(applicant: Applicant) -> dict:
    return {
        "uscc": applicant.uscc,
        "business_format": "餐饮服务经营者",
        "division": "440106",
        "premises_address": "天河路385号首层",
        "food_safety_manager": "陈安全",
        "contact_phone": "13912345678",
    }


def submit(applicant: Applicant, key: str) -> int:
    """The start view on POST: create the activation, check, start, save the form, execute."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from viewflow_peer_app.flows import FoodLicenceFlow

    node = FoodLicenceFlow.submit
    activation = node.activation_class.create(node, None, None)
    if not node.can_execute(applicant.user, activation.task):
        raise PermissionDenied(f"{applicant.user} may not submit")
    with transaction.atomic():
        activation.start(SimpleNamespace(user=applicant.user))
        process = activation.process
        process.reference = key
        for field, value in form_for(applicant).items():
            setattr(process, field, value)
        process.save()
        activation.execute()
    return process.pk


def complete(node, process_pk: int, user, **fields) -> None:
    """A task view on POST: lock the process, load the task, check, start, save, execute."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from viewflow.workflow.status import STATUS

    flow_class = node.flow_class
    with flow_class.lock(process_pk), transaction.atomic():
        task = flow_class.task_class._default_manager.get(
            process_id=process_pk, flow_task=node, status=STATUS.ASSIGNED
        )
        activation = node.activation_class(task)
        if not node.can_execute(user, task=task):
            raise PermissionDenied(f"{user} may not execute {node.name}")
        activation.start(SimpleNamespace(user=user))
        process = activation.process
        for field, value in fields.items():
            setattr(process, field, value)
        process.save()
        activation.execute()


def one_case(applicant, staff, key: str) -> None:
    """Submission to delivery: the 7 transitions of one case."""
    from viewflow_peer_app.flows import FoodLicenceFlow as F
    from viewflow_peer_app.models import Opinion

    pk = submit(applicant, key)
    complete(F.intake, pk, staff["clerk"], accepted=True)
    for code in DEPARTMENTS:
        node = getattr(F, f"review_{code.lower()}")
        complete(node, pk, staff[code], **{f"{code.lower()}_opinion": Opinion.APPROVED})
    complete(F.decide, pk, staff["head"], granted=True)
    complete(F.deliver, pk, staff["clerk"], delivered="online")


def work(take, record, staff, applicants) -> None:
    """One worker: take case numbers until none is left and run each case whole."""
    from django.db import connections

    try:
        while (index := take()) is not None:
            applicant = applicants[index % len(applicants)]
            started = time.perf_counter()
            try:
                one_case(applicant, staff, f"bench-{index}")
            except Exception as exc:  # name the case at fault, keep the others going
                record(None, f"case #{index} ({applicant.uscc}): {exc!r}")
                continue
            record(time.perf_counter() - started, None)
    finally:
        connections.close_all()


def run_threads(count: int, workers: int, staff, applicants) -> dict:
    lock = threading.Lock()
    numbers = iter(range(count))
    durations: list[float] = []
    errors: list[str] = []
    step = max(1, count // 10)

    def take():
        with lock:
            return next(numbers, None)

    def record(duration, error):
        with lock:
            if error:
                errors.append(error)
                return
            durations.append(duration)
            if len(durations) % step == 0:
                progress(f"  cases {len(durations):>6} / {count}")

    threads = [
        threading.Thread(target=work, args=(take, record, staff, applicants))
        for _ in range(workers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"seconds": time.perf_counter() - started, "durations": durations, "errors": errors}


def run_processes(count: int, workers: int, staff, applicants) -> dict:
    """The same with forked worker processes, each opening its own connection."""
    from django.db import connections

    context = multiprocessing.get_context("fork")
    next_number = context.Value("i", 0)
    finished = context.Value("i", 0)
    results = context.Queue()
    step = max(1, count // 10)

    def take():
        with next_number.get_lock():
            if next_number.value >= count:
                return None
            next_number.value += 1
            return next_number.value - 1

    def record(duration, error):
        results.put((duration, error))
        if error is None:
            with finished.get_lock():
                finished.value += 1
                if finished.value % step == 0:
                    progress(f"  cases {finished.value:>6} / {count}")

    def child():
        try:
            work(take, record, staff, applicants)
        finally:
            results.put("done")

    connections.close_all()  # a forked child must not share the parent's socket
    processes = [context.Process(target=child) for _ in range(workers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    durations: list[float] = []
    errors: list[str] = []
    running = workers
    while running:
        message = results.get()
        if message == "done":
            running -= 1
        elif message[1]:
            errors.append(message[1])
        else:
            durations.append(message[0])
    seconds = time.perf_counter() - started
    for process in processes:
        process.join()
        if process.exitcode:
            errors.append(f"worker process {process.pid} exited with {process.exitcode}")
    return {"seconds": seconds, "durations": durations, "errors": errors}


def check(count: int) -> None:
    """Every timed case's process finished; name the first ones that did not."""
    from viewflow.workflow.status import PROCESS
    from viewflow_peer_app.models import FoodLicenceProcess

    timed = FoodLicenceProcess.objects.filter(reference__startswith="bench-")
    finished = timed.filter(status=PROCESS.DONE, finished__isnull=False).count()
    if finished == count:
        return
    done = set(timed.filter(status=PROCESS.DONE).values_list("reference", flat=True))
    missing = [f"bench-{n}" for n in range(count) if f"bench-{n}" not in done]
    states = dict(
        FoodLicenceProcess.objects.filter(reference__in=missing[:10]).values_list(
            "reference", "status"
        )
    )
    named = ", ".join(f"{key} ({states.get(key, 'never started')})" for key in missing[:10])
    raise SystemExit(f"check failed: {finished} finished processes for {count} cases; {named}")


def queries_per_case(applicant, staff) -> int:
    """SQL statements of one case, counted on a warm-up case."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        one_case(applicant, staff, "warm-up-counted")
    return len(queries)


def peak_mb(processes: bool) -> float:
    """Peak resident memory of the bench process, or of its largest worker process."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if processes:
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return peak / 1024


def main() -> None:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--processes", action="store_true", help="worker processes, not threads")
    parser.add_argument("--json", action="store_true", help="one line of JSON on stdout")
    parser.add_argument("--name", default="onewindow_bench_viewflow")
    args = parser.parse_args()
    if importlib.util.find_spec("viewflow") is None:
        raise SystemExit(INSTALL_HINT)
    if args.cases < 20 or args.workers < 1:
        raise SystemExit("--cases: at least 20; --workers: at least 1")
    base = os.environ.get("DATABASE_URL", "")
    if not base:
        raise SystemExit("DATABASE_URL must name the PostgreSQL server to benchmark on")
    if args.json:
        OUT = sys.stderr
    admin_url, bench_url = database_urls(base, args.name)
    recreate(admin_url, args.name)
    try:
        configure(bench_url)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        staff, applicants = people(max(10, args.cases // 10))
        progress(f"schema and users ready in {time.perf_counter() - started:.1f} s")
        one_case(applicants[0], staff, "warm-up")  # flow graph, permission caches
        queries = queries_per_case(applicants[1], staff)
        kind = "processes" if args.processes else "threads"
        progress(f"viewflow: {args.cases} cases, {args.workers} worker {kind} …")
        run = run_processes if args.processes else run_threads
        life = run(args.cases, args.workers, staff, applicants)
        if life["errors"]:
            raise SystemExit("cases failed:\n" + "\n".join(life["errors"][:20]))
        check(args.cases)
    finally:
        from django.db import connections

        connections.close_all()
        recreate(admin_url, args.name, drop_only=True)
    report(args, life, queries)


def report(args, life: dict, queries: int) -> None:
    from viewflow import __version__ as viewflow_version

    durations = life["durations"]
    cases_per_s = len(durations) / life["seconds"]
    transitions_per_s = cases_per_s * TRANSITIONS_PER_CASE
    median = statistics.median(durations)
    p95 = statistics.quantiles(durations, n=20)[18]
    peak = peak_mb(args.processes)
    kind = "processes" if args.processes else "threads"
    rows = [
        ("cases/s (submission to delivery)", f"{cases_per_s:.1f}"),
        ("transitions/s", f"{transitions_per_s:.0f}"),
        ("ms per transition (wall ÷ transitions)", f"{1000 / transitions_per_s:.1f}"),
        ("case wall time, median / p95", f"{median * 1000:.0f} / {p95 * 1000:.0f} ms"),
        ("SQL statements per case", f"{queries}"),
        ("peak RSS", f"{peak:.0f} MB"),
    ]
    say(
        f"\nviewflow {viewflow_version}: {len(durations)} cases, {args.workers} worker {kind}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    for label, value in rows:
        say(f"  {label:<42} {value:>16}")
    say(
        f"SUMMARY viewflow: {cases_per_s:.1f} cases/s = {transitions_per_s:.0f} transitions/s "
        f"({args.workers} workers)"
    )
    if args.json:
        figures = {
            "cases": len(durations),
            "seconds": round(life["seconds"], 3),
            "cases_per_s": round(cases_per_s, 2),
            "transitions_per_s": round(transitions_per_s, 1),
            "transitions_per_case": TRANSITIONS_PER_CASE,
            "peak_rss_mb": round(peak, 1),
        }
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
