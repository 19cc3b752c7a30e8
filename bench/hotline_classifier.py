"""Benchmark: the 12345 routing classifier's latency and accuracy on fresh synthetic tickets.

Loads the shipped model (hotline/data/model/routing-vN.joblib) once, draws ``--n`` tickets with
a seed the model never saw, and prints the load time, the p50/p95/p99 latency of one proposal
(features included), the proposals per second of one process, and the top-1/top-3 accuracy of
the category and the department. No database. Fails (exit 1) when p50 > 0.5 ms or the top-3
department accuracy < 0.9.

    .venv/bin/python bench/hotline_classifier.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from onewindow.hotline import classifier, synthetic

TARGET_P50_MS = 0.5


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    started = time.perf_counter()
    model = classifier.current_model()
    model.propose("预热")  # jieba's dictionary loads on the first text
    load_s = time.perf_counter() - started
    tickets = synthetic.Generator(args.seed).take(args.n)
    texts = [classifier.ticket_text(t.title, t.description, t.address) for t in tickets]
    samples, hits = [], {"c1": 0, "c3": 0, "d1": 0, "d3": 0}
    total, cpu = time.perf_counter(), time.process_time()
    for ticket, text in zip(tickets, texts, strict=True):
        t0 = time.perf_counter()
        proposal = model.propose(text)
        samples.append((time.perf_counter() - t0) * 1000)
        categories = [code for code, _ in proposal.categories]
        departments = [code for code, _ in proposal.departments]
        hits["c1"] += categories[0] == ticket.category
        hits["c3"] += ticket.category in categories
        hits["d1"] += departments[0] == ticket.department
        hits["d3"] += ticket.department in departments
    elapsed, cpu = time.perf_counter() - total, time.process_time() - cpu
    n = len(texts)
    p50 = percentile(samples, 50)
    print(f"model v{model.version}: loaded in {load_s:.2f} s (jieba included)")
    print(
        f"one proposal: mean {statistics.fmean(samples):.3f} ms, p50 {p50:.3f} ms, "
        f"p95 {percentile(samples, 95):.3f} ms, p99 {percentile(samples, 99):.3f} ms; "
        f"{n / elapsed:.0f} proposals/s in one process; CPU time {cpu / n * 1000:.3f} ms each"
    )
    print(
        f"fresh sample of {n}: category top-1 {hits['c1'] / n:.3f} top-3 {hits['c3'] / n:.3f}; "
        f"department top-1 {hits['d1'] / n:.3f} top-3 {hits['d3'] / n:.3f}"
    )
    ok = p50 <= TARGET_P50_MS and hits["d3"] / n >= 0.9
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
