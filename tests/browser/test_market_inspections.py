"""Random inspections in a real browser: 天河's head makes a joint plan with the fire brigade,
commits its seed and draws; the two departments' inspectors record one visit on a phone (a
finding each, a photo, the party's signature); the head publishes; the public checks the draw
and reads the result in English. Every page axe-clean at 375 and 1280 px (shell.check)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onewindow.market import inspections
from onewindow.market.models import InspectionStatus, Plan, PlanStatus
from tests.browser.applying import sign_in
from tests.browser.conftest import PHONE
from tests.conftest import zh
from tests.market import world as market_world

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    settings.MEDIA_ROOT = tmp_path
    return market_world.build()


def test_a_head_plans_commits_and_draws_a_joint_inspection(shell, page, live_server, world):
    sign_in(page, live_server, world.head, "zh-hans")
    shell.goto("/workbench/market/")
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Random inspections"))
    shell.check("market home")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Make a plan")).click()
    page.locator("#id_title").fill("天河区餐饮服务单位跨部门联合抽查")
    page.get_by_label("H62").check()
    page.get_by_label(f"{world.th.name} · {world.th_item.name}").check()
    page.get_by_label(f"{world.xf.name} · {world.xf_item.name}").check()
    page.get_by_label(zh("Sample ratio (%)")).fill("20")
    today = timezone.localdate()
    page.get_by_label(zh("Inspections until")).fill((today + timedelta(days=60)).isoformat())
    shell.check("plan form")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Make the plan")).click()
    plan = Plan.objects.get()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Freeze the lists and commit the seed")).click()
    plan.refresh_from_db()
    expect(page.get_by_text(plan.commitment)).to_be_visible()
    shell.check("committed")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Draw the targets and the inspectors")).click()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAWN
    rows = page.locator("[aria-labelledby=visits-title] tbody tr")
    expect(rows).to_have_count(6)
    shell.check("drawn")


def test_inspectors_record_a_visit_on_a_phone_and_the_public_reads_it(
    shell, page, live_server, world
):
    today = timezone.localdate()
    plan = market_world.drawn_plan(
        world, starts_on=today.isoformat(), ends_on=(today + timedelta(days=60)).isoformat()
    )
    visit = plan.inspections.order_by("rank").first()
    people = market_world.team(visit)

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, people[market_world.TH], "zh-hans")
    shell.goto("/workbench/market/")
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("link", name=visit.target.entity.name).click()
    page.get_by_label(zh("Problem found, corrected on the spot")).check()
    page.get_by_label(zh("What was found")).fill("冷藏柜温度记录不全，已当场责令补记")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save the finding")).click()
    expect(page.get_by_text(zh("Your finding is on the record."))).to_be_visible()
    page.locator("input[name=photo]").set_input_files(
        {"name": "fridge.png", "mimeType": "image/png", "buffer": PNG}
    )
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Add the photo")).click()
    expect(page.get_by_role("link", name=zh("Photo %(n)s") % {"n": 1})).to_be_visible()
    shell.check("finding recorded")

    sign_in(page, live_server, people[market_world.XF], "zh-hans")
    shell.goto(f"/workbench/market/inspections/{visit.pk}/")
    page.get_by_label(zh("No problem found")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save the finding")).click()
    page.get_by_label(zh("Signed for the party by")).fill("王店长")
    page.get_by_label(zh("The party's signature (photo of the signed record)")).set_input_files(
        {"name": "sign.png", "mimeType": "image/png", "buffer": PNG}
    )
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Close the record")).click()
    expect(page.get_by_text(zh("Signed by %(name)s.") % {"name": "王店长"})).to_be_visible()
    shell.check("record closed")

    sign_in(page, live_server, world.head, "en")
    shell.goto(f"/workbench/market/inspections/{visit.pk}/")
    expect(page.get_by_text("publish by")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the result").click()
    visit.refresh_from_db()
    assert visit.status == InspectionStatus.PUBLISHED
    shell.check("published en")

    page.context.clear_cookies()
    shell.goto(f"/market/inspections/{plan.number}/")
    expect(page.get_by_text(plan.revealed_seed, exact=True)).to_be_visible()
    expect(page.get_by_text(zh("Problem found, corrected on the spot"))).to_be_visible()
    shell.check("public plan")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_text("Problem found, corrected on the spot")).to_be_visible()
    shell.check("public plan en")
    shell.goto("/market/inspections/")
    expect(page.get_by_role("link", name=plan.title_en).first).to_be_visible()
    shell.check("public list")


def test_a_head_keeps_the_abnormal_operation_list(shell, page, live_server, world):
    from onewindow.market import lists
    from onewindow.market.models import Result

    lists.list_non_filers(2025)  # the world's businesses, established in 2020, did not file
    today = timezone.localdate()
    plan = market_world.drawn_plan(
        world, starts_on=today.isoformat(), ends_on=(today + timedelta(days=60)).isoformat()
    )
    visit = plan.inspections.order_by("rank").first()
    people = market_world.team(visit)
    inspections.record_finding(
        visit, actor=people[market_world.TH],
        data={"result": Result.UNREACHABLE, "description": "登记住所已另作他用"},
    )  # fmt: skip
    inspections.record_finding(
        visit, actor=people[market_world.XF],
        data={"result": Result.NOT_OPERATING, "description": "场所无人"},
    )  # fmt: skip
    inspections.close_record(
        visit, actor=people[market_world.TH],
        data={"refused": True, "refusal_note": "无人在场，执法人员两人见证"},
    )  # fmt: skip
    inspections.publish([visit], actor=world.head)

    sign_in(page, live_server, world.head, "zh-hans")
    shell.goto("/workbench/market/")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Abnormal-operation list")).click()
    expect(page.get_by_text(visit.target.entity.name).first).to_be_visible()
    shell.check("abnormal list")
    page.set_viewport_size(PHONE)
    page.get_by_label(zh("How the enterprise was reached")).fill("复核时在登记住所联系到经营者")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Take off the list")).click()
    expect(
        page.get_by_text(
            zh("%(name)s is taken off the abnormal-operation list.")
            % {"name": visit.target.entity.name}
        )
    ).to_be_visible()
    shell.check("taken off")
