"""A flood response in a real browser, at 1280 and 375 px with axe: the commander, in Chinese,
finds the flood plan triggered by a yellow typhoon warning and activates it at level III; the
water bureau's duty officer, in English, acknowledges the department's task and reports back,
each clock shown as a time with its colour in words; the bureau's head raises the response
and reads the command board."""

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.emergency import incidents, plan_data, resources, services
from onewindow.emergency.plan_models import Activation
from onewindow.registry import geo
from tests.browser.test_supervision_pages import english
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh
from tests.emergency.test_incidents import FLOOD
from tests.emergency.test_resources import SHELTER, TEAM
from tests.emergency.world import typhoon

pytestmark = pytest.mark.browser


@pytest.fixture
def command(transactional_db, settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    geo.load_boundaries()
    plan_data.load()
    people = {
        "duty": official("yj_duty", Role.DUTY_OFFICER, "440100-YJGL"),
        "commander": official("yj_commander", Role.COMMANDER, "440100-YJGL"),
        "water": official("swu_duty", Role.DUTY_OFFICER, "440100-SWU"),
        "head": official("yj_head", Role.HEAD, "440100-YJGL"),
    }
    services.issue(
        people["duty"][0],
        department=people["duty"][0].role_assignments.get().department,
        data=typhoon(level="yellow"),
    )
    return people


def test_activate_acknowledge_and_report_back(shell, page, command):
    sign_in(shell, page, *command["commander"], "/workbench/emergency/plans/")
    expect(page.locator(".ep-triggered")).to_contain_text("Ⅲ")
    shell.check("plans desk, the flood plan triggered")
    page.get_by_role("link", name="广州市防汛防旱防风应急预案").click()
    page.get_by_label(zh("Reason (what the situation is)")).fill(
        "台风黄色预警，启动防汛Ⅲ级应急响应。"
    )
    shell.check("flood plan with the activation form")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Activate the response")).click()
    activation = Activation.objects.get()
    assert activation.level == 3
    expect(page.locator(".ep-level")).to_have_text("Ⅲ")
    expect(page.locator(".ei-green").first).to_be_visible()
    shell.check("response in force, tasks to acknowledge")

    page.context.clear_cookies()
    response = f"/workbench/emergency/responses/{activation.number}/"
    sign_in(shell, page, *command["water"], response)
    english(page, shell)
    shell.goto(response)
    with page.expect_navigation():
        page.get_by_role("button", name="Acknowledge the task (接报)").click()
    expect(page.get_by_text("Report back by").first).to_be_visible()
    page.get_by_label("Report back (what your department did)").fill(
        "Twelve pumps running at Liede; the creek is 0.4 m below its peak."
    )
    shell.check("water bureau reporting back, English")
    with page.expect_navigation():
        page.get_by_role("button", name="Report back", exact=True).click()
    expect(page.locator(".ei-done")).to_be_visible()
    expect(page.get_by_text("Reported back in time")).to_be_visible()

    page.context.clear_cookies()
    sign_in(shell, page, *command["head"], response)  # the bureau's head decides as well
    page.get_by_label(zh("New response level")).select_option("2")
    page.locator("#id_l_reason").fill("灾情扩大，提升至Ⅱ级。")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Change the level")).click()
    expect(page.locator(".ep-level")).to_have_text("Ⅱ")
    shell.check("response raised to level II")

    # the command board: the warning's districts on the map, the response, the running clocks
    shelter = resources.add(
        command["duty"][0], department=Department.objects.get(code="440100-YJGL"),
        kind="shelter", data=SHELTER,
    )  # fmt: skip
    resources.record_occupancy(command["duty"][0], shelter, occupancy="85")
    page.get_by_role("link", name=zh("Command board")).first.click()
    expect(page.locator("#board-map[data-ready=true]")).to_be_attached()
    expect(page.locator("#board-map .eb-key-shelter")).to_have_count(1)
    expect(page.locator("#board-live")).to_contain_text("85")
    shell.check("command board")

    # the duty roster: the head puts the duty officer on tonight's shift
    page.get_by_role("link", name=zh("Duty roster")).first.click()
    page.locator("select[name=post]").select_option("officer")
    page.locator("select[name=user]").select_option(str(command["duty"][0].pk))
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Add to the roster")).click()
    expect(page.locator("section[aria-labelledby=ed-now]")).to_contain_text("yj_duty")
    shell.check("duty roster with tonight's officer")


def test_dispatch_a_team_and_fill_a_shelter(shell, page, command):
    """The city's duty officer, in English, dispatches 天河's rescue team to a flood from the
    incident's page; 天河's duty officer, in Chinese, acknowledges it and records the people in
    its shelter, a number over its places first (refused, naming the field)."""
    district = official("th_yj_duty", Role.DUTY_OFFICER, "440106-YJGL")
    tianhe = Department.objects.get(code="440106-YJGL")
    team = resources.add(district[0], department=tianhe, kind="team", data=TEAM)
    shelter = resources.add(district[0], department=tianhe, kind="shelter", data=SHELTER)
    flood = incidents.record(district[0], department=tianhe, data=FLOOD)

    sign_in(shell, page, *command["duty"], "/workbench/emergency/resources/")
    english(page, shell)
    shell.goto("/workbench/emergency/resources/")
    expect(page.get_by_text("Tianhe District Rescue Brigade").first).to_be_visible()
    shell.check("resources list, English")
    shell.goto(f"/workbench/emergency/incidents/{flood.number}/")
    page.get_by_role("link", name="Dispatch a resource").click()
    page.locator("select[name=resource]").select_option(str(team.pk))
    page.locator("textarea[name=note]").fill("Move the residents of the flooded buildings.")
    shell.check("dispatch form, English")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(
        page.locator(
            "#ei-resources ~ ol .ei-green, section[aria-labelledby=ei-resources] .ei-green"
        ).first
    ).to_be_visible()

    page.context.clear_cookies()
    sign_in(shell, page, *district, f"/workbench/emergency/resources/{team.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Acknowledge the order (接令)")).first.click()
    shell.check("team acknowledged, Chinese")
    shell.goto(f"/workbench/emergency/resources/{shelter.pk}/")
    field = page.get_by_label(zh("People in the shelter now"))
    field.fill("250")
    with page.expect_navigation():
        field.press("Enter")
    expect(page.locator(".field-error").first).to_be_visible()
    page.problems.clear()  # the 400 is the answer expected here
    page.get_by_label(zh("People in the shelter now")).fill("85")
    with page.expect_navigation():
        page.get_by_label(zh("People in the shelter now")).press("Enter")
    shelter.refresh_from_db()
    assert shelter.occupancy == 85
    shell.check("shelter with 85 people, Chinese")
