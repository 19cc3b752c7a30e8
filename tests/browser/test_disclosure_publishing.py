"""The disclosure office's workbench in a real browser: the documents list with Art. 26 due
dates (one red), the confidentiality review of a draft whose ID number and name are highlighted
and masked on passing, then in English the document and the draft form's error summary. Axe
passes at 1280 and 375 px in Chinese and in English."""

from __future__ import annotations

import random
from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts import services as account_services
from onewindow.accounts.models import Department, Role
from onewindow.core.clock import WorkingCalendar
from onewindow.core.identifiers import generate_id_number
from onewindow.disclosure.models import Document, DocumentStatus
from onewindow.disclosure.services import publishing
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh
from tests.factories import OfficialFactory

pytestmark = pytest.mark.browser

SCJG = "440100-SCJG"
ID_NUMBER = generate_id_number("440104", date(1980, 6, 1), rng=random.Random(3))


def _ago(days: int) -> date:
    calendar, day = WorkingCalendar(), timezone.localdate()
    while days:
        day = date.fromordinal(day.toordinal() - 1)
        days -= calendar.is_working_day(day)
    return day


@pytest.fixture
def office(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_migration_data()
    departments_data.load()
    scjg = Department.objects.get(code=SCJG)
    drafter = OfficialFactory(username="drafter", role=Role.DISCLOSURE_OFFICER, department=scjg)
    user, device = official("gk_reviewer", Role.CONFIDENTIALITY_REVIEWER, SCJG)
    account_services.assign_role(user=user, department=scjg, role=Role.DISCLOSURE_OFFICER)
    overdue = _ago(25)
    with time_machine.travel(timezone.make_aware(datetime.combine(overdue, time(10))), tick=False):
        publishing.create_draft(
            actor=drafter, category="other", title="逾期未公开的草稿", body="正文。",
            formed_on=overdue,
        )  # fmt: skip
    doc = publishing.create_draft(
        actor=drafter, category="enforcement", title="关于无证经营食品的处理意见",
        title_en="Handling of unlicensed food sales",
        body=f"经查，当事人王某明（身份证号码：{ID_NUMBER}）无证经营食品，责令改正。",
        formed_on=timezone.localdate(),
    )  # fmt: skip
    doc = publishing.submit_for_review(pk=doc.pk, actor=drafter, version=doc.version)
    return user, device, doc


def test_a_reviewer_masks_the_personal_data_found(shell, page, office):
    user, device, doc = office
    sign_in(shell, page, user, device, "/workbench/disclosure/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(zh("Proactive disclosure"))
    expect(main.locator(".wb-row-red")).to_contain_text("逾期未公开的草稿")
    expect(main.locator(".wb-row-red")).to_contain_text(zh("Red card: overdue"))
    shell.check("list")

    main.get_by_role("link", name=doc.title).click()
    expect(main.locator(".dc-finding")).to_have_count(2)
    expect(main.locator(".dc-finding").first).to_contain_text("王某明")
    masks = main.get_by_role("group", name=zh("Personal data to mask")).get_by_role("checkbox")
    expect(masks).to_have_count(2)
    shell.check("review")

    main.get_by_label(zh("Passes: publish with the personal data masked")).check()
    with page.expect_navigation():
        main.get_by_role("button", name=zh("Confidentiality review")).click()
    expect(page.locator(".wb-badge-status")).to_have_text(zh("Awaiting approval"))
    expect(main.locator(".dc-text").first).not_to_contain_text(ID_NUMBER)
    expect(main.locator(".timeline")).to_contain_text(zh("Passed the confidentiality review"))
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.APPROVAL
    assert ID_NUMBER not in doc.body
    shell.check("passed")

    page.locator(".prefs").get_by_role("button", name="English").click()
    expect(page.locator(".wb-badge-status")).to_have_text("Awaiting approval")
    shell.check("document-english")

    shell.goto("/workbench/disclosure/new/")
    with page.expect_navigation():
        main.get_by_role("button", name="Save the draft").click()
    summary = main.locator(".wb-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Title")).to_be_visible()
    assert Document.objects.count() == 2
    page.problems.remove(f"HTTP 400 {shell.url('/workbench/disclosure/new/')}")  # as expected
    shell.check("draft-errors-english")
