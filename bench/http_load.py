"""Benchmark: the platform over HTTP under gunicorn, against ``/healthz`` in the same run.

Fills its own database with N cases of 食品经营许可 through the service layer, in a mix of
states, then serves it as in production (``onewindow serve``: gunicorn, 2 sync workers,
``ONEWINDOW_ENV=production`` with throwaway secrets, DEBUG off, static files collected for
WhiteNoise, behind a TLS proxy as ``X-Forwarded-Proto: https`` says) on a free port of
127.0.0.1. wrk then drives each endpoint in turn for the same time and connections:

1. ``GET /healthz``, the baseline: one ``SELECT 1`` through the whole middleware stack;
2. ``GET /api/v1/cases/<number>/status/``, the case-status API a citizen's app polls, with
   the applicant's API token;
3. ``GET /api/v1/cases/<number>/``, the whole case file over the API, with the same token;
4. ``GET /my/cases/<number>/``, the applicant's case page in the service hall, with the
   session cookie the real login form gave.

Each endpoint is first checked to answer 200 with the case number in its body, and any
non-2xx answer under load fails the run. It prints requests/s, p50 and p95 per endpoint, the
ratio of each to ``/healthz`` (target ≥ 50 %), the CPU per request of the web workers and of
PostgreSQL, and the peak RSS (VmHWM) of the gunicorn master and each worker. ``--profile N``
prints pyinstrument's call tree of N requests of the API and of the case page, in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/http_load.py --seconds 15 --connections 8 --cases 200

Needs ``wrk`` (``apt-get install wrk``). It creates and drops its own database
(``onewindow_bench_http``) and never touches the one named in DATABASE_URL.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROJECT, build_schema, database_urls, recreate, say, setup_django
from lifecycle import ITEM, PDF, form_for, people

WORKERS = 2
TARGET = 0.50  # each endpoint's requests/s ÷ /healthz's
WARM_UP_SECONDS = 2
PASSWORD = "x" * 12  # lifecycle.people's
VENV_BIN = Path(sys.executable).parent

# Loaded by wrk in every thread: count the non-2xx answers, print the figures at the end.
WRK_SCRIPT = """
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local non2xx = 0
  for _, thread in ipairs(threads) do
    non2xx = non2xx + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d "
      .. "non2xx=%d socket_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, non2xx, e.connect + e.read + e.write + e.timeout))
