"""The red-team replay: one test module per finding of the 2026-12-05 probe, named
``test_<finding>_<what>.py``. ``make redteam`` runs them alone; the whole suite runs them too.
At the end of a run the terminal summary lists each finding with how many of its replays
were refused (passed) and how many got through (failed).
"""

from __future__ import annotations

import re
from collections import defaultdict

FINDING = re.compile(r"tests/security/test_(\d\d)_(\w+)\.py")

_outcomes: dict[tuple[str, str], list[str]] = defaultdict(list)


def pytest_runtest_logreport(report):
    match = FINDING.search(report.nodeid)
    if not match:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _outcomes[match.groups()].append(report.outcome)


def pytest_terminal_summary(terminalreporter):
    if not _outcomes:
        return
    terminalreporter.section("red-team replay")
    for (number, name), outcomes in sorted(_outcomes.items()):
        failed = sum(outcome == "failed" for outcome in outcomes)
        skipped = sum(outcome == "skipped" for outcome in outcomes)
        verdict = "GOT THROUGH" if failed else "refused"
        terminalreporter.write_line(
            f"finding {int(number):2d} {name.replace('_', ' '):<40} "
            f"{len(outcomes) - failed - skipped:3d} refused, {failed} through, "
            f"{skipped} skipped: {verdict}"
        )
