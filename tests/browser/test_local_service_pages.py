"""District and street service in a real browser, in Chinese: the guide lists where to apply,
the applicant searches the districts and streets (htmx) and picks a town, the province
supervisor reads the roll-up; axe-clean at 1280 and 375 px."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts import services as account_services
from onewindow.accounts.models import Department, Role
from onewindow.cases.models import Draft
from onewindow.registry import services as registry_services
from tests import catalogue_snapshot
from tests.conftest import restore_migration_data, zh
from tests.factories import PASSWORD, CitizenFactory

pytestmark = pytest.mark.browser

ASSISTANCE = "440100-MZ-GG-505"  # 临时救助申请, at every street and town


@pytest.fixture
def local(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_REQUIRE_OTP = False
    restore_migration_data()  # a live-server flush empties the migration-loaded tables
    departments_data.load()
    catalogue_snapshot.load()
    resident = CitizenFactory()
    registry_services.save_person(
        resident.id_number, resident.real_name, household_division="440106013"
    )
    supervisor = account_services.create_official(
        username="province_supervisor", password=PASSWORD, real_name="邱督查"
    )
    account_services.assign_role(
        user=supervisor, department=Department.objects.get(code="440000-GOV"), role=Role.SUPERVISOR
    )
    return {"resident": resident, "supervisor": supervisor}


def signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_guide_lists_where_to_apply_and_the_applicant_picks_a_town(
    shell, page, live_server, local
):
    shell.goto(f"/services/{ASSISTANCE}/")
    where = page.locator("section.where-to-apply")
    expect(where.get_by_role("heading", name=zh("Where to apply"))).to_be_visible()
    where.locator("summary", has_text="天河区").click()
    expect(where.get_by_text("天河区猎德街道便民服务中心")).to_be_visible()
    shell.check("guide where to apply")

    signed_in(page, live_server, local["resident"])
    shell.goto(f"/services/{ASSISTANCE}/apply/")
    picker = page.locator("section.place-picker")
    expect(picker).to_contain_text("猎德街道")
    shell.check("apply page with the place picker")

    picker.get_by_label(zh("Find a district or street")).fill("石滩")
    options = page.locator("#place-options")
    expect(options.get_by_label("石滩镇", exact=False)).to_be_visible()
    expect(options).not_to_contain_text("猎德街道")
    options.get_by_label("石滩镇", exact=False).check()
    picker.get_by_role("button", name=zh("Apply here")).click()  # htmx redraws the picker alone
    expect(page.get_by_role("status")).to_contain_text(zh("The place of application is saved."))
    expect(page.locator("section.place-picker")).to_contain_text("增城区石滩镇便民服务中心")
    assert Draft.objects.get(applicant=local["resident"]).place == "440118102"
    shell.check("apply page after choosing a town")


def test_the_province_supervisor_reads_the_roll_up(shell, page, live_server, local):
    signed_in(page, live_server, local["supervisor"])
    shell.goto("/workbench/supervision/rollup/")
    expect(page.get_by_role("heading", name=zh("Roll-up by city and district"))).to_be_visible()
    expect(page.get_by_role("rowheader", name="广州市")).to_be_visible()
    expect(page.get_by_role("rowheader", name="深圳市")).to_be_visible()
    shell.check("roll-up")
