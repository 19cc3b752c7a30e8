"""The citizen's whole journey in one walk, as issue 20 describes it: find the service by an
everyday query from the home page's search box, open its guide, apply, fix an error from the
summary's link, check and change an answer, submit, read the step list on the case page and
look the progress up with the receipt's code, signed out. In Chinese at 1280 px, in English at
375 px and in care mode (关怀模式) at 375 px.

The official's journeys (a clerk lands on the workbench, finds a case by search and acts on it
from the two-pane page; a head previews and issues a decision) are walked in
test_workbench_two_pane.py; each step of this one in more depth in test_search_pages.py,
test_apply_journey.py and test_progress_pages.py."""

import re

import pytest
from playwright.sync_api import expect

from onewindow.cases.models import Case
from tests.browser.applying import AssistanceForm, resident, sign_in  # noqa: F401 - a fixture
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

# What each reader types: an everyday phrase in Chinese, pinyin initials on the English page.
QUERIES = {"zh-hans": "家里着火了", "en": "lsjz"}


@pytest.mark.parametrize(
    ("language", "size", "care"),
    [("zh-hans", DESKTOP, False), ("en", PHONE, False), ("zh-hans", PHONE, True)],
    ids=["zh-1280", "en-375", "care-375"],
)
def test_find_apply_fix_check_submit_and_follow_the_progress(
    shell,
    page,
    browser,
    live_server,
    resident,  # noqa: F811 - the fixture
    language,
    size,
    care,
    tmp_path,
):
    form = AssistanceForm(page, language, size is PHONE, tmp_path)
    t = form.t

    def look(step: str) -> None:
        shell.check(f"journey {language} {size['width']}{' care' if care else ''} {step}")
        page.set_viewport_size(size)

    sign_in(page, live_server, resident, language)
    if care:
        page.context.add_cookies([{"name": "ow_care", "value": "1", "url": live_server.url}])
    page.set_viewport_size(size)
    main = page.locator("main")

    # 1. The home page's search box: suggestions while typing, then the results page.
    shell.goto("/")
    if care:
        expect(page.locator("html")).to_have_class(re.compile(r"\bcare\b"))
    box = main.get_by_role("combobox")
    box.click()
    box.press_sequentially(QUERIES[language], delay=60)
    expect(page.get_by_role("listbox")).to_be_visible()
    look("home with suggestions")
    with page.expect_navigation():
        main.get_by_role("button", name=t("Search"), exact=True).click()
    first = page.locator(".results .item-row").first
    name = "临时救助申请" if language == "zh-hans" else "Temporary assistance"
    expect(first.get_by_role("link")).to_have_text(name)
    look("results")

    # 2. The guide, and its apply button.
    with page.expect_navigation():
        first.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(name)
    look("guide")
    with page.expect_navigation():
        main.locator("[data-action=apply]").click()

    # 3. The form with a mistake; the error summary's link leads to the field.
    form.fill("12345")
    form.continue_to_check()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    look("error summary")
    form.fix_the_phone_from_the_summary("13900001111")

    # 4. Check your answers; change one through its link and come back.
    expect(page.locator("h1")).to_have_text(t("Check your application"))
    look("check page")
    form.change_the_hardship("家中失火，房屋受损，急需临时救助")
    expect(main).to_contain_text("家中失火，房屋受损，急需临时救助")
    form.submit()

    # 5. The case page opens with the step list: one current step, the code for the lookup.
    case = Case.objects.get(applicant=resident)
    assert case.form_data["hardship"] == "家中失火，房屋受损，急需临时救助"
    shell.goto(f"/my/cases/{case.number}/")
    steps = page.locator("ol.case-steps")
    expect(steps).to_be_visible()
    expect(steps.locator("li[aria-current=step]")).to_have_count(1)
    code = page.locator(".lookup-code").inner_text().strip()
    assert code.replace("-", "") == case.progress_code  # shown in groups, as on the receipt
    look("case page")

    # 6. Anyone with the number and the code follows the progress, signed out.
    anyone = browser.new_context(viewport=size, locale="en-GB" if language == "en" else "zh-CN")
    try:
        other = anyone.new_page()
        other.goto(live_server.url + "/progress/")
        other.locator("[name=number]").fill(case.number)
        other.locator("[name=code]").fill(code)
        other.get_by_role("button", name=t("Show the progress")).click()
        expect(other.locator("ol.case-steps")).to_be_visible()
        expect(other.locator("main")).not_to_contain_text("家中失火")
    finally:
        anyone.close()
