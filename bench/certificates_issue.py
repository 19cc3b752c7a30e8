"""Benchmark: issuing, signing and rendering e-certificates (食品经营许可证) one by one.

Creates its own database: a throwaway SQLite file by default, or, when DATABASE_URL is a
PostgreSQL URL, a PostgreSQL database (``onewindow_bench_certificates`` by default); either is
removed at the end. Runs the migrations, loads the departments and the catalogue, then issues
N food business licences to entities with valid USCCs as a grant does, ``services.issue``
(number, fill, sign with the SCJG seal, store, audit), and draws each one's PDF,
``presentation.pdf`` (verify by number, render). The time inside ``seals.sign``,
``verification.verify`` and ``rendering.render`` is taken by wrappers patched in in
this process only; the rest is numbering, database writes and the audit entry. Baselines
measured in the same run on the same machine, one sample of each after every certificate so
that both see the same load: bare ``crypto.sm2_sign`` and ``crypto.sm2_verify`` over the same
canonical bytes, and a bare fpdf2 A4 page with one line of Chinese in the same font (as fpdf2
writes it, and through ``core.pdf.finish`` as the certificates are written).

    .venv/bin/python bench/certificates_issue.py --count 100

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/certificates_issue.py --count 200

Never touches the database named in DATABASE_URL beyond creating and dropping the bench one.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT.parent / "src"))

from common import database_urls, peak_mb, recreate, say, setup_django  # noqa: E402

TYPE_CODE = "food_business_licence"  # issued by 440100-SCJG, to an entity, valid 5 years
ITEM_CODE = "440100-SCJG-XK-326"  # 开办餐饮店一件事: the form the licence's fields draw on
FORM = {
    "business_format": "餐饮服务经营者",
    "premises_address": "天河区天河路385号",
    "division": "440106",
}
NAME_WORDS = ("粤味", "岭南", "珠江", "羊城", "花城", "天河", "越秀", "荔湾", "白云", "海珠")
NAME_KINDS = ("餐饮管理有限公司", "食品有限公司", "酒家有限公司", "茶餐厅有限公司")
BARE_PAGE_TEXT = "食品经营许可证（电子证照）：广州市市场监督管理局"

# Timed spans: the wrapped function's seconds are added under these names.
SIGN, SM2_SIGN = "sign", "sm2_sign"
VERIFY, SM2_VERIFY = "verify", "sm2_verify"
RENDER, FONTS, FINISH = "render", "fonts", "finish"
NUMBERING, AUDIT = "numbering", "audit"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_schema() -> None:
    from django.core.management import call_command

    from onewindow.accounts import departments_data
    from onewindow.catalog.services import load_catalogue

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    departments_data.load()
    load_catalogue()
    say(
        f"schema, departments and catalogue ready in {time.perf_counter() - t:.1f} s "
        f"(peak memory so far {peak_mb():,.0f} MB)"
    )


def holders(count: int, seed: int) -> list:
    """``count`` entities in Tianhe with valid USCCs, the same ones for the same seed."""
    from onewindow.catalog.models import Holder
    from onewindow.certificates.services import HolderIdentity
    from onewindow.core.identifiers import generate_uscc

    rng = random.Random(seed)  # synthetic data, not a secret
    return [
        HolderIdentity(
            Holder.ENTITY,
            f"广州市{rng.choice(NAME_WORDS)}{rng.choice(NAME_WORDS)}{rng.choice(NAME_KINDS)}",
            uscc=generate_uscc("440106", rng=rng),
        )
        for _ in range(count)
    ]


class Spans:
    """Seconds spent inside some functions, patched with timing wrappers in this process."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.last: dict[str, object] = {}

    def wrap(self, name: str, function):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                result = function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
                self.calls[name] += 1
            self.last[name] = result
            return result

        return timed

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()
        self.last.clear()

    @contextmanager
    def patched(self):
        """Wrap the signing, verifying, rendering, numbering and audit calls of the pipeline.

        Each is patched where the pipeline looks it up: ``signing`` calls ``seals.sign`` and
        ``crypto.sm2_verify``, ``seals`` calls ``crypto.sm2_sign``, ``presentation`` calls
        ``verification.verify`` and its own imported ``render``, ``rendering`` calls
        its ``_new_pdf`` (which loads the fonts) and its imported ``finish``, ``services``
        calls its ``_next_number`` and ``audit.record``.
        """
        from onewindow.certificates import presentation, rendering, seals, services, verification
        from onewindow.core import audit, crypto

        targets = [
            (seals, "sign", SIGN),
            (crypto, "sm2_sign", SM2_SIGN),
            (verification, "verify", VERIFY),
            (crypto, "sm2_verify", SM2_VERIFY),
            (presentation, "render", RENDER),
            (rendering, "_new_pdf", FONTS),
            (rendering, "finish", FINISH),
            (services, "_next_number", NUMBERING),
            (audit, "record", AUDIT),
        ]
        originals = [(module, attr, getattr(module, attr)) for module, attr, _ in targets]
        for module, attr, name in targets:
            setattr(module, attr, self.wrap(name, getattr(module, attr)))
        try:
            yield self
        finally:
            for module, attr, original in originals:
                setattr(module, attr, original)


