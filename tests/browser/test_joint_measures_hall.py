"""Joint punishment and incentive (联合奖惩) in a real browser, in Chinese and English: an
enterprise on the serious-dishonesty list submits a licence application and is refused with
the rule cited; one of good credit submits without its food safety rules (容缺受理), sees what
it owes and by when on its case page, and supplies it on a phone. Every page axe-clean at 375
and 1280 px (shell.check). The live server runs on today's date."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department
from onewindow.cases import drafts, joint_measures
from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from onewindow.market import reports
from onewindow.market.credit_models import ListEntry
from tests import catalogue_snapshot
from tests.browser.applying import sign_in
from tests.browser.conftest import PHONE
from tests.cases.conftest import pdf_bytes, valid_form, valid_uploads
from tests.cases.test_joint_measures_at_intake import REPORT
from tests.conftest import restore_migration_data
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.registry.conftest import entity_for, person_for

pytestmark = pytest.mark.browser

LICENCE = "440100-SCJG-XK-306"  # 食品经营许可
DEFERRABLE = "safety_rules"


@pytest.fixture
def hall(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()
    joint_measures.load()


def _enterprise():
    account = EnterpriseFactory()
    representative = person_for(CitizenFactory.build().id_number, name="孙立")
    entity = entity_for(account.uscc, representative, name=account.enterprise_name)
    return account, entity


def _draft(applicant, *, skip=()):
    item = ServiceItem.objects.get(code=LICENCE)
    draft = drafts.start(applicant=applicant, item_code=LICENCE)
    form = {name: str(value) for name, value in valid_form(item).items()} | draft.form_data
    uploads = {k: v for k, v in valid_uploads(item).items() if k not in skip}
    drafts.save(applicant=applicant, draft_id=draft.pk, form=form, uploads=uploads)
    return draft


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_listed_enterprise_is_told_the_rule_at_submission_and_before_a_new_form(
    shell, page, live_server, hall, language
):
    account, entity = _enterprise()
    draft = _draft(account)  # begun before the listing
    ListEntry.objects.create(
        entity=entity,
        kind="serious",
        reason="heavier_penalty",
        basis="《市场监督管理严重违法失信名单管理办法》第二条",
        department=Department.objects.get(code="440100-SCJG"),
        listed_on=date(2026, 9, 1),
    )
    measure = joint_measures.JointMeasure.objects.get(code="serious-list-licence")
    with translation.override(language):
        name, basis = measure.display_name, measure.display_basis

    sign_in(page, live_server, account, language)
    shell.goto(f"/drafts/{draft.pk}/review/")
    shell.check(f"review {language}")
    with page.expect_navigation():  # a draft begun earlier is refused at submission
        page.locator("form.declaration button[type=submit]").click()
    expect(page.get_by_text(name, exact=False).first).to_be_visible()
    assert basis in page.content()
    shell.check(f"refused at submission {language}")
    assert not Case.objects.exists()

    draft.delete()
    shell.goto(f"/services/{LICENCE}/apply/")  # a new application: told before any form
    expect(page.locator(".precheck-stop").get_by_text(name, exact=False)).to_be_visible()
    assert basis in page.content()
    record = page.locator(f"a[href='/market/credit/{account.uscc}/']")
    expect(record).to_be_visible()
    shell.check(f"refused {language}")
    with page.expect_navigation():
        record.click()
    expect(page.get_by_text(entity.name).first).to_be_visible()
    assert not Case.objects.exists()
    assert not drafts.open_drafts(account).exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_good_credit_submits_without_the_rules_and_supplies_them_on_a_phone(
    shell, page, live_server, hall, language
):
    account, _entity = _enterprise()
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        reports.file(actor=account, data=REPORT, year=2025)  # on time: good credit
    assert timezone.localdate() > reports.window(2025)[1], "run after 30 June 2026"
    draft = _draft(account, skip=(DEFERRABLE,))

    sign_in(page, live_server, account, language)
    shell.goto(f"/drafts/{draft.pk}/review/")
    with page.expect_navigation():
        page.locator("form.declaration button[type=submit]").click()

    case = Case.objects.get()
    owed = case.deferred_materials.get()
    with translation.override(language):
        due = date_format(owed.due_on, "DATE_FORMAT")
        material = owed.display_name
    expect(page.locator("#credit-heading")).to_be_visible()
    expect(page.locator(".credit-check").get_by_text(due, exact=False)).to_be_visible()
    expect(page.locator(".credit-check").get_by_text(material).first).to_be_visible()
    expect(page.locator(".credit-check .badge-ok").first).to_be_visible()
    shell.check(f"owes {language}")

    page.set_viewport_size(PHONE)
    page.locator(f"#supply-{DEFERRABLE}").set_input_files(
        {"name": "rules.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("rules")}
    )
    with page.expect_navigation():
        page.locator(".credit-check button[type=submit]").click()
    owed.refresh_from_db()
    assert owed.supplied_at is not None
    expect(page.locator(f"#supply-{DEFERRABLE}")).to_have_count(0)
    shell.check(f"supplied {language}")
