"""e-supervision in a real browser, in Chinese and English, at 1280 and 375 px: the supervisor
drills down from a department to its red and yellow cards and a case, reads the 好差评 statistics
(chart and table), the head answers a poor rating, and the rater reads the reply.

The data is the demo's own (demo/supervision.py): cases filed on past working days through the
services, carded by the sweep, ratings spread over months."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Role
from onewindow.cases.models import Case, Rectification
from onewindow.demo import supervision as demo_supervision
from tests import catalogue_snapshot
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh
from tests.factories import PASSWORD, CitizenFactory, EnterpriseFactory

pytestmark = pytest.mark.browser

SCJG = "440100-SCJG"
CRJ = "440100-CRJ"


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()
    people = {
        "citizen": CitizenFactory(username="citizen"),
        "enterprise": EnterpriseFactory(username="enterprise"),
    }
    officials = {}
    for prefix, department in (("amr", SCJG), ("exit", CRJ)):
        for role, suffix in (
            (Role.WINDOW_CLERK, "clerk"),
            (Role.REVIEWER, "reviewer"),
            (Role.HEAD, "head"),
        ):
            officials[f"{prefix}_{suffix}"] = official(f"{prefix}_{suffix}", role, department)
    officials["supervisor"] = official("supervisor", Role.SUPERVISOR, "440100-ZWFW")
    made = demo_supervision.ensure()
    assert (made["red"], made["yellow"]) == (2, 2)
    return people, officials


def english(page, shell):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": shell.url("/")}])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_supervisor_drills_down_and_reads_the_ratings(shell, page, demo, language):
    _people, officials = demo
    user, device = officials["supervisor"]
    sign_in(shell, page, user, device, "/workbench/supervision/")
    if language == "en":
        english(page, shell)
        shell.goto("/workbench/supervision/")
        expect(page.get_by_role("heading", level=1)).to_have_text("e-Supervision")
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text(zh("e-Supervision"))
    shell.check(f"supervision-{language}")

    red = Case.objects.get(idempotency_key="demo-card-red-review")
    with translation.override(language):
        department = red.lead_department.display_name
    # The department filter: suggestions as one types (htmx), a translated error naming it.
    box = page.locator("#id_department")
    box.press_sequentially(department[:20])
    expect(page.locator(f'#department-options option[value="{department}"]')).to_have_count(1)
    box.fill("火星局")
    page.locator("form.wb-filters button[type=submit]").click()
    expect(page.locator("#flagged-results [role=alert]")).to_contain_text("火星局")
    shell.check(f"supervision-filter-{language}")
    with page.expect_navigation():
        page.get_by_role("link", name=department, exact=True).first.click()
    rows = page.locator("table.wb-worklist tbody tr")
    expect(rows.first).to_contain_text(red.number)
    expect(page.locator("tr.wb-row-red")).to_have_count(2)
    expect(page.locator("tr.wb-row-yellow")).to_have_count(1)
    shell.check(f"department-{language}")

    with page.expect_navigation():
        page.get_by_role("link", name=red.number).click()
    expect(page).to_have_url(shell.url(f"/workbench/cases/{red.number}/"))

    shell.goto(f"/workbench/supervision/ratings/departments/{SCJG}/")
    expect(page.locator("#chart-levels svg")).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()  # the accessible version
    shell.check(f"ratings-{language}")


def test_the_head_answers_a_poor_rating_and_the_rater_reads_it(shell, page, demo):
    people, officials = demo
    open_one = Rectification.objects.filter(answered_at=None, department__code=SCJG).get()
    user, device = officials["amr_head"]
    sign_in(shell, page, user, device, "/workbench/rectifications/")
    shell.check("rectifications")
    with page.expect_navigation():
        page.get_by_role("link", name=open_one.rating.case.number).click()
    page.get_by_role("button", name=zh("Record and answer the rater")).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    shell.check("rectification-errors")
    page.get_by_label(zh("What the verification found")).fill("回访核实：上传控件在弱网下超时。")
    page.get_by_label(zh("What the department did to put it right")).fill("已修复上传超时。")
    page.get_by_label(zh("Reply to the rater")).fill("感谢反馈，上传问题已修复。")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Record and answer the rater")).click()
    expect(page.get_by_text("感谢反馈，上传问题已修复。")).to_be_visible()
    shell.check("rectification-answered")

    page.context.clear_cookies()
    shell.goto("/login/")
    page.get_by_label(zh("Username")).fill(people["citizen"].username)
    page.get_by_label(zh("Password")).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=zh("Sign in")).click()
    shell.goto(f"/my/cases/{open_one.rating.case.number}/")
    expect(page.get_by_text("感谢反馈，上传问题已修复。")).to_be_visible()
    shell.check("rater-reads-reply")
    english(page, shell)
    shell.goto(f"/my/cases/{open_one.rating.case.number}/")
    expect(page.get_by_role("heading", name=re.compile("^Reply from "))).to_be_visible()
    shell.check("rater-reads-reply-en")
