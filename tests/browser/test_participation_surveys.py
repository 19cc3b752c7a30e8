"""Surveys in a real browser, with axe at phone and desktop width: a resident answers on a
phone and the skip rule takes them past the questions that do not concern them; 住建局's
officer reads the live results with their chart and the cross-tab by district and age band."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from onewindow.participation.services import surveys_answering as answering
from tests.browser.applying import sign_in
from tests.conftest import zh
from tests.participation import surveys_helpers as h

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def surveys(transactional_db, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    world = h.make_world()  # restores the migration-loaded tables a live-server flush empties
    survey, questions = h.build(world.officer)
    return world, survey, questions


def test_a_resident_answers_on_a_phone_and_the_skip_goes_to_the_end(
    shell, page, live_server, surveys
):
    world, survey, (q1, q2, _q3, _q4) = surveys
    sign_in(page, live_server, world.resident, "zh-hans")
    page.set_viewport_size(PHONE)
    shell.goto("/participation/surveys/")
    with page.expect_navigation():
        page.get_by_role("link", name=survey.title).click()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Start answering")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(q1.text + " *")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Next")).click()  # nothing chosen: the error
    expect(page.get_by_role("alert")).to_contain_text(zh("This question needs an answer."))
    page.problems.remove(f"HTTP 400 {page.url}")  # the answer expected for an empty choice
    shell.check("question-error")
    page.set_viewport_size(PHONE)
    page.get_by_label("不住").check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Next")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Check your answers"))
    expect(page.get_by_text(q2.text)).to_have_count(0)  # skipped: not asked, not shown
    shell.check("review")
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send my answers")).click()
    expect(page.get_by_text(zh("You have answered this survey. Thank you."))).to_be_visible()
    shell.check("answered")
    assert survey.responses.get().answers.count() == 1


def test_the_officer_reads_results_with_a_chart_and_a_cross_tab(shell, page, live_server, surveys):
    world, survey, (q1, q2, q3, _q4) = surveys
    people = [h.resident(d) for d in ["440106"] * 5 + ["440104"] * 5 + ["440105"]]
    for person in people:
        answering.answer(person, survey.number, {q1.pk: "o1", q2.pk: "4", q3.pk: ["o1"]})
    sign_in(page, live_server, world.officer, "zh-hans")
    shell.goto(f"/workbench/participation/surveys/{survey.number}/results/")
    expect(page.locator(f"#chart-q{q1.pk}.wb-chart-drawn svg")).to_be_visible()
    district = page.get_by_role("region", name=zh("By district"))
    expect(district.get_by_role("row", name="天河区")).to_contain_text("5")
    expect(district.get_by_role("row", name="海珠区")).to_contain_text("–")  # one answer
    expect(district.get_by_role("row", name="越秀区")).to_contain_text("–")  # else 11 − 10
    shell.check("results-zh")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Old neighbourhood renewal survey")
    expect(page.get_by_text("fewer than 5 answers is hidden")).to_be_visible()
    shell.check("results-en")
