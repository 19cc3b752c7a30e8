"""The 12345 workbench in a real browser, in Chinese and English, at 1280 and 375 px with axe:
the dispatcher's queue with its red and yellow due dates, a ticket dispatched from its page,
and 城管's handler accepting and replying from the department inbox.

The data is the demo's own (demo/hotline.py): tickets made through the services on past
working days."""

import contextlib
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Role
from onewindow.core.clock import WorkingCalendar
from onewindow.demo import hotline as demo_hotline
from onewindow.hotline.models import Status, Ticket
from tests.browser.test_supervision_pages import english
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh
from tests.factories import CitizenFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def hotline(transactional_db, settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    CitizenFactory(username="citizen")
    people = {
        "dispatch": official("dispatch", Role.DISPATCHER, "440100-12345"),
        "hotline": official("hotline", Role.HOTLINE_OPERATOR, "440100-12345"),
        "cg_handler": official("cg_handler", Role.REVIEWER, "440100-CG"),
        "amr_reviewer": official("amr_reviewer", Role.REVIEWER, "440100-SCJG"),
        "police_reviewer": official("police_reviewer", Role.REVIEWER, "440100-GA"),
    }
    with _a_working_afternoon():
        demo_hotline.ensure()
    return people


def _a_working_afternoon():
    """The demo dates its tickets from 9:30 on working days, which before noon lies ahead of
    the clock: then make them as of 15:00 on the last working day, when the day's tickets and
    their red cards exist as the test expects (the pages are read at the real time)."""
    now = timezone.localtime()
    if now.hour >= 12:
        return contextlib.nullcontext()
    calendar = WorkingCalendar()
    day = now.date() - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(15))), tick=False)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dispatch_and_handle_a_ticket_in_the_browser(shell, page, hotline, language):
    t = (lambda s: s) if language == "en" else zh
    sign_in(shell, page, *hotline["dispatch"], "/workbench/hotline/")
    if language == "en":
        english(page, shell)
        shell.goto("/workbench/hotline/")
    expect(page.locator(".card-red").first).to_be_visible()
    shell.check(f"hotline queue {language}")

    waiting = Ticket.objects.get(idempotency_key="demo-hotline-09")  # accepted, to dispatch
    page.get_by_role("link", name=waiting.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(waiting.title)
    shell.check(f"hotline ticket to dispatch {language}")
    page.get_by_text(t("Dispatch"), exact=True).first.click()
    page.locator("select[name='dispatch-department']").select_option("440100-CG")
    with page.expect_navigation():
        page.locator("form[action$='/dispatch/'] button[type=submit]").click()
    assert Ticket.objects.get(pk=waiting.pk).status == Status.DISPATCHED

    page.context.clear_cookies()
    sign_in(shell, page, *hotline["cg_handler"], "/workbench/hotline/inbox/")
    if language == "en":
        english(page, shell)
        shell.goto("/workbench/hotline/inbox/")
    expect(page.get_by_role("link", name=waiting.number)).to_be_visible()
    shell.check(f"hotline department inbox {language}")
    page.get_by_role("link", name=waiting.number).click()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Accept for my department")).click()
    shell.check(f"hotline ticket handling {language}")
    page.locator("details.hl-action summary", has_text=t("Reply")).first.click()
    page.get_by_label(t("Reply to the citizen")).fill("已清运。")
    with page.expect_navigation():
        page.locator("form[action$='/reply/'] button[type=submit]").click()
    assert Ticket.objects.get(pk=waiting.pk).status == Status.REPLIED
