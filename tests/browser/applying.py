"""The steps of applying for 临时救助申请 (440100-MZ-GG-505) in a browser, shared by the apply
journey (test_apply_journey.py) and the citizen's whole journey (test_citizen_journey.py):
sign in, fill the form section by section (one section per step on a phone), continue to the
check page, fix an error from the summary's link, change an answer through its 修改 link."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.registry import services as registry_services
from tests import catalogue_snapshot
from tests.cases.conftest import pdf_bytes
from tests.conftest import restore_migration_data
from tests.factories import CitizenFactory

ASSISTANCE = "440100-MZ-GG-505"  # 临时救助申请: applicant, contact, hardship, bank account
HARDSHIP = "家中失火，急需临时救助"
BANK_ACCOUNT = "6222020200112233445"


@pytest.fixture
def resident(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_REQUIRE_OTP = False
    restore_migration_data()  # a live-server flush empties the migration-loaded tables
    departments_data.load()
    catalogue_snapshot.load()
    resident = CitizenFactory()
    registry_services.save_person(
        resident.id_number, resident.real_name, household_division="440106013"
    )
    return resident


def sign_in(page, live_server, user, language: str) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url},
            {
                "name": django_settings.LANGUAGE_COOKIE_NAME,
                "value": language,
                "url": live_server.url,
            },
        ]
    )


def hardship_title(language: str) -> str:
    """The hardship field's title, as its 修改 link names it."""
    return "What happened" if language == "en" else "困难情况"


class AssistanceForm:
    """The open application form of 临时救助申请, in ``language``, on a phone or not."""

    def __init__(self, page, language: str, phone: bool, tmp_path):
        self.page, self.language, self.phone = page, language, phone
        self.proof = tmp_path / "proof.pdf"
        self.proof.write_bytes(pdf_bytes("proof"))

    def t(self, msgid: str) -> str:
        with translation.override(self.language):
            return translation.gettext(msgid)

    def next_step(self) -> None:
        """On a phone the form goes one section at a time."""
        if self.phone:
            self.page.get_by_role("button", name=self.t("Next"), exact=True).click()

    def fill(self, phone_number: str) -> None:
        """Every section, with ``phone_number`` as the contact phone."""
        page = self.page
        page.locator("#id_phone").fill(phone_number)
        self.next_step()
        page.locator("#id_hardship").fill(HARDSHIP)
        page.locator("#id_bank_account").fill(BANK_ACCOUNT)
        self.next_step()

    def continue_to_check(self) -> None:
        """Attach the proof (a refused request keeps no file) and go on to the check page."""
        self.page.locator("#id_materials_hardship_proof").set_input_files(str(self.proof))
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=self.t("Continue to check")).click()

    def fix_the_phone_from_the_summary(self, phone_number: str) -> None:
        """The error summary's first link leads to the phone field; correct it and go on."""
        summary = self.page.locator("[data-error-summary]")
        summary.get_by_role("link").first.click()
        expect(self.page.locator("#id_phone")).to_be_focused()
        self.page.locator("#id_phone").fill(phone_number)
        self.next_step()
        self.next_step()
        self.continue_to_check()

    def change_the_hardship(self, text: str, before_saving=None) -> None:
        """From the check page: the answer's 修改 link, a new text, back to the check page."""
        page = self.page
        name = f"{self.t('Change')} {hardship_title(self.language)}"
        with page.expect_navigation():
            page.locator("main").get_by_role("link", name=name).click()
        expect(page.locator("#id_hardship")).to_be_focused()
        expect(page.locator("#id_hardship")).to_be_visible()
        page.locator("#id_hardship").fill(text)
        if before_saving is not None:
            before_saving()
        with page.expect_navigation():
            page.get_by_role("button", name=self.t("Save and go back to the check page")).click()
        expect(page.locator("h1")).to_have_text(self.t("Check your application"))

    def submit(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=self.t("Submit application")).click()
