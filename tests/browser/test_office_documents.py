"""公文 in a real browser: the leader signs a countersigned 通知 off on a phone (375 px), the
clerk numbers, seals and sends it at desktop width, and the receiving agency's clerk signs for
it; the head assigns an incoming document with his 批示 on a phone and reads the instruction's
due date; every page axe-clean at both widths (shell.check)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from onewindow.office import incoming
from onewindow.office.models import Dispatch, DocumentStatus
from tests.browser.applying import sign_in
from tests.browser.conftest import PHONE
from tests.conftest import zh
from tests.office import incoming_world, outgoing_world

pytestmark = pytest.mark.browser


@pytest.fixture
def office(transactional_db, settings, tmp_path):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    settings.MEDIA_ROOT = tmp_path
    world = outgoing_world.build()
    return world, outgoing_world.countersigned(world)


def test_signed_off_on_a_phone_then_sealed_sent_and_signed_for(shell, page, live_server, office):
    world, document = office
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world.signer, "zh-hans")
    shell.goto("/workbench/office/")
    waiting = page.get_by_role("region", name=zh("Waiting for you"))
    expect(waiting.get_by_role("link", name=document.title)).to_be_visible()
    shell.check("office desk")
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        waiting.get_by_role("link", name=document.title).click()
    page.get_by_label(zh("Agree")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Record my word")).click()
    expect(page.get_by_text(zh("Your sign-off is recorded."))).to_be_visible()
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUE
    shell.check("signed off")

    sign_in(page, live_server, world.clerk, "zh-hans")
    shell.goto(f"/workbench/office/{document.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Number and seal")).click()
    document.refresh_from_db()
    expect(page.get_by_text(document.number).first).to_be_visible()
    page.get_by_label("广州市越秀区市场监督管理局").check()
    page.get_by_label("广州市天河区市场监督管理局").check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send to the agencies")).click()
    expect(page.get_by_text(zh("Sent to %(n)d agencies.") % {"n": 2})).to_be_visible()
    shell.check("sent")

    sign_in(page, live_server, world.yx_clerk, "en")
    shell.goto(f"/workbench/office/{document.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign for it").click()
    expect(page.get_by_text("Signed for.")).to_be_visible()
    assert Dispatch.objects.get(recipient=world.yx).signed_for_by == world.yx_clerk
    shell.check("signed for")


@pytest.fixture
def received(transactional_db, settings, tmp_path):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    settings.MEDIA_ROOT = tmp_path
    world = incoming_world.build_incoming()
    document = incoming_world.by_hand(world)
    incoming.check(document, actor=world.clerk, accepted=True)
    return world, document


def test_the_head_assigns_an_incoming_document_on_a_phone(shell, page, live_server, received):
    world, document = received
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world.head, "zh-hans")
    shell.goto("/workbench/office/incoming/")
    shell.check("incoming list")
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("link", name=document.title).click()
    page.get_by_role("textbox", name=zh("Instruction (批示)")).fill(
        "请食品安全处研究落实，月底前报我。"
    )
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Assign"), exact=True).click()
    expect(page.get_by_text(zh("Assigned; the instruction is tracked."))).to_be_visible()
    document.refresh_from_db()
    assert document.leader_instruction == "请食品安全处研究落实，月底前报我。"
    shell.check("assigned")
    instruction = document.instructions.get()
    shell.goto(f"/workbench/office/instructions/{instruction.pk}/")
    expect(page.get_by_text(instruction.due_on.strftime("%Y")).first).to_be_visible()
    shell.check("instruction")
