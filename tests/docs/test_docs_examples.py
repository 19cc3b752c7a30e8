"""The documentation's examples work as documented.

A fenced ``sh`` block right after the comment ``<!-- doc-test -->`` (or ``<!-- doc-test: demo
-->`` when it needs ``make demo``'s data) in README.md or docs/*.md is run by bash, with
``set -euo pipefail``, from a scratch directory whose ``.venv`` is the running one, against a
live server that stands in for ``http://127.0.0.1:8000``. When a ``text`` block after the
comment ``<!-- doc-test output -->`` follows, every one of its lines appears in what the
commands print, in that order; ``…`` in a line stands for any text.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import restore_migration_data

# CI runs it once, on PostgreSQL: the documented examples print the same on either database.
pytestmark = pytest.mark.once

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED_SERVER = "http://127.0.0.1:8000"
# The comment, the sh block, then (after any lines but another example or fence) the output;
# a block inside a list item is indented, and its text is dedented.
BLOCK = re.compile(
    r"^(?P<indent>[ ]*)<!-- doc-test(?P<demo>: demo)? -->\n(?P=indent)```sh\n"
    r"(?P<script>.*?)\n(?P=indent)```\n"
    r"(?:(?:(?![ ]*<!-- doc-test|[ ]*```)[^\n]*\n)*?"
    r"(?P=indent)<!-- doc-test output -->\n(?P=indent)```text\n(?P<output>.*?)\n(?P=indent)```)?",
    re.DOTALL | re.MULTILINE,
)


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    script: str
    output: str
    demo: bool

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def examples() -> list[Example]:
    found = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text("utf-8")
        for match in BLOCK.finditer(text):
            found.append(
                Example(
                    page=str(page.relative_to(ROOT)),
                    line=text.count("\n", 0, match.start()) + 1,
                    script=textwrap.dedent(match["script"]),
                    output=textwrap.dedent(match["output"] or ""),
                    demo=bool(match["demo"]),
                )
            )
    return found


EXAMPLES = examples()


def database_url() -> str:
    """The test database, for the ``onewindow`` commands the examples run."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def appears_in_order(expected: str, printed: str) -> list[str]:
    """The documented lines not found, in order, among the printed ones."""
    lines = printed.splitlines()
    missing, position = [], 0
    for wanted in filter(None, expected.splitlines()):
        pattern = re.compile(".*".join(re.escape(part) for part in wanted.split("…")))
        for index in range(position, len(lines)):
            if pattern.fullmatch(lines[index]):
                position = index + 1
                break
        else:
            missing.append(wanted)
    return missing


def test_the_documentation_has_tested_examples_in_the_pages_that_need_them():
    pages = {example.page for example in EXAMPLES}
    assert {"docs/cases.md", "docs/demo.md", "docs/registry.md"} <= pages
    assert all(example.output for example in EXAMPLES)


def run(example: Example, server_url: str, settings, scratch: Path) -> list[str]:
    """Run ``example`` from ``scratch``: what went wrong, if anything."""
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "onewindow.settings",
        "ONEWINDOW_ENV": "test",
        "ONEWINDOW_KEYS_DIR": str(settings.KEYS_DIR),
        "COLUMNS": "100",
    }
    scratch.mkdir()
    (scratch / ".venv").symlink_to(Path(sys.prefix))
    script = example.script.replace(DOCUMENTED_SERVER, server_url)
    result = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        return [f"{example} failed:\n{result.stdout}\n{result.stderr}"]
    missing = appears_in_order(example.output, result.stdout)
    if missing:
        return [f"{example} did not print {missing}; it printed:\n{result.stdout}"]
    return []


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e.demo], ids=str)
def test_a_documented_example_prints_what_the_page_says(
    example, live_server, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_migration_data()

    problems = run(example, live_server.url, settings, tmp_path / "scratch")

    assert not problems, problems[0]


def test_the_examples_on_the_demo_data_print_what_their_pages_say(
    live_server, transactional_db, settings, tmp_path
):
    """One demo for all of them (building it is most of the time): each example reads what
    it needs or files its own case, so none changes what another prints."""
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_migration_data()
    call_command("demo", json=True, stdout=io.StringIO())
    examples = [e for e in EXAMPLES if e.demo]
    assert len(examples) >= 3

    problems = [
        problem
        for index, example in enumerate(examples)
        for problem in run(example, live_server.url, settings, tmp_path / f"scratch{index}")
    ]

    assert not problems, "\n\n".join(problems)
