"""Benchmark: case lifecycle throughput against pgbench and bare SpiffWorkflow in the same run.

N cases of 开办餐饮店一件事 (440100-SCJG-XK-326: market regulation, fire and city management
review in parallel) go from submission to delivery through the service layer: submit, accept, three
approvals, the decision (which issues and signs the e-certificate) and delivery, 7
transitions a case. k worker threads drive them, each on its own database connection. In the
same run it measures, on the same PostgreSQL and the same BPMN:

- pgbench's TPC-B (``pgbench -i`` on a scratch database, then ``pgbench -c k -j k -T 15``);
- bare SpiffWorkflow in memory: deserialize → complete the task → serialize, per transition.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/lifecycle.py --cases 300 --workers 2

It creates and drops its own databases (``onewindow_bench_lifecycle``, ``…_pgbench``) and
never touches the one named in DATABASE_URL.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import build_schema, database_urls, peak_mb, recreate, say, setup_django  # noqa: E402

ITEM = "440100-SCJG-XK-326"
SCJG, XF, CG = "440100-SCJG", "440100-XF", "440100-CG"
TRANSITIONS_PER_CASE = 7  # submit, accept, 3 reviews, decide, deliver
PGBENCH_SECONDS = 15
TARGET_CASES_PER_S = 50
TARGET_VS_PGBENCH = 0.25
TARGET_VS_SPIFF = 3.0


def _blank_pdf() -> bytes:
    """A one-page PDF, as the uploads' check parses it."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(buffer)
    return buffer.getvalue()


PDF = _blank_pdf()


def people(applicants: int):
    """The officials every step needs and ``applicants`` enterprises."""
    from onewindow.accounts import services
    from onewindow.accounts.models import Department, Role
    from onewindow.core.identifiers import generate_uscc

    def official(username: str, role: str, department: str):
        user = services.create_official(username=username, password="x" * 12, real_name=username)
        services.assign_role(
            user=user, department=Department.objects.get(code=department), role=role
        )
        return user

    staff = {
        "clerk": official("bench_clerk", Role.WINDOW_CLERK, SCJG),
        "head": official("bench_head", Role.HEAD, SCJG),
        SCJG: official("bench_scjg", Role.REVIEWER, SCJG),
        XF: official("bench_xf", Role.REVIEWER, XF),
        CG: official("bench_sthj", Role.REVIEWER, CG),
    }
    import random

    rng = random.Random(2026)
    enterprises = [
        services.register_enterprise(
            username=f"bench_enterprise_{n}",
            password="x" * 12,
            name=f"广州市基准测试餐饮{n}有限公司",
            uscc=generate_uscc("440106", rng=rng),
            phone=f"137{n:08d}",
        )
        for n in range(applicants)
    ]
    return staff, enterprises


def form_for(enterprise) -> dict:
    return {
        "uscc": enterprise.uscc,
        "business_format": "餐饮服务经营者",
        "division": "440106",
        "premises_address": "天河路385号首层",
        "food_safety_manager": "陈安全",
        "contact_phone": "13912345678",
    }


def one_case(enterprise, staff, key: str) -> None:
    """Submission to delivery: the 7 transitions of one case."""
    from onewindow.cases import services

    case = services.submit(
        applicant=enterprise,
        item_code=ITEM,
        form=form_for(enterprise),
        uploads={"layout": ("layout.pdf", PDF), "safety_rules": ("rules.pdf", PDF)},
        idempotency_key=key,
    )
    services.accept(number=case.number, actor=staff["clerk"])
    for task in list(case.tasks.select_related("department")):
        services.approve(task_id=task.pk, actor=staff[task.department.code])
    services.decide(number=case.number, actor=staff["head"])
    services.deliver(number=case.number, actor=staff["clerk"], method="online")


