"""告知承诺 in a real browser: an enterprise of good credit ticks the commitment in place of its
proof of premises on the draft page (Chinese), submits and reads the commitment and the check's
due date on its case page; the publishing bureau's reviewer records the check as untrue on the
workbench (English, on a phone); the decision is a denial and the public credit record shows the
false commitment; three months on the enterprise applies for credit repair on a phone and the
bureau's head grants it (English, desktop), and the record no longer shows it. Every page
axe-clean at 375 and 1280 px (shell.check)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from onewindow.cases import drafts, registry_data, services
from onewindow.cases.models import Case, CommittedMaterial, Outcome
from onewindow.catalog.models import ServiceItem
from onewindow.market import reports
from onewindow.market.credit_models import RepairApplication
from tests.browser.applying import sign_in
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_joint_measures_hall import hall  # noqa: F401 - the fixture
from tests.cases.conftest import Staff, pdf_bytes, valid_form, valid_uploads
from tests.cases.test_joint_measures_at_intake import REPORT
from tests.conftest import zh
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.registry.conftest import entity_for, person_for
from tests.test_english_complete import chinese_outside_zh

pytestmark = pytest.mark.browser

RETAIL = "440100-XWCB-XK-423"  # 出版物零售
PROOF = "premises_proof"
XWCB = "440100-XWCB"


@pytest.fixture
def granted(hall):  # noqa: F811 - the fixture imported above
    """The joint-measures hall, and the demo's grants: the publishing bureau reads the legal
    entity registry (its signed credit flags) for the licences it decides."""
    registry_data.ensure_catalogue_grants()


def test_a_commitment_made_in_the_hall_found_untrue_on_the_workbench_and_repaired(
    shell, page, live_server, granted, tmp_path
):
    account = EnterpriseFactory()
    representative = person_for(CitizenFactory.build().id_number, name="孙立")
    entity_for(account.uscc, representative, name=account.enterprise_name)
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        reports.file(actor=account, data=REPORT, year=2025)  # on time: good credit
    assert timezone.localdate() > reports.window(2025)[1], "run after 30 June 2026"
    item = ServiceItem.objects.get(code=RETAIL)
    draft = drafts.start(applicant=account, item_code=RETAIL)
    form = {name: str(value) for name, value in valid_form(item).items()} | draft.form_data
    uploads = {k: v for k, v in valid_uploads(item).items() if k != PROOF}
    drafts.save(applicant=account, draft_id=draft.pk, form=form, uploads=uploads)

    sign_in(page, live_server, account, "zh-hans")
    shell.goto(f"/drafts/{draft.pk}/")
    box = page.locator(f"#commit_{PROOF}")
    expect(box).to_have_count(1)
    expect(box).not_to_be_checked()
    for _step in range(3):  # the form's steps, to the materials
        if box.is_visible():
            break
        page.get_by_role("button", name="下一步").click()
    box.check()
    page.locator(".commitment-choice summary").click()
    expect(page.locator(f"#commit_notice_{PROOF}")).to_contain_text("国办发〔2020〕42号")
    shell.check("draft with the commitment")
    with page.expect_navigation():
        page.locator("button[value=review]").click()
    expect(page.get_by_text("已以书面承诺代替（告知承诺）")).to_be_visible()
    shell.check("review")
    with page.expect_navigation():
        page.locator("form.declaration button[type=submit]").click()

    case = Case.objects.get()
    row = case.committed_materials.get()
    with translation.override("zh-hans"):
        due = date_format(row.verify_by, "DATE_FORMAT")
    expect(page.locator("#commitments-heading")).to_be_visible()
    expect(page.locator(".credit-check").get_by_text(due, exact=False)).to_be_visible()
    shell.check("case with the commitment")

    staff = Staff()
    services.accept(number=case.number, actor=staff.clerk(XWCB))
    reviewer = staff.reviewer(XWCB)
    page.context.clear_cookies()
    sign_in(page, live_server, reviewer, "en")
    page.set_viewport_size(PHONE)
    shell.goto(f"/workbench/cases/{case.number}/")
    expect(page.locator("#commitments-heading")).to_be_visible()
    page.get_by_text("Record the check of a commitment (告知承诺)").click()
    page.get_by_label("Untrue: the application cannot be granted, a licence is revoked").check()
    page.get_by_label("How it was checked and what was found").fill("出租方称从未出租该场所。")
    shell.check("workbench check")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the check").click()
    expect(page.get_by_text("The commitment is recorded as untrue", exact=False)).to_be_visible()
    expect(page.locator(".credit-check .badge-bad").first).to_be_visible()
    shell.check("workbench found untrue")
    row.refresh_from_db()
    assert row.outcome == "untrue"

    task = case.tasks.get()
    services.approve(task_id=task.pk, actor=reviewer, opinion="场所以外条件符合")
    services.decide(number=case.number, actor=staff.head(XWCB))
    case.refresh_from_db()
    assert case.outcome == Outcome.DENIED

    page.context.clear_cookies()
    shell.goto(f"/market/credit/{account.uscc}/")
    expect(page.locator("#commitments-heading")).to_be_visible()
    expect(page.get_by_text(item.name).first).to_be_visible()
    shell.check("credit record")

    # Three months on, the enterprise asks the bureau to repair its credit (on a phone, in
    # Chinese); the head grants it (desktop, English) and the record no longer shows it.
    CommittedMaterial.objects.filter(pk=row.pk).update(
        verified_at=timezone.now() - timedelta(days=100)
    )
    evidence = tmp_path / "租赁合同.pdf"
    evidence.write_bytes(pdf_bytes("租赁合同"))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, account, "zh-hans")
    shell.goto("/my/credit-repair/")
    expect(page.get_by_text(zh("End the record of a false commitment")).first).to_be_visible()
    shell.check("enterprise repair list")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Apply for credit repair")).click()
    page.get_by_label(zh("What the enterprise did to put things right")).fill(
        "已放弃该许可申请，补交经产权人签章的租赁合同。"
    )
    page.get_by_label(zh("Evidence (PDF, JPG, PNG or OFD)")).set_input_files(str(evidence))
    page.get_by_label(zh("I sign the credit commitment above")).check()
    shell.check("repair form")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send the application")).click()
    application = RepairApplication.objects.get()
    assert (application.target, application.department.code) == ("commitment", XWCB)

    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, staff.head(XWCB), "en")
    shell.goto("/workbench/")
    with page.expect_navigation():
        page.locator(".wb-subnav").get_by_role("link", name="Credit repair").click()
    with page.expect_navigation():
        page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_text("出租方称从未出租该场所。")).to_be_visible()
    assert chinese_outside_zh(page.content()) == []
    shell.check("head repair of a false commitment")
    page.get_by_label("Grant: the record ends today").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    application.refresh_from_db()
    assert application.status == "granted"
    shell.goto(f"/market/credit/{account.uscc}/")
    expect(page.get_by_text("No commitment found untrue is on the record.")).to_be_visible()
    shell.check("credit record after repair")