end
"""

# (state, share of every 10 cases); the applicant's first case is concluded, the richest page.
MIX = ["concluded"] * 4 + [
    "submitted",
    "correction",
    "in_review",
    "awaiting_decision",
    "awaiting_delivery",
    "withdrawn",
]


def fill(count: int, applicants: int):
    """``count`` cases over ``applicants`` enterprises, in the states of MIX; the first
    enterprise's first case (concluded) is the one the bench fetches."""
    from onewindow.cases import services

    staff, enterprises = people(applicants)
    started = time.perf_counter()
    fetched = None
    for index in range(count):
        enterprise = enterprises[index % applicants]
        state = MIX[(index // applicants) % len(MIX)] if index >= applicants else "concluded"
        case = services.submit(
            applicant=enterprise,
            item_code=ITEM,
            form=form_for(enterprise),
            uploads={"layout": ("layout.pdf", PDF), "safety_rules": ("rules.pdf", PDF)},
            idempotency_key=f"bench-http-{index}",
        )
        advance(case.number, state, enterprise, staff)
        if fetched is None:
            fetched = case.number
        if (index + 1) % max(1, count // 5) == 0:
            say(f"  cases {index + 1:>5} / {count}  ({time.perf_counter() - started:.0f} s)")
    return enterprises[0], fetched


def advance(number: str, state: str, enterprise, staff) -> None:
    from onewindow.cases import services
    from onewindow.cases.models import Case

    if state == "submitted":
        return
    if state == "correction":
        services.send_correction_notice(
            number=number,
            actor=staff["clerk"],
            items=[{"key": "layout", "problem": "平面布局图未标注各功能区面积"}],
        )
        return
    if state == "withdrawn":
        services.withdraw(number=number, applicant=enterprise)
        return
    services.accept(number=number, actor=staff["clerk"])
    tasks = list(Case.objects.get(number=number).tasks.select_related("department"))
    for task in tasks[:1] if state == "in_review" else tasks:
        services.approve(task_id=task.pk, actor=staff[task.department.code], opinion="同意")
    if state in ("in_review", "awaiting_decision"):
        return
    services.decide(number=number, actor=staff["head"])
    if state == "concluded":
        services.deliver(number=number, actor=staff["clerk"], method="online")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(bench_url: str, var_dir: str, data_key: str) -> dict:
    """Production settings with throwaway secrets, as behind a TLS-terminating proxy."""
    return {
        **os.environ,
        "ONEWINDOW_ENV": "production",
        "ONEWINDOW_SECRET_KEY": secrets.token_urlsafe(50),
        "ONEWINDOW_DATA_KEY": data_key,
        "DATABASE_URL": bench_url,
        "ONEWINDOW_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ONEWINDOW_BEHIND_PROXY": "1",
        "ONEWINDOW_VAR_DIR": var_dir,
        "ONEWINDOW_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "onewindow.settings",
    }


def start_server(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    """Collect the static files and serve ``env``'s platform with gunicorn on ``port``,
    returning once /healthz answers and every worker is up (also bench/lighthouse.py's)."""
    onewindow = str(VENV_BIN / "onewindow")
    collected = subprocess.run(
        [onewindow, "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    if collected.returncode != 0:
        raise SystemExit(f"collectstatic failed:\n{collected.stderr[-2000:]}")
    command = [onewindow, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [*command, "--workers", str(WORKERS)],
            env=env,
            cwd=PROJECT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{tail(log_path)}")
        try:
            if get(port, "/healthz")[0] == 200 and len(workers_of(server.pid)) == WORKERS:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz in 60 s:\n{tail(log_path)}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def tail(path: Path, size: int = 3000) -> str:
    return path.read_text(errors="replace")[-size:] if path.exists() else ""


def proxy_headers(port: int, scheme: str = "https") -> dict:
    """What the TLS-terminating proxy adds; a dev server (``scheme`` http) gets the Host only."""
    if scheme != "https":
        return {"Host": f"127.0.0.1:{port}"}
    return {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"}


def get(port: int, path: str, headers: dict | None = None):
    """(status, headers, body) of one GET through the proxy headers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={**proxy_headers(port), **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def cookies_of(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, username: str, password: str, scheme: str = "https") -> str:
    """The session cookie the portal's login form sets for ``username``; ``scheme`` is what
    the server believes it is served over (https behind the proxy, http for a dev server)."""
    status, headers, body = get(port, "/login/")
    if status != 200:
        raise SystemExit(f"GET /login/ answered {status}")
    csrf = cookies_of(headers).get("csrftoken")
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf or found is None:
        raise SystemExit("the login page set no CSRF cookie or token")
    origin = f"{scheme}://127.0.0.1:{port}"
    form = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": found.group(1)}
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            "/login/",
            body=form,
            headers={
                **proxy_headers(port, scheme),
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "Origin": origin,
                "Referer": f"{origin}/login/",
            },
        )
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    session = cookies_of(response.headers).get("sessionid")
    if response.status != 302 or not session:
        raise SystemExit(f"POST /login/ answered {response.status} without a session")
    return f"sessionid={session}"


def check_endpoint(port: int, path: str, headers: dict, expect: bytes) -> int:
    """Fail unless ``path`` answers 200 with ``expect`` in its body; the body's size."""
    status, _, body = get(port, path, headers)
    if status != 200 or expect not in body:
        raise SystemExit(
            f"GET {path} answered {status} ({len(body)} bytes) without {expect!r}:\n"
            f"{body[:500].decode(errors='replace')}"
        )
    return len(body)


def workers_of(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master}$", status, re.M):
                found.append(int(entry.name))
    return sorted(found)


def postgres_backends(database: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if title.startswith(b"postgres: ") and database.encode() in title:
                found.append(int(entry.name))
    return found


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def wrk(port: int, path: str, headers: dict, seconds: int, connections: int, script: Path):
    command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections)]
    command += ["-d", f"{seconds}s", "--timeout", "10s", "-s", str(script)]
    for name, value in {**proxy_headers(port), **headers}.items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True
    )
    found = re.search(r"^BENCH (.*)$", result.stdout, re.M)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"wrk failed on {path}:\n{result.stdout}\n{result.stderr}")
    figures = {k: int(v) for k, v in (pair.split("=") for pair in found.group(1).split())}
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def drive(port, endpoints, seconds, connections, script, master, database) -> dict:
    results = {}
    for label, path, headers in endpoints:
        wrk(port, path, headers, WARM_UP_SECONDS, connections, script)
        web, db = cpu_ticks(workers_of(master)), cpu_ticks(postgres_backends(database))
        say(f"  {label}: wrk {seconds} s, {connections} connections …")
        figures = wrk(port, path, headers, seconds, connections, script)
        web_end, db_end = cpu_ticks(workers_of(master)), cpu_ticks(postgres_backends(database))
        if figures["non2xx"] or figures["socket_errors"]:
            raise SystemExit(
                f"{label}: {figures['non2xx']} non-2xx answers and "
                f"{figures['socket_errors']} socket errors under load"
            )
        for side, start, end in (("web", web, web_end), ("db", db, db_end)):
            used = sum(v - start.get(pid, 0) for pid, v in end.items()) / os.sysconf("SC_CLK_TCK")
            figures[f"{side}_cpu_ms"] = 1000 * used / max(1, figures["requests"])
        results[label] = figures
    return results


def queries_per_request(user, endpoints, profile: int) -> dict[str, int]:
    """The SQL queries each endpoint runs, counted in this process with the test client;
    with ``profile``, pyinstrument's call tree of that many requests of each endpoint."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for label, path, headers in endpoints:
        client = Client()
        extra = {}
        if "Authorization" in headers:
            extra["HTTP_AUTHORIZATION"] = headers["Authorization"]
        elif "Cookie" in headers:
            client.force_login(user)
        client.get(path, **extra)  # warm caches the same way the workers did
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path, **extra).status_code
        counts[label] = len(captured) if status == 200 else -1
        if profile and label != "/healthz":
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(profile):
                client.get(path, **extra)
            profiler.stop()
            say(f"\nprofile: {profile} × GET {path} ({label}), in-process")
            say(profiler.output_text(unicode=True, color=False))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--name", default="onewindow_bench_http")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="profile N requests of the API and of the case page in-process (pyinstrument)",
    )
    args = parser.parse_args()
    if args.seconds < 1 or args.connections < 1 or args.cases < 10:
        raise SystemExit("--seconds, --connections: at least 1; --cases: at least 10")
    if args.profile and importlib.util.find_spec("pyinstrument") is None:
        raise SystemExit("--profile needs pyinstrument: .venv/bin/pip install pyinstrument")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    base = os.environ.get("DATABASE_URL", "")
    if not base:
        raise SystemExit("DATABASE_URL must name the PostgreSQL server to benchmark on")
    admin_url, bench_url = database_urls(base, args.name)
    var_dir = tempfile.mkdtemp(prefix="onewindow-bench-http-")
    data_key = secrets.token_hex(32)
    # The bench process and the server share the data key: the personal data it writes is
    # the personal data the server reads.
    os.environ.update(
        ONEWINDOW_VAR_DIR=var_dir,
        ONEWINDOW_DATA_KEY=data_key,
        ONEWINDOW_NOTIFICATION_CHANNELS="log",
    )
    load_before = os.getloadavg()
    recreate(admin_url, args.name)
    server = None
    try:
        setup_django(bench_url)
        build_schema()
        applicants = max(5, min(20, args.cases // 10))
        say(f"filling: {args.cases} cases over {applicants} enterprises, mixed states …")
        applicant, number = fill(args.cases, applicants)
        from django.db import connection, connections

        from onewindow.accounts import services as accounts

        token = accounts.issue_api_token(applicant)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connections.close_all()

        port = free_port()
        log_path = Path(var_dir) / "gunicorn.log"
        say(f"gunicorn: {WORKERS} workers on 127.0.0.1:{port}, ONEWINDOW_ENV=production …")
        server = start_server(server_environment(bench_url, var_dir, data_key), port, log_path)
        cookie = sign_in(port, applicant.username, PASSWORD)
        token_header = {"Authorization": f"Token {token}"}
        endpoints = [
            ("/healthz", "/healthz", {}),
            ("case-status API", f"/api/v1/cases/{number}/status/", token_header),
            ("case detail API", f"/api/v1/cases/{number}/", token_header),
            ("case page", f"/my/cases/{number}/", {"Cookie": cookie}),
        ]
        expected = [b'"status": "ok"', number.encode(), number.encode(), number.encode()]
        sizes = {
            label: check_endpoint(port, path, headers, expect)
            for (label, path, headers), expect in zip(endpoints, expected, strict=True)
        }
        script = Path(var_dir) / "report.lua"
        script.write_text(WRK_SCRIPT)
        results = drive(
            port, endpoints, args.seconds, args.connections, script, server.pid, args.name
        )
        rss = {"master": peak_rss_mb(server.pid)}
        for n, pid in enumerate(workers_of(server.pid), 1):
            rss[f"worker {n}"] = peak_rss_mb(pid)
        queries = queries_per_request(applicant, endpoints, args.profile)
    finally:
        if server is not None:
            stop_server(server)
        from django.db import connections

        connections.close_all()
        recreate(admin_url, args.name, drop_only=True)
        shutil.rmtree(var_dir, ignore_errors=True)
    report(args, number, results, sizes, queries, rss, load_before)


def report(args, number, results, sizes, queries, rss, load_before) -> None:
    base = results["/healthz"]["rps"]
    say("")
    say(
        f"HTTP under gunicorn ({WORKERS} sync workers), wrk {args.seconds} s × "
        f"{args.connections} connections per endpoint, {args.cases} cases, case {number}"
    )
    say(
        f"{'endpoint':<17} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'÷ healthz':>10} {'target':>7} {'web CPU':>8} {'db CPU':>7} {'SQL':>4} {'bytes':>7}"
    )
    verdicts = []
    for label, f in results.items():
        ratio = f["rps"] / base
        baseline = label == "/healthz"
        verdict = "" if baseline else ("met" if ratio >= TARGET else "MISSED")
        if not baseline:
            verdicts.append(f"{label} {ratio:.0%} ({verdict})")
        say(
            f"{label:<17} {f['rps']:>8.0f} {f['p50_us'] / 1000:>8.1f} {f['p95_us'] / 1000:>8.1f} "
            f"{f['p99_us'] / 1000:>8.1f} {ratio:>10.0%} {'' if baseline else '≥ 50%':>7} "
            f"{f['web_cpu_ms']:>6.1f}ms {f['db_cpu_ms']:>5.1f}ms {queries[label]:>4} "
            f"{sizes[label]:>7}  {verdict}"
        )
    say("(web CPU, db CPU: milliseconds of gunicorn workers' and PostgreSQL backends' CPU per")
    say(" request; SQL: queries per request, counted in-process with the test client)")
    say("peak RSS (VmHWM): " + ", ".join(f"{k} {v:.0f} MB" for k, v in rss.items()))
    load_after = os.getloadavg()
    say(f"load average: {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    api, detail, page = (results[k] for k in ("case-status API", "case detail API", "case page"))
    say(
        f"SUMMARY http: healthz {base:.0f} req/s (p95 {results['/healthz']['p95_us'] / 1000:.1f} "
        f"ms); status API {api['rps']:.0f} req/s (p95 {api['p95_us'] / 1000:.1f} ms); detail API "
        f"{detail['rps']:.0f} req/s (p95 {detail['p95_us'] / 1000:.1f} ms); case page "
        f"{page['rps']:.0f} req/s (p95 {page['p95_us'] / 1000:.1f} ms); "
        + "; ".join(verdicts)
        + f" vs ≥ {TARGET:.0%}; worker peak RSS "
        + f"{max(v for k, v in rss.items() if k != 'master'):.0f} MB"
    )


if __name__ == "__main__":
    main()