def _case_worker(count, counter, results, staff, enterprises) -> None:
    """One worker process: take the next case number, run it through, report at the end."""
    from django.db import connections

    durations, errors = [], []
    step = max(1, count // 10)
    try:
        while True:
            with counter.get_lock():
                index = counter.value
                counter.value += 1
            if index >= count:
                break
            enterprise = enterprises[index % len(enterprises)]
            started = time.perf_counter()
            try:
                one_case(enterprise, staff, f"bench-{index}")
            except Exception as exc:  # name the case at fault, keep the others going
                errors.append(f"case #{index} ({enterprise.uscc}): {exc!r}")
                continue
            durations.append(time.perf_counter() - started)
            if (index + 1) % step == 0:
                print(f"  cases {index + 1:>6} / {count}", file=sys.stderr, flush=True)
    finally:
        connections.close_all()
        results.put({"durations": durations, "errors": errors, "peak_mb": peak_mb()})


def run_lifecycle(count: int, workers: int, staff, enterprises) -> dict:
    """k worker processes (forked after set-up, each with its own connection) run N cases."""
    from django.db import connections

    connections.close_all()  # no connection may cross the fork
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    results = context.Queue()
    processes = [
        context.Process(target=_case_worker, args=(count, counter, results, staff, enterprises))
        for _ in range(workers)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    reports = [results.get() for _ in processes]
    seconds = time.perf_counter() - started
    for process in processes:
        process.join()
    durations = sorted(d for r in reports for d in r["durations"])
    return {
        "seconds": seconds,
        "started": started,
        "cases": len(durations),
        "errors": [e for r in reports for e in r["errors"]],
        "median": statistics.median(durations) if durations else 0.0,
        "p95": statistics.quantiles(durations, n=20)[18] if len(durations) >= 20 else 0.0,
        "worker_peak_mb": max(r["peak_mb"] for r in reports),
    }


def start_task_worker() -> subprocess.Popen:
    """``onewindow worker`` on the bench database: it renders the PDFs and sends notifications."""
    handle, log = tempfile.mkstemp(prefix="onewindow-bench-worker-", suffix=".log")
    say(f"  task worker log: {log}")
    return subprocess.Popen(
        [sys.executable, "-m", "onewindow.cli", "worker", "--interval", "0.05"],
        env=os.environ.copy(),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def drain(worker: subprocess.Popen, started: float, timeout: float = 600) -> dict:
    """Wait until the worker has run every queued task; its peak memory, and when it was done."""
    from django_tasks_db.models import DBTaskResult

    from onewindow.cases.models import CaseDocument

    deadline = time.monotonic() + timeout
    while DBTaskResult.objects.filter(status="READY").exists() or (
        CaseDocument.objects.filter(rendered_at=None).exists()
    ):
        if worker.poll() is not None:
            raise SystemExit(f"the task worker exited with {worker.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit(f"the task worker did not drain the queue in {timeout:.0f} s")
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    status = Path(f"/proc/{worker.pid}/status").read_text()
    peak = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
    worker.terminate()
    worker.wait(timeout=30)
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    if failed:
        raise SystemExit(f"{failed} background tasks failed; see the task results table")
    return {"seconds": seconds, "peak_mb": peak}


def run_viewflow(cases: int, workers: int) -> dict | None:
    """The django-viewflow peer (bench/viewflow_peer.py) in its own process, or None."""
    if importlib.util.find_spec("viewflow") is None:
        say("  django-viewflow is not installed: the peer is skipped")
        say("  (.venv/bin/pip install 'django-viewflow>=2,<3' to include it)")
        return None
    script = Path(__file__).resolve().parent / "viewflow_peer.py"
    command = [sys.executable, str(script), "--cases", str(cases), "--workers", str(workers)]
    result = subprocess.run(
        [*command, "--processes", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": os.environ["BENCH_SERVER_URL"]},
    )
    if result.returncode != 0:
        raise SystemExit(f"the viewflow peer failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_pgbench(admin_url: str, name: str, workers: int) -> float:
    """TPC-B transactions per second on a scratch database of the same server."""
    recreate(admin_url, name)
    parts = urlsplit(admin_url)
    env = {**os.environ, "PGPASSWORD": parts.password or ""}
    base = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    base += ["-U", parts.username or "postgres"]
    try:
        subprocess.run(
            ["pgbench", "-i", "-q", *base, name], check=True, capture_output=True, env=env
        )
        result = subprocess.run(
            [
                "pgbench",
                "-c",
                str(workers),
                "-j",
                str(workers),
                "-T",
                str(PGBENCH_SECONDS),
                *base,
                name,
            ],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
    finally:
        recreate(admin_url, name, drop_only=True)
    found = re.search(r"tps = ([\d.]+)", result.stdout)
    if found is None:
        raise SystemExit(f"pgbench printed no tps:\n{result.stdout}\n{result.stderr}")
    return float(found.group(1))


def run_bare_spiff(count: int) -> dict:
    """The same BPMN in memory: each transition deserializes, completes a task, serializes."""
    from onewindow.cases import workflow
    from onewindow.catalog.models import ServiceItem

    item = ServiceItem.objects.select_related("process").get(code=ITEM)
    transitions = 0
    started = time.perf_counter()
    for _ in range(count):
        state = workflow.dump(workflow.start(item))
        transitions += 1
        steps = [("intake", {"accepted": True})]
        for step, data in steps:
            flow = workflow.load(state)
            workflow.complete_step(flow, step, data)
            state = workflow.dump(flow)
            transitions += 1
        for department in (SCJG, XF, CG):
            flow = workflow.load(state)
            (task,) = [t for t in workflow.ready_tasks(flow) if t.department_code == department]
            opinion = {"department": department, "outcome": "approved"}
            workflow.complete(flow, task.id, {"opinion": opinion})
            state = workflow.dump(flow)
            transitions += 1
        for step, data in (("decide", {"granted": True}), ("deliver", {"delivered": "online"})):
            flow = workflow.load(state)
            workflow.complete_step(flow, step, data)
            state = workflow.dump(flow)
            transitions += 1
        if not workflow.finished(workflow.load(state)):
            raise SystemExit("bare SpiffWorkflow: the process did not finish")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "transitions": transitions, "state_kb": len(state) / 1024}


def check(count: int) -> None:
    from onewindow.cases.models import Case, CaseDocument, Status
    from onewindow.certificates.models import Certificate
    from onewindow.core.audit import verify_chain
    from onewindow.core.models import AuditEntry

    concluded = Case.objects.filter(status=Status.CONCLUDED).count()
    certificates = Certificate.objects.count()
    # Acceptance notice and decision per case, each rendered once and chained once.
    rendered = CaseDocument.objects.exclude(rendered_at=None).count()
    chained = AuditEntry.objects.filter(action="case.document_rendered").count()
    chain = verify_chain()
    if (concluded, certificates, rendered, chained) != (count, count, 2 * count, 2 * count):
        raise SystemExit(
            f"check failed: {concluded} concluded cases, {certificates} certificates, "
            f"{rendered} rendered PDFs ({chained} chained) for {count} cases"
        )
    if not chain.ok:
        raise SystemExit(f"check failed: the audit chain is broken: {chain.reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--name", default="onewindow_bench_lifecycle")
    args = parser.parse_args()
    if args.cases < 20 or args.workers < 1:
        raise SystemExit("--cases: at least 20; --workers: at least 1")
    base = os.environ.get("DATABASE_URL", "")
    if not base:
        raise SystemExit("DATABASE_URL must name the PostgreSQL server to benchmark on")
    admin_url, bench_url = database_urls(base, args.name)
    os.environ["BENCH_SERVER_URL"] = base
    os.environ["ONEWINDOW_NOTIFICATION_CHANNELS"] = "log"
    recreate(admin_url, args.name)
    worker = None
    try:
        setup_django(bench_url)
        say("schema, departments and catalogue …")
        build_schema()
        staff, enterprises = people(max(10, args.cases // 10))
        one_case(enterprises[0], staff, "warm-up")  # the seal, the sequences, parsed BPMN
        worker = start_task_worker()
        say(f"lifecycle: {args.cases} cases, {args.workers} worker processes, 1 task worker …")
        life = run_lifecycle(args.cases, args.workers, staff, enterprises)
        if life["errors"]:
            raise SystemExit("cases failed:\n" + "\n".join(life["errors"][:20]))
        background = drain(worker, life["started"])
        check(args.cases + 1)
        say("bare SpiffWorkflow, same BPMN …")
        spiff = run_bare_spiff(max(50, args.cases // 2))
        say(f"pgbench TPC-B, {args.workers} clients, {PGBENCH_SECONDS} s …")
        tps = run_pgbench(admin_url, args.name + "_pgbench", args.workers)
        say(f"django-viewflow peer, {args.cases} cases, {args.workers} worker processes …")
        peer = run_viewflow(args.cases, args.workers)
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
        from django.db import connections

        connections.close_all()
        recreate(admin_url, args.name, drop_only=True)
    report(args, life, background, spiff, tps, peer)


def report(args, life: dict, background: dict, spiff: dict, tps: float, peer) -> None:
    cases_per_s = life["cases"] / life["seconds"]
    transitions_per_s = cases_per_s * TRANSITIONS_PER_CASE
    spiff_per_s = spiff["transitions"] / spiff["seconds"]
    per_transition_ms = 1000 / transitions_per_s
    spiff_ms = 1000 * spiff["seconds"] / spiff["transitions"]
    load = os.getloadavg()[0]
    per_worker = per_transition_ms * args.workers / spiff_ms  # each worker's own time
    rows = [
        ("cases/s (submission to delivery)", f"{cases_per_s:.1f}", f"≥ {TARGET_CASES_PER_S}"),
        ("transitions/s", f"{transitions_per_s:.0f}", ""),
        (
            "case wall time, median / p95",
            f"{life['median'] * 1000:.0f} / {life['p95'] * 1000:.0f} ms",
            "",
        ),
        (
            "cases/s with every PDF rendered, sent",
            f"{life['cases'] / background['seconds']:.1f}",
            f"(task worker done {background['seconds'] - life['seconds']:.1f} s later)",
        ),
        ("pgbench TPC-B tps, same clients", f"{tps:.0f}", ""),
        ("transitions/s ÷ pgbench tps", f"{transitions_per_s / tps:.2f}", f"≥ {TARGET_VS_PGBENCH}"),
        ("bare SpiffWorkflow transitions/s", f"{spiff_per_s:.0f}", ""),
        ("ms per transition: platform / bare", f"{per_transition_ms:.1f} / {spiff_ms:.2f}", ""),
        (
            "cost per transition ÷ bare SpiffWorkflow",
            f"{per_transition_ms / spiff_ms:.1f}×",
            f"≤ {TARGET_VS_SPIFF}× (per worker: {per_worker:.1f}×)",
        ),
        ("workflow state per case", f"{spiff['state_kb']:.1f} KB", ""),
    ]
    if peer is not None:
        rows += [
            ("django-viewflow peer transitions/s", f"{peer['transitions_per_s']:.0f}", ""),
            (
                "platform ÷ viewflow transitions/s",
                f"{transitions_per_s / peer['transitions_per_s']:.2f}",
                "",
            ),
        ]
    rows += [
        ("peak RSS: a case worker process", f"{life['worker_peak_mb']:.0f} MB", ""),
        ("peak RSS: the task worker", f"{background['peak_mb']:.0f} MB", ""),
        ("peak RSS: the bench process", f"{peak_mb():.0f} MB", ""),
    ]
    say(f"\n{life['cases']} cases, {args.workers} worker processes, load average {load:.2f}")
    for label, value, target in rows:
        say(f"  {label:<42} {value:>16}  {target}")
    versus_peer = (
        f"; viewflow {peer['transitions_per_s']:.0f} transitions/s "
        f"(ratio {transitions_per_s / peer['transitions_per_s']:.2f})"
        if peer
        else ""
    )
    say(
        f"SUMMARY lifecycle: {cases_per_s:.1f} cases/s = {transitions_per_s:.0f} transitions/s "
        f"({args.workers} workers); pgbench {tps:.0f} tps (ratio {transitions_per_s / tps:.2f}); "
        f"bare SpiffWorkflow {spiff_per_s:.0f} transitions/s "
        f"({per_transition_ms / spiff_ms:.1f}× its cost per transition){versus_peer}"
    )


if __name__ == "__main__":
    main()
