"""Applying in a real browser, at 375 and 1280 px, in Chinese and in English: start an
application, submit it with a mistake, follow the error summary's link (focus lands on the
field), fix it, reach the check page, change one answer through its 修改 link and come back
to the check page, submit. On a phone the form goes one section at a time (Step 1 of 3)."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from onewindow.cases.models import Case
from onewindow.registry import services as registry_services
from tests.browser.applying import (  # noqa: F401 - resident is a fixture
    ASSISTANCE,
    BANK_ACCOUNT,
    HARDSHIP,
    AssistanceForm,
    resident,
    sign_in,
)
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["375", "1280"])
def test_apply_fix_an_error_from_the_summary_change_an_answer_and_submit(
    shell,
    page,
    live_server,
    resident,  # noqa: F811 - the fixture
    language,
    size,
    tmp_path,
):
    phone = size is PHONE
    form = AssistanceForm(page, language, phone, tmp_path)
    t = form.t

    def look(step: str) -> None:
        shell.check(f"{language} {size['width']} {step}")
        page.set_viewport_size(size)

    sign_in(page, live_server, resident, language)
    page.set_viewport_size(size)
    shell.goto(f"/services/{ASSISTANCE}/apply/")
    expect(page.locator("h1")).to_be_visible()
    main = page.locator("main")
    # Who applies comes from the account and the registry, read-only, with its source.
    expect(page.locator("#id_applicant_name")).to_have_value(resident.real_name)
    expect(page.locator("#id_applicant_name")).to_have_attribute("readonly", "")
    if phone:
        step = t("Step {n} of {total}").format(n=1, total=3)
        expect(main.get_by_text(step)).to_be_visible()
        expect(page.locator("#id_hardship")).to_be_hidden()
    look("form")

    # Fill it in with a malformed phone number, section by section on a phone.
    form.fill("12345")
    form.continue_to_check()

    # The error summary: titled, focused, one link per field in error, naming the field.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(_problem(language))
    # The malformed phone number, and the file, which a refused request does not keep.
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.first).to_have_attribute("href", "#id_phone")
    expect(links.last).to_have_attribute("href", "#id_materials_hardship_proof")
    field_error = page.locator("#id_phone_error")
    expect(field_error).to_be_visible()
    label = page.locator("label[for='id_phone']").inner_text().rstrip("*( )").strip()
    assert label.split()[0] not in field_error.inner_text()  # the message repeats no label
    assert "id_phone_error" in page.locator("#id_phone").get_attribute("aria-describedby")
    look("error summary")

    # Nothing was kept from the refused request: the file is chosen again.
    form.fix_the_phone_from_the_summary("13900001111")

    # Check your answers: every answer with its change link.
    expect(page.locator("h1")).to_have_text(t("Check your application"))
    expect(main).to_contain_text(HARDSHIP)
    look("check page")
    form.change_the_hardship(
        "家中失火，房屋受损，急需临时救助", before_saving=lambda: look("change an answer")
    )
    expect(main).to_contain_text("家中失火，房屋受损，急需临时救助")

    form.submit()
    case = Case.objects.get(applicant=resident)
    expect(main).to_contain_text(case.number)
    assert case.form_data["hardship"] == "家中失火，房屋受损，急需临时救助"
    assert case.form_data["phone"] == "13900001111"
    look("submitted")


def _problem(language: str) -> str:
    with translation.override(language):
        return translation.pgettext("error summary", "There is a problem")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_warnings_before_applying(
    shell,
    page,
    live_server,
    resident,  # noqa: F811 - the fixture
    language,
):
    """A second application while a case is open is a warning with a way on; a married
    person registering a marriage is stopped (with the check page's warning as well)."""
    from onewindow.cases import drafts
    from onewindow.cases.registry_data import ensure_catalogue_grants
    from onewindow.catalog.models import ServiceItem
    from onewindow.registry.models import MaritalStatus
    from tests.cases.conftest import valid_form, valid_uploads

    def t(msgid: str) -> str:
        with translation.override(language):
            return translation.gettext(msgid)

    ensure_catalogue_grants()
    item = ServiceItem.objects.get(code=ASSISTANCE)
    draft = drafts.start(applicant=resident, item_code=ASSISTANCE)
    form = {n: str(v) for n, v in valid_form(item).items()} | draft.form_data
    form["bank_account"] = BANK_ACCOUNT
    drafts.save(applicant=resident, draft_id=draft.pk, form=form, uploads=valid_uploads(item))
    case = drafts.submit(applicant=resident, draft_id=draft.pk)

    sign_in(page, live_server, resident, language)
    shell.goto(f"/services/{ASSISTANCE}/apply/")
    main = page.locator("main")
    expect(main.get_by_role("heading", name=t("Before you apply"))).to_be_visible()
    expect(main.get_by_role("link", name=case.number)).to_be_visible()
    shell.check(f"{language} duplicate warning")
    with page.expect_navigation():
        main.get_by_role("button", name=t("Start a new application anyway")).click()
    expect(page.locator("#id_hardship")).to_be_attached()

    registry_services.save_person(
        resident.id_number, resident.real_name, marital_status=MaritalStatus.MARRIED
    )
    shell.goto("/services/440100-MZ-QR-107/apply/")
    expect(main.get_by_role("heading", name=t("This application cannot succeed"))).to_be_visible()
    expect(main.get_by_role("button")).to_have_count(0)
    shell.check(f"{language} married stop")
