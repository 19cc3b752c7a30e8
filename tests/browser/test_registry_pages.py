"""Once-only in a real browser: an enterprise's application form arrives filled from the legal
entity registry with the source named; the case page and the clerk's workbench show the
signed registry data; the enterprise sees who read its record, in Chinese and English."""

import re

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Role
from onewindow.cases import drafts
from onewindow.cases.registry_data import ensure_catalogue_grants
from onewindow.catalog.models import ServiceItem
from onewindow.registry import exchange, services
from onewindow.registry.models import EntityStatus, Grant, MaritalStatus, Relation
from tests import catalogue_snapshot
from tests.browser.test_workbench_pages import label, official, sign_in
from tests.cases.conftest import valid_form, valid_uploads
from tests.conftest import restore_migration_data, zh
from tests.factories import PASSWORD, CitizenFactory, EnterpriseFactory
from tests.registry.conftest import entity_for, person_for

pytestmark = pytest.mark.browser

TRADE = "440100-SWJ-XK-422"  # 对外劳务合作经营资格核准


@pytest.fixture
def registry_world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()
    ensure_catalogue_grants()
    enterprise = EnterpriseFactory()
    representative = person_for(CitizenFactory.build().id_number, name="孙立")
    company = entity_for(
        enterprise.uscc,
        representative,
        name=enterprise.enterprise_name,
        status=EntityStatus.REVOKED,
        status_changed_on=representative.birth_date.replace(year=2025),
    )
    return enterprise, company


def sign_in_applicant(shell, page, user, next_url):
    shell.goto(f"/login/?next={next_url}")
    page.get_by_label(label("Username")).fill(user.username)
    page.get_by_label(label("Password")).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=zh("Sign in")).click()


def test_once_only_prefill_signed_data_and_the_data_tracker(shell, page, registry_world):
    enterprise, _company = registry_world
    sign_in_applicant(shell, page, enterprise, f"/services/{TRADE}/")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=zh("Apply online")).first.click()
    representative = page.get_by_role("textbox", name=re.compile(r"^法定代表人姓名"))
    expect(representative).to_have_value("孙立")
    expect(page.get_by_role("main")).to_contain_text("广州市市场监督管理局")
    shell.check("prefilled-form")

    draft = enterprise.drafts.get()
    item = ServiceItem.objects.get(code=TRADE)
    form = {name: str(value) for name, value in valid_form(item).items()} | draft.form_data
    drafts.save(applicant=enterprise, draft_id=draft.pk, form=form, uploads=valid_uploads(item))
    case = drafts.submit(applicant=enterprise, draft_id=draft.pk)

    shell.goto(f"/my/cases/{case.number}/")
    expect(page.get_by_role("main")).to_contain_text(zh("Signature verified"))
    shell.check("case-with-registry-data")

    clerk, device = official("swj_clerk", Role.WINDOW_CLERK, "440100-SWJ")
    page.context.clear_cookies()
    sign_in(shell, page, clerk, device, f"/workbench/cases/{case.number}/")
    expect(page.get_by_role("alert")).to_contain_text(
        zh("Check the applicant's registration before acceptance.")
    )
    shell.check("workbench-warning")

    page.context.clear_cookies()
    sign_in_applicant(shell, page, enterprise, "/my/data-access/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("广州市商务局")
    expect(table).to_contain_text(case.number)
    shell.check("data-tracker")

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": shell.url("/")}])
    shell.goto("/my/data-access/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who read my data")
    shell.check("data-tracker-en")


def test_a_relative_sees_the_read_that_disclosed_them(shell, page, registry_world, settings):
    """A read of a citizen's marriage data names the spouse: she finds it on her own page,
    with the department, the statutory purpose and how it named her, in both languages."""
    applicant, spouse = CitizenFactory(), CitizenFactory()
    me = services.save_person(applicant.id_number, "张晓明", marital_status=MaritalStatus.MARRIED)
    wife = services.save_person(spouse.id_number, "王丽", marital_status=MaritalStatus.MARRIED)
    services.relate(me, wife, Relation.SPOUSE)
    grant = Grant.objects.get(registry="person", consumer__code="440100-ZJ")
    services.name_purposes(grant, ["housing_security"])
    reviewer, _device = official("zj_reviewer", Role.REVIEWER, "440100-ZJ")
    answer = exchange.query(
        reader=reviewer,
        consumer=grant.consumer,
        registry="person",
        key=applicant.id_number,
        fields=["name", "spouse"],
        purpose="housing_security",
    )
    assert answer.served

    sign_in_applicant(shell, page, spouse, "/my/data-access/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("广州市住房和城乡建设局")
    expect(table).to_contain_text(zh("Eligibility review for public rental housing"))
    expect(table).to_contain_text(zh("as the spouse of the person whose record was read"))
    shell.check("relative-data-tracker")

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": shell.url("/")}])
    shell.goto("/my/data-access/")
    expect(page.get_by_role("table")).to_contain_text("as the spouse of the person whose")
    expect(page.get_by_role("table")).to_contain_text("Eligibility review for public rental")
    shell.check("relative-data-tracker-en")
