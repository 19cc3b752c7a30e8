"""The clerk's day in a real browser, in Chinese and in English: sign in and land on the
workbench, find a case by search, reveal the applicant's phone for a purpose, act from the
two-pane case page at 1280 px and from a phone at 375 px; the head previews the decision
document, then issues it. Every step is scanned with axe and photographed (``shell.check``)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Role
from onewindow.cases import services
from onewindow.cases.models import Case, Status
from onewindow.catalog.models import ServiceItem
from tests import catalogue_snapshot
from tests.browser.conftest import PHONE
from tests.browser.test_workbench_pages import code, official
from tests.cases.conftest import PARALLEL, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import restore_migration_data
from tests.factories import PASSWORD, EnterpriseFactory

pytestmark = pytest.mark.browser

SCJG = "440100-SCJG"
LANGUAGES = ["zh-hans", "en"]


def text_in(language: str):
    """The UI text as the pages show it in ``language``."""

    def t(msgid: str) -> str:
        with translation.override(language):
            return translation.gettext(msgid)

    return t


@pytest.fixture
def desk(transactional_db, settings, tmp_path):
    """The catalogue; market regulation's clerk and head; a new application and one that
    every department approved."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()
    clerk = official("amr_clerk", Role.WINDOW_CLERK, SCJG)
    head = official("amr_head", Role.HEAD, SCJG)
    reviewers = {
        dept: official(f"r-{dept[-4:].lower()}", Role.REVIEWER, dept)[0]
        for dept in ("440100-SCJG", "440100-XF", "440100-CG")
    }
    item = ServiceItem.objects.get(code=PARALLEL)
    enterprise = EnterpriseFactory(name="广州味道餐饮有限公司")

    def submit():
        return services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )

    with at(timezone.localdate() - timedelta(days=3)):
        approved = submit()
        services.accept(number=approved.number, actor=clerk[0])
        for task in approved.tasks.select_related("department"):
            services.approve(task_id=task.pk, actor=reviewers[task.department.code], opinion="符合")
    fresh = submit()
    return {
        "clerk": clerk,
        "head": head,
        "fresh": fresh,
        "approved": approved,
        "applicant": enterprise,
    }


def sign_in(shell, page, language, user, device) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": shell.url("/")}]
    )
    shell.goto("/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.fill("[name=otp_token]", code(device))
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").last.click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_clerk_lands_finds_a_case_and_acts_from_both_layouts(shell, page, desk, language):
    t = text_in(language)
    case, applicant = desk["fresh"], desk["applicant"]
    sign_in(shell, page, language, *desk["clerk"])

    # Landing: the workbench, with the tabs and their counts.
    expect(page).to_have_url(shell.url("/workbench/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Inbox"))
    tabs = page.get_by_role("navigation", name=t("Case lists"))
    expect(tabs.get_by_role("link", name=re.compile(t("To do")))).to_contain_text("1")
    shell.check("landing")

    # Search by the applicant's name (htmx): the new application is found.
    with page.expect_navigation():
        tabs.get_by_role("link", name=t("Search"), exact=True).click()
    page.get_by_label(re.compile(re.escape(t("Case number, applicant or service")))).fill(
        applicant.enterprise_name
    )
    page.get_by_role("button", name=t("Search"), exact=True).click()
    results = page.locator("#search-results table.wb-worklist tbody tr")
    expect(results).to_have_count(2)
    expect(page).to_have_url(re.compile(r"q="))
    shell.check("search")
    page.get_by_role("searchbox").fill(case.number)
    page.get_by_role("button", name=t("Search"), exact=True).click()
    expect(results).to_have_count(1)
    with page.expect_navigation():
        results.first.get_by_role("link", name=case.number).click()

    # Two panes at 1280: the file on the left, the actions on the right, side by side.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    file_box = page.locator(".wb-file").bounding_box()
    side_box = page.locator(".wb-side").bounding_box()
    assert side_box["x"] > file_box["x"] + file_box["width"] - 1
    expect(page.locator(".wb-jump")).to_be_hidden()
    # The actions stay in view while the file scrolls.
    page.mouse.wheel(0, 1500)
    expect(page.get_by_role("button", name=t("Accept"), exact=True)).to_be_in_viewport()

    # The applicant's phone: masked, then in full for a logged purpose.
    masked = applicant.phone[:3] + "****" + applicant.phone[-4:]
    expect(page.locator(".wb-phone")).to_have_text(masked)
    page.get_by_text(t("Show the full number")).click()
    page.get_by_label(t("To arrange the delivery or collection of the result")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Show the number")).click()
    expect(page.locator(".wb-revealed")).to_contain_text(applicant.phone)
    shell.check("case-two-panes")

    # On a phone: one column, and the actions one tap away.
    page.set_viewport_size(PHONE)
    page.reload()
    jump = page.locator(".wb-jump a")
    expect(jump).to_be_visible()
    expect(jump).to_be_in_viewport()
    jump.click()
    expect(page.get_by_role("button", name=t("Accept"), exact=True)).to_be_in_viewport()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Accept"), exact=True).click()
    expect(page.locator(".messages")).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == Status.IN_REVIEW
    page.set_viewport_size({"width": 1280, "height": 800})
    shell.check("case-accepted")

    # 已办 now lists it.
    shell.goto("/workbench/done/")
    expect(page.locator("table.wb-worklist")).to_contain_text(case.number)
    shell.check("done")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_head_previews_then_issues_the_decision(shell, page, desk, language):
    t = text_in(language)
    case = desk["approved"]
    sign_in(shell, page, language, *desk["head"])
    expect(page).to_have_url(shell.url("/workbench/"))
    with page.expect_navigation():
        page.get_by_role("link", name=case.number).click()

    # The decision comes first among the head's actions, with its preview.
    actions = page.locator(".wb-actions")
    expect(actions.locator("h3").first).to_have_text(t("Issue the decision"))
    preview = actions.get_by_role("link", name=t("Preview the decision document"))
    href = preview.get_attribute("href")
    response = page.request.get(shell.url(href))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    shell.check("decision-with-preview")

    with page.expect_navigation():
        actions.get_by_role("button", name=t("Issue the decision")).click()
    expect(page.locator(".messages")).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == Status.AWAITING_DELIVERY
    shell.check("decision-issued")
