"""The annual disclosure report in a real browser: a visitor reads a published report's tables
(Chinese, then English), and the head of the disclosure office writes the draft's text and
records a lawsuit, at phone and desktop width, with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Role
from onewindow.demo import disclosure_report as demo_disclosure_report
from tests.browser.test_workbench_pages import label, official, sign_in
from tests.conftest import restore_migration_data, zh

pytestmark = pytest.mark.browser


@pytest.fixture
def reports(transactional_db, settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()  # a live-server flush empties the migration-loaded tables
    departments_data.load()
    head = official("gk_head", Role.DISCLOSURE_HEAD, "440100-SCJG")
    demo_disclosure_report.ensure()
    return head


def test_a_visitor_reads_a_published_report_in_both_languages(shell, page, reports):
    shell.goto("/disclosure/reports/")
    with page.expect_navigation():
        page.get_by_role("link", name="广州市市场监督管理局2025年政府信息公开工作年度报告").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    requests = page.get_by_role(
        "table", name=zh("Requests by kind of requester and their outcomes")
    )
    expect(
        requests.get_by_role("row", name=zh("1. New requests received this year"))
    ).to_contain_text("5")
    shell.check("report-zh")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(
        page.get_by_text("In 2025 the Guangzhou Administration for Market Regulation")
    ).to_be_visible()
    expect(page.get_by_role("columnheader", name="Natural person")).to_be_visible()
    shell.check("report-en")
    pdf = page.request.get(shell.url("/disclosure/reports/440100-SCJG/2025/pdf/"))
    assert pdf.headers["content-type"] == "application/pdf"


def test_the_head_writes_the_draft_and_records_a_lawsuit(shell, page, reports):
    user, device = reports
    sign_in(shell, page, user, device, "/workbench/disclosure/reports/")
    shell.check("reports-zh")
    with page.expect_navigation():
        page.get_by_role("link", name="2026").click()
    page.get_by_label(label("problems and plans")).fill("部分栏目更新不够及时，2027年将加强。")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save the text")).click()
    expect(page.get_by_text(zh("The report's text is saved."))).to_be_visible()
    expect(page.get_by_role("button", name=zh("Publish the report"))).to_be_visible()
    shell.check("draft-zh")
    shell.goto("/workbench/disclosure/remedies/")
    page.get_by_label(label("Kind")).select_option("lawsuit")
    page.get_by_label(label("Case reference")).fill("(2026)粤7101行初9号")
    page.get_by_label(label("Filed on")).fill("2026-11-02")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=zh("Record"), exact=True).click()
    expect(page.get_by_role("row", name="(2026)粤7101行初9号")).to_be_visible()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": shell.url("/")}])
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reviews and lawsuits about disclosure"
    )
    shell.check("remedies-en")
