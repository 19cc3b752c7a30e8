"""Consultations in a real browser: a verified citizen reads the draft and comments on an
article at phone width (375 px); the moderator publishes one comment and rejects another at
desktop width, and the public article page shows the published one masked. axe-clean."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onewindow.participation.models import Comment
from onewindow.participation.services import consultations as services
from tests.browser.applying import sign_in
from tests.browser.conftest import PHONE
from tests.conftest import zh
from tests.participation import consultation_world

pytestmark = pytest.mark.browser


@pytest.fixture
def consultation(transactional_db, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    world = consultation_world.build()
    today = timezone.localdate()
    made = services.publish(
        consultation_world.draft(world),
        actor=world.officer,
        opens_on=today,
        closes_on=today + timedelta(days=45),
    )
    return world, made


def zhc(context: str, msgid: str) -> str:
    from django.utils import translation

    with translation.override("zh-hans"):
        return translation.pgettext(context, msgid)


def label(msgid: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(zh(msgid))}\s*\*?\s*$")


def test_a_citizen_comments_on_an_article_on_a_phone(shell, page, live_server, consultation):
    world, made = consultation
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world.citizen, "zh-hans")
    shell.goto("/participation/")  # the landing page: drafts, surveys, proposals
    expect(page.get_by_role("link", name=made.title)).to_be_visible()
    shell.check("landing")
    shell.goto(f"/participation/consultations/{made.number}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(made.title)
    shell.check("draft")
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role(
            "link", name=zh("Read and comment on %(number)s") % {"number": "第3条"}
        ).click()
    page.get_by_label(zhc("stance of a comment", "Oppose")).check()
    page.get_by_label(label("Your comment or reason")).fill(
        f"费用负担过重。我的身份证号{world.citizen.id_number}，可以联系我。"
    )
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send for moderation")).click()
    expect(page.get_by_text(zh("Thank you. Your comment is published once a moderator has read "
                               "it; you can follow it under My comments."))).to_be_visible()  # fmt: skip
    comment = Comment.objects.get()
    assert (comment.article.position, comment.stance, comment.status) == (3, "oppose", "pending")
    assert world.citizen.id_number not in comment.public_body
    shell.check("commented")


def test_the_moderator_decides_at_desktop_width(shell, page, live_server, consultation):
    world, made = consultation
    article = made.articles.get(position=5)
    good = services.comment(made, world.citizen, stance="comment", article=article,
                            body="建议电话13800138000的物业热线写入条例。")  # fmt: skip
    advert = services.comment(made, world.other_citizen, stance="comment", article=article,
                              body="低价代办房产过户，请加微信。")  # fmt: skip
    sign_in(page, live_server, world.moderator, "zh-hans")
    shell.goto("/workbench/participation/moderation/")
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Moderation of comments"))
    expect(page.get_by_text("138****8000")).to_be_visible()
    expect(page.get_by_text("13800138000")).to_have_count(0)
    shell.check("queue")
    item = page.locator(f"#comment-{advert.pk}")
    item.get_by_label(zhc("moderation", "Reject"), exact=True).check()
    item.get_by_label(zh("Reason (when rejecting)")).select_option("advertising")
    with page.expect_navigation():
        item.get_by_role("button", name=zhc("moderation", "Decide")).click()
    with page.expect_navigation():
        page.locator(f"#comment-{good.pk}").get_by_role(
            "button", name=zhc("moderation", "Decide")
        ).click()
    expect(page.get_by_text(zh("Nothing awaits moderation."))).to_be_visible()
    shell.check("decided")
    advert.refresh_from_db()
    assert (advert.status, advert.reason) == ("rejected", "advertising")
    shell.goto(f"/participation/consultations/{made.number}/articles/5/")
    expect(page.get_by_text("建议电话138****8000的物业热线写入条例。")).to_be_visible()
    expect(page.get_by_text("低价代办")).to_have_count(0)
    shell.check("article")


def test_the_officer_writes_and_publishes_the_feedback_report(
    shell, page, live_server, transactional_db, settings
):
    from datetime import date

    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    world = consultation_world.build()
    made = consultation_world.opened(world)  # open 2 March to 1 April 2026
    third = made.articles.get(position=3)
    with consultation_world.at(date(2026, 3, 10)):
        comment = services.comment(made, world.citizen, stance="comment", article=third,
                                   body="建议写明物业服务人的公示方式。")  # fmt: skip
    services.approve(comment, actor=world.moderator)
    with consultation_world.at(date(2026, 4, 2)):
        services.close(made, actor=world.officer)
    sign_in(page, live_server, world.officer, "zh-hans")
    shell.goto(f"/workbench/participation/consultations/{made.number}/")
    page.get_by_label(label("Summary of the comments and how they were used")).fill(
        "共收到意见1条，已采纳。"
    )
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save the summary")).click()
    item = page.locator(f"#comment-{comment.pk}")
    item.get_by_label(zhc("consultation feedback", "Outcome")).select_option("adopted")
    item.get_by_label(zh("Reason")).fill("已在第三条写明公示方式。")
    with page.expect_navigation():
        item.get_by_role("button", name=zh("Save")).click()
    revise = page.locator("#revise-3")
    revise.get_by_role("textbox").fill(third.text + "公示可以采用书面或者电子方式。")
    with page.expect_navigation():
        revise.get_by_role("button").click()
    shell.check("report-builder")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Publish the feedback report")).click()
    expect(page.locator(".pc-diff ins")).to_have_text("公示可以采用书面或者电子方式。")
    expect(page.get_by_text("已在第三条写明公示方式。")).to_be_visible()
    shell.check("published-report")
