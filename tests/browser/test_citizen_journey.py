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
from django.utils import translation
from playwright.sync_api import expect

from onewindow.cases.models import Case
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_apply_journey import resident, sign_in  # noqa: F401 - the fixture
from tests.cases.conftest import pdf_bytes

pytestmark = pytest.mark.browser

ASSISTANCE = "440100-MZ-GG-505"  # 临时救助申请 (Temporary assistance)

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
    def t(msgid: str) -> str:
        with translation.override(language):
            return translation.gettext(msgid)

    def look(step: str) -> None:
        shell.check(f"journey {language} {size['width']}{' care' if care else ''} {step}")
        page.set_viewport_size(size)

    phone = size is PHONE

    def next_step() -> None:
        if phone:
            page.get_by_role("button", name=t("Next"), exact=True).click()

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
    page.locator("#id_phone").fill("12345")
    next_step()
    page.locator("#id_hardship").fill("家中失火，急需临时救助")
    page.locator("#id_bank_account").fill("6222020200112233445")
    next_step()
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(pdf_bytes("proof"))
    page.locator("#id_materials_hardship_proof").set_input_files(str(proof))
    with page.expect_navigation():
        page.get_by_role("button", name=t("Continue to check")).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    look("error summary")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_phone")).to_be_focused()
    page.locator("#id_phone").fill("13900001111")
    next_step()
    next_step()
    page.locator("#id_materials_hardship_proof").set_input_files(str(proof))
    with page.expect_navigation():
        page.get_by_role("button", name=t("Continue to check")).click()

    # 4. Check your answers; change one through its link and come back.
    expect(page.locator("h1")).to_have_text(t("Check your application"))
    look("check page")
    title = "What happened" if language == "en" else "困难情况"
    with page.expect_navigation():
        main.get_by_role("link", name=f"{t('Change')} {title}").click()
    expect(page.locator("#id_hardship")).to_be_focused()
    page.locator("#id_hardship").fill("家中失火，房屋受损，急需临时救助")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Save and go back to the check page")).click()
    expect(main).to_contain_text("家中失火，房屋受损，急需临时救助")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Submit application")).click()

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
