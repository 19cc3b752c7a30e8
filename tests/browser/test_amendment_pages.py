"""Amending an application in a real browser, in Chinese and in English at both widths: the
applicant changes the premises address after the fire service approved, with a reason; the
fire service's reviewer sees the change field by field on the workbench case page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from onewindow.accounts.models import User
from onewindow.cases import services as case_services
from onewindow.catalog.models import ServiceItem
from tests.browser.test_case_scenario import Desk, demo  # noqa: F401 - the demo fixture
from tests.cases.conftest import PARALLEL, valid_form, valid_uploads
from tests.conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("_artifact_dirs")]
NEW_ADDRESS = "番禺区市桥街999号"


def test_the_applicant_amends_and_the_fire_service_sees_the_change(
    browser,
    live_server,
    demo,  # noqa: F811 - the fixture imported above
):
    """In Chinese, then in English, on one demo world (it takes a while to build): the same two
    people, each signed in once (an authenticator code signs in once), change language."""
    fire_reviewer = User.objects.get(username="fire_reviewer")
    applicant = Desk(browser, live_server, "amend", "enterprise")
    reviewer = Desk(
        browser, live_server, "amend-fire", fire_reviewer.username, demo[fire_reviewer.username]
    )
    for language in ("zh-hans", "en"):
        for desk in (applicant, reviewer):
            desk.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        _amend_and_see(applicant, reviewer, fire_reviewer, language)
    applicant.context.close()
    reviewer.context.close()


def _amend_and_see(applicant, reviewer, fire_reviewer, language):
    def text(msgid: str) -> str:
        return zh(msgid) if language == "zh-hans" else msgid

    item = ServiceItem.objects.get(code=PARALLEL)
    enterprise = User.objects.get(username="enterprise")
    case = case_services.submit(
        applicant=enterprise, item_code=PARALLEL, form=valid_form(item), uploads=valid_uploads(item)
    )
    case_services.accept(number=case.number, actor=User.objects.get(username="amr_clerk"))
    fire = case.tasks.get(department__code="440100-XF")
    case_services.approve(task_id=fire.pk, actor=fire_reviewer)

    page, shell = applicant.page, applicant.shell
    shell.goto(f"/my/cases/{case.number}/")
    page.locator("details.amend summary").click()
    expect(page.locator("#amend-uscc")).to_have_count(0)  # names the applicant: cannot change
    expect(page.locator("#amend-contact_phone")).to_have_value("")  # masked, kept if left empty
    page.locator("#amend-premises_address").fill(NEW_ADDRESS)
    page.get_by_label(text("Why does the application change?")).fill("经营场所搬迁")
    shell.check(f"amend-form-{language}")
    applicant.click(page.get_by_role("button", name=text("Send the amendment")))
    expect(page.get_by_text(NEW_ADDRESS).first).to_be_visible()
    shell.check(f"amended-case-{language}")

    reviewer.shell.goto(f"/workbench/cases/{case.number}/")
    section = reviewer.page.locator("section.amendments")
    expect(section.get_by_role("heading")).to_have_text(text("Amended by the applicant"))
    expect(section.locator("ins")).to_have_text(NEW_ADDRESS)
    expect(section).to_contain_text("经营场所搬迁")
    reviewer.shell.check(f"workbench-case-{language}")
