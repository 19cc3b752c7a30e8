"""Citizens' proposals in a real browser with axe: on a 375 px phone a citizen proposes (the
error summary first) and, once the moderator has published it, another citizen supports it;
at 1280 px 城管's participation officer answers it from the workbench list."""

import re

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.participation.models import Proposal, ProposalStatus, Support
from onewindow.participation.services import proposals as services
from onewindow.participation.services import proposals_moderation as moderation
from tests.browser.applying import sign_in
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import restore_migration_data
from tests.factories import OfficialFactory
from tests.participation.proposals_world import verified_citizen

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_PROPOSAL_THRESHOLD = 1
    restore_migration_data()
    departments_data.load()
    return {
        "author": verified_citizen(name="张建议"),
        "supporter": verified_citizen(name="李支持"),
        "moderator": OfficialFactory(
            role=Role.PARTICIPATION_MODERATOR,
            department=Department.objects.get(code="440100-ZWFW"),
        ),
        "officer": OfficialFactory(
            role=Role.PARTICIPATION_OFFICER, department=Department.objects.get(code="440100-CG")
        ),
    }


def t(msgid: str) -> str:
    from django.utils import translation

    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def label(msgid):
    return re.compile(rf"^\s*{re.escape(t(msgid))}\s*\*?\s*$")


def test_a_citizen_proposes_and_another_supports_on_a_phone(shell, page, live_server, people):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, people["author"], "zh-hans")
    shell.goto("/participation/proposals/")
    page.get_by_role("link", name=t("Make a proposal")).first.click()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Send the proposal")).click()
    expect(page.locator(".error-summary")).to_contain_text(t("Please give your proposal a title."))
    shell.check("proposal form errors")
    page.set_viewport_size(PHONE)
    page.get_by_label(label("Title")).fill("在地铁站出入口划设共享单车停放区")
    page.get_by_label(label("Category")).select_option("city_management")
    page.get_by_label(re.compile(r"^\s*所在区\s*\*?\s*$")).select_option("440106")
    page.get_by_label(label("Your proposal")).fill(
        "体育西路地铁口单车堆放占用盲道，建议划设停放区。"
    )
    with page.expect_navigation():
        page.get_by_role("button", name=t("Send the proposal")).click()
    made = Proposal.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("共享单车停放区")
    expect(page.locator(".messages")).to_contain_text(made.number)
    shell.check("proposal sent")

    moderation.publish(people["moderator"], made.number)
    page.context.clear_cookies()
    sign_in(page, live_server, people["supporter"], "zh-hans")
    page.set_viewport_size(PHONE)
    shell.goto("/participation/proposals/?category=city_management")
    expect(page.get_by_role("link", name="在地铁站出入口划设共享单车停放区")).to_be_visible()
    shell.check("proposal list filtered")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="在地铁站出入口划设共享单车停放区").click()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Support this proposal")).click()
    expect(page.locator(".messages")).to_contain_text(t("Thank you: your support is counted."))
    expect(page.get_by_text(t("You support this proposal."))).to_be_visible()
    assert Support.objects.filter(proposal=made, user=people["supporter"]).exists()
    shell.check("proposal supported")


def test_the_department_answers_from_its_list_at_desktop(shell, page, live_server, people):
    made = services.propose(
        people["author"], title="增设夜跑照明", body="二沙岛滨江步道晚上照明不足。",
        category="city_management", district="440104",
    )  # fmt: skip
    moderation.publish(people["moderator"], made.number)
    services.support(people["supporter"], made.number)  # over the threshold: an answer is due
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, people["officer"], "zh-hans")
    shell.goto("/workbench/participation/proposals/")
    expect(page.get_by_role("link", name=t("Proposals to answer"))).to_be_visible()
    shell.check("proposals to answer")
    page.get_by_role("link", name="增设夜跑照明").click()
    page.get_by_role("radio", name=t("Not adopted")).check()
    page.get_by_label(label("Answer text")).fill("经研究，该路段照明改造已列入明年计划外项目。")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Publish the answer")).click()
    expect(page.locator(".wb-error-summary")).to_contain_text(
        t("Please give the reason for not adopting it.")
    )
    # the refused form comes back with 400, as the workbench answers a refused action
    assert [p.split()[1] for p in page.problems] == ["400"]
    page.problems.clear()
    shell.check("answer form errors")
    page.get_by_role("radio", name=t("Planned")).check()
    page.get_by_label(label("Planned action")).fill("2027年第一季度完成低位照明安装")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Publish the answer")).click()
    expect(page.locator(".messages")).to_contain_text(t("Official answer published."))
    assert Proposal.objects.get().status == ProposalStatus.ANSWERED
    shell.goto(f"/participation/proposals/{made.number}/")
    expect(page.get_by_text("2027年第一季度完成低位照明安装")).to_be_visible()
    shell.check("answer published")
