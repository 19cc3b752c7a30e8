"""Requests on application in a real browser, in Chinese and English, at 1280 and 375 px with
axe: a citizen applies (the error summary first), the disclosure office confirms receipt from
its inbox and sends a supplement notice, the citizen answers it and downloads the letters."""

import re

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.disclosure.models import Request, RequestStatus
from tests.browser.applying import sign_in
from tests.conftest import restore_migration_data
from tests.factories import CitizenFactory, OfficialFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def office(transactional_db, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    scjg = Department.objects.get(code="440100-SCJG")
    return {
        "citizen": CitizenFactory(),
        "officer": OfficialFactory(role=Role.DISCLOSURE_OFFICER, department=scjg),
    }


def in_language(language):
    from django.utils import translation

    def t(msgid: str) -> str:
        with translation.override(language):
            return translation.gettext(msgid)

    return t


def label(t, msgid):
    return re.compile(rf"^\s*{re.escape(t(msgid))}\s*\*?\s*$")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_apply_confirm_supplement_and_download(shell, page, live_server, office, language):
    t = in_language(language)
    sign_in(page, live_server, office["citizen"], language)
    shell.goto("/disclosure/requests/new/")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Send the request")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text(
        t("Choose the agency that holds the information.")
    )
    shell.check(f"disclosure apply errors {language}")
    page.get_by_label(label(t, "Agency that holds the information")).select_option("440100-SCJG")
    page.get_by_label(label(t, "Information requested")).fill("2025年本市食品抽检不合格企业名单")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Send the request")).click()
    req = Request.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(req.number)
    shell.check(f"disclosure my request submitted {language}")

    page.context.clear_cookies()
    sign_in(page, live_server, office["officer"], language)
    shell.goto("/workbench/disclosure/requests/")
    expect(page.get_by_role("link", name=t("Disclosure requests")).first).to_be_visible()
    shell.check(f"disclosure inbox {language}")
    page.locator(f"a[href$='/{req.number}/']").click()
    with page.expect_navigation():
        page.locator("form[action$='/confirm/'] button[type=submit]").click()
    assert Request.objects.get().status == RequestStatus.RECEIVED
    page.get_by_label(label(t, "What to clarify, one point a line")).fill("请写明年份范围")
    with page.expect_navigation():
        page.locator("form[action$='/supplement/'] button[type=submit]").click()
    assert Request.objects.get().status == RequestStatus.SUPPLEMENT
    shell.check(f"disclosure workbench request {language}")

    page.context.clear_cookies()
    sign_in(page, live_server, office["citizen"], language)
    shell.goto("/my/disclosure/")
    page.get_by_role("link", name=re.compile("2025")).click()
    expect(page.get_by_role("heading", name=t("The agency asks you to clarify"))).to_be_visible()
    shell.check(f"disclosure supplement asked {language}")
    page.get_by_label(label(t, "Your supplement")).fill("2025年全年，市级抽检")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Send the supplement")).click()
    assert Request.objects.get().status == RequestStatus.RECEIVED
    with page.expect_download() as download:
        page.locator("a[href*='/my/disclosure/letters/']").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    shell.check(f"disclosure request received again {language}")
