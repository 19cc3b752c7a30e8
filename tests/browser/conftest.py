"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

Every page a test visits goes through ``shell.check(step)``: an axe-core scan (no serious or
critical violation), full-page screenshots at 1280x800 and 375x812 under
``test-artifacts/screenshots/``, no horizontal scrolling at 375 px, the stylesheet applied,
and no failed request or console error on the way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"
AXE_DIR = ARTIFACTS_DIR / "axe"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 10_000

# Axe findings below "serious": reported at the end of the run, never failing it.
_minor_findings: list[str] = []


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so browser tests must run)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Sync Playwright keeps an event loop running in this thread, and Django's ORM refuses to
    # run where a loop runs; the test code's ORM calls are synchronous, so allow them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def new_page(browser, **options):
    """A page in a new browser context of a visitor from mainland China (zh-CN, Beijing time),
    collecting failed requests, console errors and uncaught script errors in ``page.problems``
    for ``Shell.check``."""
    context = browser.new_context(
        viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai", **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.problems = []

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            page.problems.append(f"HTTP {response.status} {response.url}")

    def on_request_failed(request):
        # ERR_ABORTED is the browser cancelling a request itself, e.g. the favicon of a page
        # that is being left for the next one; the server was never at fault.
        if request.failure == "net::ERR_ABORTED":
            return
        if request.response() is None:  # no answer at all, not an HTTP error status
            page.problems.append(f"request failed: {request.url} ({request.failure})")

    def on_console(message):
        # HTTP errors are reported by on_response (with their URL) already; htmx logs its own
        # request that the browser aborted (a suggestion list left for the next page) as
        # sendAbort and afterRequest errors, the same ERR_ABORTED as above.
        if message.type != "error" or "Failed to load resource" in message.text:
            return
        if message.text.startswith(("htmx:sendAbort", "htmx:afterRequest")):
            return
        page.problems.append(f"console error: {message.text}")

    def on_page_error(error):
        # an uncaught exception in a page's script: Chromium does not log it as a console
        # error, so without this a map or a widget could fail unseen
        page.problems.append(f"script error: {error}")

    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return page


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def _artifact_dirs():
    shutil.rmtree(SCREENSHOTS_DIR, ignore_errors=True)
    shutil.rmtree(AXE_DIR, ignore_errors=True)
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    AXE_DIR.mkdir(parents=True, exist_ok=True)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


def axe_violations(page) -> list[dict]:
    """Run the axe-core bundled with axe-playwright-python (no network) on the page."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


class Shell:
    """Per-test helper: ``check(step)`` audits and photographs the page as it is now."""

    def __init__(self, page, live_server, name: str):
        self.page = page
        self.base = live_server.url
        self.name = name

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def violations(self) -> list[dict]:
        return axe_violations(self.page)

    def check(self, step: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        stem = f"{self.name}-{_slug(step)}"
        findings = {}
        try:
            for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
                page.set_viewport_size(size)
                page.screenshot(path=SCREENSHOTS_DIR / f"{stem}-{size_name}.png", full_page=True)
                findings[size_name] = axe_violations(page)
                if size is PHONE:
                    scroll_width = page.evaluate("document.documentElement.scrollWidth")
                    assert scroll_width <= PHONE["width"], (
                        f"{step}: the page scrolls sideways at {PHONE['width']} px "
                        f"(scrollWidth {scroll_width}); see {stem}-phone.png"
                    )
        finally:
            page.set_viewport_size(DESKTOP)
        (AXE_DIR / f"{stem}.json").write_text(json.dumps(findings, indent=2, ensure_ascii=False))

        problems = list(dict.fromkeys(page.problems))
        page.problems.clear()
        assert not problems, f"{step}: on the way to {page.url}:\n" + "\n".join(problems)
        # The stylesheet was served and applied (the header is brand red, not transparent).
        header_bg = page.evaluate(
            "getComputedStyle(document.querySelector('header')).backgroundColor"
        )
        assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent"), (
            f"{step}: site.css was not applied (header background {header_bg})"
        )

        blocking, minor = {}, {}
        for violations in findings.values():
            for v in violations:
                bucket = blocking if v["impact"] in BLOCKING_IMPACTS else minor
                bucket.setdefault(v["id"], v)
        for v in minor.values():
            _minor_findings.append(f"{stem}:\n{format_violations([v])}")
        assert not blocking, (
            f"{step}: serious/critical accessibility violations on {page.url}:\n"
            + format_violations(list(blocking.values()))
        )


@pytest.fixture
def shell(page, live_server, request, _artifact_dirs):
    return Shell(page, live_server, _slug(request.node.name))


def pytest_terminal_summary(terminalreporter):
    if _minor_findings:
        terminalreporter.section("axe findings below 'serious' (not failing)")
        for line in dict.fromkeys(_minor_findings):
            terminalreporter.write_line(line)
