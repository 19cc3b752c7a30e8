"""Progress at a glance in a real browser, in Chinese and English at 1280 and 375 px: my cases
with a 待补正 case standing out and its button, the case page's step list, the citizen's own
page, and the public progress lookup without signing in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from onewindow.accounts.models import User
from onewindow.cases import progress
from onewindow.cases import services as case_services
from onewindow.catalog.models import ServiceItem
from tests.browser.conftest import Shell, new_page
from tests.browser.test_case_scenario import Desk, demo  # noqa: F401 - the demo fixture
from tests.cases.conftest import PARALLEL, valid_form, valid_uploads
from tests.conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("_artifact_dirs")]


def test_progress_pages(browser, live_server, demo):  # noqa: F811 - the fixture imported above
    """In Chinese, then in English, on one demo world (it takes a while to build)."""
    for language in ("zh-hans", "en"):
        _progress_pages(browser, live_server, demo, language)


def _progress_pages(browser, live_server, demo, language):  # noqa: F811 - the fixture
    def text(msgid: str) -> str:
        return zh(msgid) if language == "zh-hans" else msgid

    item = ServiceItem.objects.get(code=PARALLEL)
    enterprise = User.objects.get(username="enterprise")
    clerk = User.objects.get(username="amr_clerk")

    def submit():
        return case_services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )

    to_correct = submit()
    key = next(m.key for m in to_correct.materials.all() if m.source == "upload")
    case_services.send_correction_notice(
        number=to_correct.number, actor=clerk, items=[{"key": key, "problem": "盖章不清晰"}]
    )
    in_review = submit()
    case_services.accept(number=in_review.number, actor=clerk)
    fire = in_review.tasks.get(department__code="440100-XF")
    case_services.approve(
        task_id=fire.pk, actor=User.objects.get(username="fire_reviewer"), opinion="消防条件符合"
    )
    cookies = {"django_language": language}

    applicant = Desk(browser, live_server, f"progress-{language}", "enterprise", cookies=cookies)
    page, shell = applicant.page, applicant.shell

    shell.goto("/my/cases/")
    waiting = page.locator("section.action-needed")
    expect(waiting.get_by_role("heading", level=2)).to_contain_text(text("Waiting for you"))
    row = waiting.locator("li.case-row", has_text=to_correct.number)
    expect(row).to_be_visible()
    shell.check("my-cases")
    applicant.click(row.get_by_role("link", name=text("Correct the materials")))
    expect(page.get_by_role("heading", name=text("Correction needed"))).to_be_visible()
    expect(page.locator(".todo-now")).to_contain_text(text("What you must do now"))
    shell.check("case-correction")

    shell.goto(f"/my/cases/{in_review.number}/")
    steps = page.locator("ol.case-steps")
    expect(steps).to_be_visible()
    expect(steps.locator("li[aria-current=step]")).to_have_count(1)
    expect(steps).to_contain_text("消防条件符合")
    expect(page.locator(".lookup-code")).to_have_text(progress.code_of(in_review))
    shell.check("case-steps")
    applicant.click(page.get_by_role("link", name=text("View the process diagram")))
    expect(page.locator("#process-diagram svg").first).to_be_visible()
    shell.check("process-diagram")

    shell.goto("/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text("My page"))
    expect(page.locator("section.action-needed")).to_contain_text(to_correct.number)
    shell.check("my-page")
    applicant.context.close()

    anyone = new_page(browser)
    anyone.context.add_cookies(
        [{"name": k, "value": v, "url": live_server.url} for k, v in cookies.items()]
    )
    public = Shell(anyone, live_server, f"progress-{language}-public")
    public.goto("/progress/")
    anyone.get_by_label(text("Case number")).first.fill(in_review.number)
    anyone.get_by_label(text("Progress lookup code")).fill(progress.code_of(in_review).lower())
    anyone.get_by_role("button", name=text("Show the progress")).click()
    expect(anyone.locator("ol.case-steps")).to_be_visible()
    expect(anyone.locator("main")).not_to_contain_text("消防条件符合")
    expect(anyone.locator("main")).to_contain_text(
        item.display_name if language == "zh-hans" else item.name_en
    )
    public.check("lookup-found")
    anyone.get_by_label(text("Case number")).first.fill(in_review.number)
    anyone.get_by_label(text("Progress lookup code")).fill("ABCDE-FGHJK")
    anyone.get_by_role("button", name=text("Show the progress")).click()
    expect(anyone.get_by_role("alert")).to_be_visible()
    public.check("lookup-not-found")
    anyone.context.close()
