"""Penalty cases in a real browser: the enterprise reads its prior notice on a phone and asks
for a hearing in Chinese; the officer schedules it in English, first too early (the page names
the first day allowed, 7 working days on), then in time; the legal reviewer and the head see
their step; the public reads the published decision, masked, and the discretion benchmarks.
Every page axe-clean at 375 and 1280 px (shell.check)."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from onewindow.core import clock
from onewindow.market import penalties
from onewindow.market.penalty_models import Band, BandLevel, LeadSource, Stage
from tests.browser.applying import sign_in
from tests.browser.conftest import PHONE
from tests.conftest import zh
from tests.factories import EnterpriseFactory
from tests.market import world as market_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    settings.MEDIA_ROOT = tmp_path
    return market_world.build_for_penalties()


def send_zh() -> str:
    with translation.override("zh-hans"):
        return translation.pgettext("penalty statement", "Send")


def told(w, entity, band_level, fine, measures, officer, partner):
    """A 12345 lead against ``entity`` filed, investigated and told to the party today."""
    today = timezone.localdate().isoformat()
    case = penalties.open_lead(
        actor=officer, department=w.th, entity=entity, facts="后厨餐具未经消毒即投入使用",
        source=LeadSource.HOTLINE, reference="12345-1206-0001",
    )  # fmt: skip
    penalties.propose_filing(
        case, actor=officer,
        data={"violation": w.violation.pk, "occurred_on": today, "ended_on": today,
              "discovered_on": today, "officers": [partner.pk]},
    )  # fmt: skip
    penalties.approve_filing(case, actor=w.head, approved=True)
    penalties.add_evidence(case, actor=officer, title="现场检查笔录")
    band = Band.objects.get(violation=w.violation, level=band_level)
    penalties.notify(
        case, actor=officer,
        data={"band": band.pk, "fine": fine, "measures": measures, "grounds": "复查仍未改正"},
    )  # fmt: skip
    case.refresh_from_db()
    return case


def test_a_hearing_asked_for_on_a_phone_and_notified_in_time(shell, page, live_server, world):
    officer, partner = (i.user for i in world.inspectors[market_world.TH][:2])
    case = told(world, world.restaurants[0], BandLevel.HEAVIER, "40000",
                ["warning", "suspension"], officer, partner)  # fmt: skip
    party = EnterpriseFactory(uscc=case.entity.uscc, name=case.entity.name)

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, party, "zh-hans")
    shell.goto("/my/penalties/")
    page.set_viewport_size(PHONE)
    shell.check("party list")
    with page.expect_navigation():
        page.get_by_role("link", name=case.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    shell.check("party case")
    page.get_by_label(zh("I ask for a hearing")).check()
    page.get_by_label(zh("Your statement and defence")).fill("已购置消毒柜并整改，请求从轻处罚。")
    with page.expect_navigation():
        page.get_by_role("button", name=send_zh()).click()
    expect(page.get_by_text(zh("Your request for a hearing is sent."))).to_be_visible()
    shell.check("hearing asked")
    case.refresh_from_db()
    assert case.stage == Stage.HEARING

    sign_in(page, live_server, officer, "en")
    shell.goto(f"/workbench/market/penalties/{case.pk}/")
    expect(page.get_by_role("heading", name="Schedule the hearing")).to_be_visible()
    earliest = clock.add_working_days(timezone.localdate(), 7).date
    too_early = clock.add_working_days(timezone.localdate(), 6).date
    page.get_by_label("Hearing on").fill(too_early.isoformat())
    page.locator("#id_place").fill("天河区市场监管局听证室")
    page.get_by_label("Hearing officer").select_option(str(world.host.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator(".field-error").first).to_contain_text(earliest.isoformat())
    assert [p.split()[1] for p in page.problems] == ["400"]  # the answer expected here
    page.problems.clear()
    shell.check("hearing too early en")
    page.get_by_label("Hearing on").fill(earliest.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Issue the notice").click()
    expect(page.get_by_text("The hearing notice is issued and sent to the party.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Hearing notice {case.number}-TZ1")).to_be_visible()
    shell.check("hearing notified en")
    case.refresh_from_db()
    assert case.hearing_on == earliest


def test_the_public_reads_a_masked_decision_and_the_benchmarks(shell, page, live_server, world):
    officer, partner = (i.user for i in world.inspectors[market_world.TH][:2])
    case = told(world, world.restaurants[1], BandLevel.ORDINARY, "20000", ["warning"],
                officer, partner)  # fmt: skip
    penalties.respond(case, actor=officer, statement="当事人书面陈述：已整改。")
    penalties.decide(case, actor=world.head, data={"fine": "20000", "measures": ["warning"]})
    penalties.deliver(case, actor=officer, delivered_on=timezone.localdate())
    penalties.publish(case, actor=world.head)
    representative = case.entity.legal_representative.name

    sign_in(page, live_server, world.head, "zh-hans")
    shell.goto("/workbench/market/penalties/")
    expect(page.get_by_role("link", name=case.number).first).to_be_visible()
    shell.check("head desk")
    shell.goto(f"/workbench/market/penalties/{case.pk}/")
    expect(page.get_by_text(zh("fine due")).first).to_be_visible()
    shell.check("head case")

    page.context.clear_cookies()
    shell.goto("/market/penalties/")
    expect(page.get_by_text(case.entity.name).first).to_be_visible()
    assert representative not in page.content()
    shell.check("public penalties")
    # the party's credit record: looked up by name, its published penalty counted at the top
    shell.goto("/market/credit/")
    page.get_by_label(zh("Enterprise name or unified social credit code")).fill(case.entity.name)
    page.get_by_role("button", name=zh("Look up")).click()
    page.get_by_role("link", name=case.entity.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(case.entity.name)
    expect(page.locator(".lead")).to_contain_text(zh("On no credit list"))
    expect(page.get_by_role("region", name=zh("Annual reports by year"))).to_be_visible()
    shell.check("credit record")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator(".lead")).to_contain_text("1 penalty published")
    shell.check("credit record en")
    shell.goto("/market/benchmarks/")
    expect(page.get_by_text(world.violation.name_en).first).to_be_visible()
    shell.check("benchmarks en")
