"""A major event in a real browser, at 1280 and 375 px with axe: the headquarters' duty officer,
in Chinese, opens the event's board two days after the switch: the event operations
headquarters is in force, today's sessions are listed, the venues are on the map and the crowd
incident near the Tianhe Sports Centre is on the board; they compile today's daily report,
read it and see the PDF. Then the same board in English."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.demo.emergency_events import CROWD, spec
from onewindow.emergency import event_data, incidents
from onewindow.emergency.event_models import DailyReport
from onewindow.registry import geo
from tests.browser.test_supervision_pages import english
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh
from tests.factories import OfficialFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def games(transactional_db, settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    geo.load_boundaries()
    event = event_data.load(spec(timezone.localdate()))
    district = Department.objects.get(code="440106-YJGL")
    reporter = OfficialFactory(role=Role.DUTY_OFFICER, department=district)
    crowd = incidents.record(reporter, department=district, data=CROWD)
    return event, crowd, official("yj_duty", Role.DUTY_OFFICER, "440100-YJGL")


def test_the_headquarters_reads_its_board_and_compiles_the_daily_report(shell, page, games):
    event, crowd, duty = games
    sign_in(shell, page, *duty, "/workbench/emergency/events/")
    expect(page.locator(".badge.ev-unified")).to_have_text(zh("In force"))
    shell.check("major events, the headquarters in force")
    page.get_by_role("link", name="广州城市运动会（演示）").click()
    expect(page.locator(".ev-now")).to_contain_text("赛事运行指挥部")
    expect(page.locator("#event-map")).to_have_attribute("data-ready", "true")
    expect(page.get_by_role("link", name=crowd.title)).to_be_visible()
    expect(page.get_by_text("田径决赛").first).to_be_visible()
    shell.check("event board, the headquarters in force, an incident near a venue")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Compile"), exact=True).click()
    report = DailyReport.objects.get(event=event)
    assert report.content["figures"]["incidents"] == 1
    shell.goto(f"/workbench/emergency/events/{event.code}/daily/{report.day.isoformat()}/")
    expect(page.get_by_role("link", name=crowd.title)).to_be_visible()
    shell.check("daily report")
    pdf = page.request.get(shell.url(f"/workbench/emergency/events/{event.code}/daily/"
                                     f"{report.day.isoformat()}/pdf/"))  # fmt: skip
    assert pdf.headers["content-type"] == "application/pdf"

    english(page, shell)
    shell.goto(f"/workbench/emergency/events/{event.code}/")
    expect(page.locator(".ev-now")).to_contain_text("Event Operations Headquarters")
    expect(page.get_by_role("link", name=crowd.title_en)).to_be_visible()
    expect(page.get_by_text("Athletics finals").first).to_be_visible()
    shell.check("event board in English")