def issue_one(index: int, holder, certificate_type, schema: dict, spans: Spans) -> tuple:
    """Issue and render one certificate; any failure names the certificate and its holder."""
    from onewindow.certificates import presentation, services
    from onewindow.certificates.verification import Status

    spans.last.pop(VERIFY, None)
    try:
        start = time.perf_counter()
        certificate = services.issue(
            certificate_type=certificate_type,
            holder=holder,
            facts=services.Facts(form=dict(FORM), form_schema=schema),
        )
        issued = time.perf_counter()
        document = presentation.pdf(certificate)
        done = time.perf_counter()
    except Exception as exc:
        raise SystemExit(
            f"certificate #{index} for {holder.name} (USCC {holder.uscc}) failed: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    verdict = spans.last.get(VERIFY)
    if verdict is None or verdict.status != Status.VALID:
        status = getattr(verdict, "status", "not verified")
        raise SystemExit(
            f"certificate #{index} {certificate.number} for {holder.name} (USCC {holder.uscc}) "
            f"does not verify after issue: {status}"
        )
    if not document.startswith(b"%PDF-"):
        raise SystemExit(
            f"certificate #{index} {certificate.number} for {holder.name} (USCC {holder.uscc}) "
            "rendered something that is not a PDF"
        )
    return certificate, issued - start, done - issued, len(document)


class Baselines:
    """Bare SM2 signing and verifying over a certificate's signed bytes, and a bare fpdf2 A4
    page with one line of Chinese in the certificates' font, written by fpdf2 as it is and
    through ``core.pdf.finish`` as the certificates are. One sample of each is taken after
    each certificate, so a busy spell on a shared machine slows the pipeline and its
    baselines alike."""

    def __init__(self, certificate) -> None:
        from onewindow.certificates import seals, signing
        from onewindow.core import crypto, keystore
        from onewindow.core.pdf import find_cjk_font

        # Taken here, unpatched: the pipeline's timing wrappers must not count the baselines.
        self.sm2_sign, self.sm2_verify = crypto.sm2_sign, crypto.sm2_verify
        seal = certificate.seal
        self.public_key = seal.public_key
        self.private_key = keystore.unwrap_private_key(
            seals.KEY_PURPOSE, seal.key_id, seal.private_key
        )
        self.data = keystore.canonical_json(signing.document(certificate))
        self.font = find_cjk_font().regular
        self.seconds = {"sign": 0.0, "verify": 0.0, "page": 0.0, "page_finished": 0.0}
        self.samples = 0
        self.page(finished=False), self.page(finished=True)  # warm-up

    def page(self, *, finished: bool) -> bytes:
        from fpdf import FPDF

        from onewindow.core.pdf import FAMILY, finish

        pdf = FPDF(unit="mm", format="A4")
        pdf.add_font(FAMILY, "", self.font.path, collection_font_number=self.font.index)
        pdf.add_page()
        pdf.set_font(FAMILY, size=14)
        pdf.cell(0, 10, BARE_PAGE_TEXT)
        return finish(pdf) if finished else bytes(pdf.output())

    def sample(self) -> float:
        """One of each; returns the seconds taken."""
        t0 = time.perf_counter()
        signature = self.sm2_sign(self.private_key, self.public_key, self.data)
        t1 = time.perf_counter()
        if not self.sm2_verify(self.public_key, signature, self.data):
            raise SystemExit("a bare SM2 signature did not verify")
        t2 = time.perf_counter()
        plain = self.page(finished=False)
        t3 = time.perf_counter()
        finished = self.page(finished=True)
        t4 = time.perf_counter()
        if not (plain.startswith(b"%PDF-") and finished.startswith(b"%PDF-")):
            raise SystemExit("the bare page is not a PDF")
        for name, seconds in (
            ("sign", t1 - t0),
            ("verify", t2 - t1),
            ("page", t3 - t2),
            ("page_finished", t4 - t3),
        ):
            self.seconds[name] += seconds
        self.samples += 1
        return t4 - t0

    def per_operation(self) -> dict[str, float]:
        return {name: seconds / self.samples for name, seconds in self.seconds.items()}


def run(count: int, seed: int, server_cpu_of: str | None) -> tuple[dict, dict]:
    """Issue one certificate to warm up (it makes the seal), then ``count`` timed ones, each
    followed by one sample of every baseline."""
    from onewindow.catalog.models import CertificateType, ServiceItem

    certificate_type = CertificateType.objects.select_related("issuer").get(code=TYPE_CODE)
    schema = ServiceItem.objects.get(code=ITEM_CODE).form_schema
    people = holders(count + 1, seed)
    spans = Spans()
    with spans.patched():
        t = time.perf_counter()
        first, *_ = issue_one(0, people[0], certificate_type, schema, spans)
        say(
            f"warm-up: certificate #0 (makes the {certificate_type.issuer.code} seal, an SM2 "
            f"key pair, and the year's sequence) in {time.perf_counter() - t:.2f} s"
        )
        spans.reset()
    baselines = Baselines(first)  # over the signed bytes of the warm-up certificate

    step = max(1, count // 10)
    per_certificate, issue_s, pdf_s, pdf_bytes, cpu, bare_s = [], 0.0, 0.0, 0, 0.0, 0.0
    load = os.getloadavg()[0]
    server = server_cpu(server_cpu_of)
    with server, spans.patched():
        for index in range(1, count + 1):
            cpu_start = time.process_time()
            certificate, issuing, drawing, size = issue_one(
                index, people[index], certificate_type, schema, spans
            )
            cpu += time.process_time() - cpu_start
            per_certificate.append(issuing + drawing)
            issue_s, pdf_s, pdf_bytes = issue_s + issuing, pdf_s + drawing, pdf_bytes + size
            bare_s += baselines.sample()
            if index % step == 0 or index == count:
                wall = issue_s + pdf_s
                progress(
                    f"  certificates {index:>6,} / {count:,}  ({wall:.1f} s in the pipeline, "
                    f"{index / wall:.1f}/s; {bare_s:.1f} s in baselines; "
                    f"last {certificate.number})"
                )
    return {
        "wall": issue_s + pdf_s,
        "issue": issue_s,
        "pdf": pdf_s,
        "cpu": cpu,
        "server_cpu": getattr(server, "seconds", None),
        "load": (load, os.getloadavg()[0]),
        "per_certificate": sorted(per_certificate),
        "pdf_bytes": pdf_bytes,
        "spans": dict(spans.seconds),
        "calls": dict(spans.calls),
    }, baselines.per_operation()


def server_cpu(database: str | None):
    """CPU seconds of the PostgreSQL backends serving ``database`` (nothing for SQLite).

    Sampled over the whole loop; the baselines between certificates do not use the database.
    """
    if database is None:
        return _Nothing()
    from registry_generate import ServerCpu

    return ServerCpu(database)


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def check(count: int, results: dict) -> None:
    from onewindow.certificates.models import Certificate
    from onewindow.core.audit import verify_chain

    stored = Certificate.objects.filter(certificate_type__code=TYPE_CODE).count()
    if stored != count + 1:
        raise SystemExit(f"{stored} certificates stored, expected {count + 1} (with the warm-up)")
    for name in (SIGN, SM2_SIGN, RENDER, FONTS, FINISH, VERIFY, SM2_VERIFY):
        if results["calls"].get(name) != count:
            raise SystemExit(f"{name} ran {results['calls'].get(name, 0)} times for {count}")
    chain = verify_chain()
    if not chain.ok:
        raise SystemExit(f"the audit chain breaks at #{chain.broken_seq}: {chain.reason}")


def report(count: int, seed: int, results: dict, baselines: dict) -> None:
    wall, spans = results["wall"], results["spans"]
    per = 1000 / count  # seconds in total -> ms per certificate
    sign, verify, render = spans[SIGN], spans[VERIFY], spans[RENDER]
    rest = wall - sign - verify - render
    other = rest - spans[NUMBERING] - spans[AUDIT]
    drawing = render - spans[FONTS] - spans[FINISH]
    bare_sign, bare_verify, page, page_finished = (
        baselines["sign"],
        baselines["verify"],
        baselines["page"],
        baselines["page_finished"],
    )

    def share(seconds: float) -> str:
        return f"{seconds / wall:>6.0%}"

    rows = [
        ("pipeline: issue + pdf, per certificate", wall, f"{count / wall:>9.1f}", share(wall)),
        ("  services.issue", results["issue"], "", share(results["issue"])),
        ("  presentation.pdf", results["pdf"], "", share(results["pdf"])),
        ("signing: seals.sign", sign, "", share(sign)),
        ("  of which crypto.sm2_sign", spans[SM2_SIGN], "", share(spans[SM2_SIGN])),
        ("rendering: rendering.render", render, "", share(render)),
        ("  new FPDF with the two CJK faces loaded", spans[FONTS], "", share(spans[FONTS])),
        ("  core.pdf.finish: CFF to TrueType, write", spans[FINISH], "", share(spans[FINISH])),
        ("  drawing the page", drawing, "", share(drawing)),
        ("verification: verify (in pdf)", verify, "", share(verify)),
        ("  of which crypto.sm2_verify", spans[SM2_VERIFY], "", share(spans[SM2_VERIFY])),
        ("rest", rest, "", share(rest)),
        ("  numbering (sequence row, locked)", spans[NUMBERING], "", share(spans[NUMBERING])),
        ("  audit entry (hash chain)", spans[AUDIT], "", share(spans[AUDIT])),
        ("  other: certificate row, fields, PDF I/O", other, "", share(other)),
        ("CPU: bench process", results["cpu"], "", share(results["cpu"])),
    ]
    if results["server_cpu"] is not None:
        server = results["server_cpu"]
        rows.append(("CPU: PostgreSQL backends", server, "", share(server)))
    say(
        f"\n{count:,} food business licences (seed {seed}), "
        f"{results['pdf_bytes'] / count / 1024:,.0f} KB a PDF; load average "
        f"{results['load'][0]:.2f} before, {results['load'][1]:.2f} after, {os.cpu_count()} cores"
    )
    say(f"  {'step':<42} {'seconds':>8} {'ms/cert':>8} {'certs/s':>9} {'share':>6}")
    for name, seconds, rate, part in rows:
        say(f"  {name:<42} {seconds:>8.2f} {seconds * per:>8.1f} {rate:>9} {part}")
    samples = results["per_certificate"]
    say(
        f"  per certificate: median {statistics.median(samples) * 1000:.1f} ms, "
        f"p95 {samples[min(len(samples) - 1, int(len(samples) * 0.95))] * 1000:.1f} ms"
    )
    say(f"\n  {'baseline':<42} {'ms':>8} {'per s':>9}")
    for name, seconds in (
        ("bare crypto.sm2_sign, same bytes", bare_sign),
        ("bare crypto.sm2_verify, same bytes", bare_verify),
        ("bare fpdf2 A4 page, one CJK line", page),
        ("  the same through core.pdf.finish", page_finished),
    ):
        say(f"  {name:<42} {seconds * 1000:>8.1f} {1 / seconds:>9.1f}")
    rate = count / wall
    say(
        f"\n  pipeline: {rate * bare_sign:.3f}× the bare SM2 signing rate "
        f"({wall / count / bare_sign:.0f}× its time per certificate)"
    )
    say(
        f"  signing in the pipeline: {sign / count / bare_sign:.2f}× a bare signature; "
        f"verification: {verify / count / bare_verify:.2f}× a bare verification"
    )
    say(
        f"  rendering: {render / count / page:.2f}× a bare page as fpdf2 writes it, "
        f"{render / count / page_finished:.2f}× through core.pdf.finish"
    )
    say(
        f"\nSUMMARY certificates: {count:,} issued+signed+rendered in {wall:.1f} s = "
        f"{rate:.1f}/s (sign {sign / wall:.0%}, render {render / wall:.0%}, "
        f"verify {verify / wall:.0%}, rest {rest / wall:.0%}); bare SM2 sign "
        f"{1 / bare_sign:.0f}/s, verify {1 / bare_verify:.0f}/s, bare CJK page {1 / page:.1f}/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="certificates to issue")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--name", default="onewindow_bench_certificates", help="PostgreSQL database to use"
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    if args.count < 1:
        raise SystemExit("--count must be at least 1")

    base = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(base).scheme
    scratch = None
    if scheme in ("postgres", "postgresql"):
        admin_url, bench_url = database_urls(base, args.name)
        if urlsplit(base).path.strip("/") == args.name:
            raise SystemExit("DATABASE_URL names the bench database itself; point it elsewhere")
        say(f"creating database {args.name}")
        recreate(admin_url, args.name)
        where = f"PostgreSQL database {args.name}"
    elif scheme in ("", "sqlite"):
        scratch = Path(tempfile.mkdtemp(prefix="onewindow-bench-certificates-"))
        bench_url = f"sqlite:///{scratch / 'bench.sqlite3'}"
        where = f"SQLite file {scratch / 'bench.sqlite3'}"
        say(f"creating {where}")
    else:
        raise SystemExit(f"DATABASE_URL must be a PostgreSQL or SQLite URL, not {scheme!r}")
    try:
        setup_django(bench_url)
        build_schema()
        results, baselines = run(args.count, args.seed, None if scratch else args.name)
        check(args.count, results)
        say(
            f"{args.count:,} certificates stored and verified, audit chain intact; peak memory "
            f"{peak_mb():,.0f} MB"
        )
        report(args.count, args.seed, results, baselines)
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if scratch is not None:
            if args.keep:
                say(f"kept {where}")
            else:
                shutil.rmtree(scratch, ignore_errors=True)
                say(f"removed {where}")
        elif not args.keep:
            recreate(admin_url, args.name, drop_only=True)
            say(f"dropped database {args.name}")


if __name__ == "__main__":
    main()
