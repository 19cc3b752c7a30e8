"""The whole case in a real browser, with the demo accounts: an enterprise applies for a
three-department service, the window clerk sends a correction notice, the applicant answers it,
the clerk accepts, three departments approve, the head decides, and the applicant downloads
the decision and rates the service.

Officials sign in with their password and a TOTP code, as outside dev mode. Every page is
scanned with axe-core and photographed at 1280 and 375 px (``shell.check``).
"""

import io
import re

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from playwright.sync_api import expect
from pypdf import PdfReader

from onewindow.accounts import services as account_services
from onewindow.accounts.models import User
from onewindow.cases import services as case_services
from onewindow.cases.models import Case, Rating, Status
from onewindow.catalog.form_schema import field_kind
from onewindow.catalog.models import ServiceItem
from onewindow.demo.accounts import DEFAULT_PASSWORD
from tests.browser.conftest import Shell, new_page
from tests.cases.conftest import PARALLEL, pdf_bytes, valid_value
from tests.conftest import restore_migration_data, zh

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("_artifact_dirs")]

REVIEWERS = ("amr_reviewer", "fire_reviewer", "cg_reviewer")
OFFICIALS = ("amr_clerk", *REVIEWERS, "amr_head")


def exactly(msgid: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(zh(msgid))}\s*$")


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """`onewindow demo`, with every official holding an authenticator app."""
    settings.ONEWINDOW_REQUIRE_OTP = True
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_migration_data()
    call_command("demo", json=True, stdout=io.StringIO())
    return {
        username: account_services.enrol_totp_device(
            user=User.objects.get(username=username), name="phone"
        )
        for username in OFFICIALS
    }


def totp_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


class Desk:
    """One person's own browser window, signed in once."""

    def __init__(
        self, browser, live_server, name: str, username: str, device=None, *, cookies=None
    ):
        self.page = new_page(browser, accept_downloads=True)
        self.context = self.page.context
        if cookies:
            self.context.add_cookies(
                [{"name": k, "value": v, "url": live_server.url} for k, v in cookies.items()]
            )
        self.shell = Shell(self.page, live_server, f"scenario-{name}")
        # Officials land on their workbench; applicants are sent to their account page here.
        self.shell.goto("/login/" if device is not None else "/login/?next=/account/")
        self.page.fill("[name=username]", username)
        self.page.fill("[name=password]", DEFAULT_PASSWORD)
        if device is not None:
            self.page.fill("[name=otp_token]", totp_code(device))
        with self.page.expect_navigation():
            self.page.locator("form.form button[type=submit]").last.click()
        expect(self.page.locator("form[action='/logout/'] button")).to_be_visible()

    def click(self, locator) -> None:
        with self.page.expect_navigation():
            locator.click()

    def open_case(self, number: str) -> None:
        """From the workbench inbox to the case page."""
        self.shell.goto("/workbench/")
        self.click(self.page.get_by_role("link", name=number))
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()


def fill_application(page, item: ServiceItem, prefilled: set[str]) -> None:
    for name, field in item.form_schema["properties"].items():
        kind = field_kind(field)
        if kind == "file" or name in prefilled:
            continue
        value = str(valid_value(field))
        control = page.locator(f"[name={name}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    for material in item.materials.all():
        if material.source_kind == "upload" and material.requirement == "mandatory":
            page.set_input_files(
                f"[name='materials.{material.key}']",
                {
                    "name": f"{material.key}.pdf",
                    "mimeType": "application/pdf",
                    "buffer": pdf_bytes(material.key),
                },
            )


def test_a_three_department_case_then_the_pages_in_english_with_large_text(
    browser, live_server, demo
):
    """On one demo world (building it takes a while): the whole case in Chinese, then the same
    pages in English and the large-text mode."""
    _three_department_case_from_application_to_rating(browser, live_server, demo)
    _the_hall_and_the_workbench_in_english_with_large_text(browser, live_server, demo)


def _three_department_case_from_application_to_rating(browser, live_server, demo):
    item = ServiceItem.objects.get(code=PARALLEL)
    enterprise = User.objects.get(username="enterprise")
    applicant = Desk(browser, live_server, "applicant", "enterprise")
    page, shell = applicant.page, applicant.shell

    # The guide leads to the online application, prefilled from the real-name account.
    shell.goto(f"/services/{PARALLEL}/")
    applicant.click(page.get_by_role("link", name=zh("Apply online")))
    expect(page.locator("[name=uscc]")).to_have_value(enterprise.uscc)
    expect(page.get_by_text(zh("From your real-name account")).first).to_be_visible()
    shell.check("apply-form")

    # The USCC names the applicant: it comes from the account and cannot be edited.
    expect(page.locator("[name=uscc]")).to_have_attribute("readonly", "")
    # A wrong phone number is named as soon as the field is left, without submitting anything.
    phone = page.locator("[name=contact_phone]")
    phone.fill("1234567")
    phone.press("Tab")
    expect(phone).to_have_attribute("aria-invalid", "true")
    shell.check("inline-error")
    phone.fill("13912345678")
    phone.press("Tab")
    expect(page.locator("[name=contact_phone]")).not_to_have_attribute("aria-invalid", "true")

    fill_application(page, item, prefilled={"uscc", "contact_phone"})
    applicant.click(page.get_by_role("button", name=zh("Continue to check")))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Check your application"))
    shell.check("review")
    applicant.click(page.get_by_role("button", name=zh("Submit application")))
    # The demo's enterprise has cases of its own already: this one is the newest.
    case = Case.objects.filter(applicant=enterprise, item=item).latest("pk")
    expect(page.get_by_role("heading", level=1)).to_have_text(item.name)
    expect(page.get_by_text(case.number).first).to_be_visible()
    shell.check("submitted")

    # The window clerk of the lead department sends one correction notice from the checklist.
    clerk = Desk(browser, live_server, "amr-clerk", "amr_clerk", demo["amr_clerk"])
    clerk.shell.goto("/workbench/")
    clerk.shell.check("inbox")
    clerk.open_case(case.number)
    clerk.shell.check("case-intake")
    clerk.page.get_by_text(zh("Send the correction notice")).first.click()
    checklist = clerk.page.locator(".wb-check-item").first
    checklist.locator("input[type=checkbox]").check()
    checklist.locator("textarea, input[type=text]").first.fill("印章不清晰，请重新上传")
    clerk.click(clerk.page.get_by_role("button", name=zh("Send the correction notice")))
    assert Case.objects.get(pk=case.pk).status == Status.CORRECTION

    # The applicant sees the notice on the case page and uploads the corrected material.
    shell.goto(f"/my/cases/{case.number}/")
    expect(page.get_by_text("印章不清晰，请重新上传")).to_be_visible()
    shell.check("correction-notice")
    upload = page.locator("form[action$='/resubmit/'] input[type=file]")
    assert upload.count() == 1
    upload.set_input_files(
        {"name": "corrected.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("fixed")}
    )
    applicant.click(page.get_by_role("button", name=zh("Send the materials")))
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED

    # Accepted: three departments review at once, each seeing only its own task.
    clerk.open_case(case.number)
    clerk.click(clerk.page.get_by_role("button", name=exactly("Accept")))
    assert Case.objects.get(pk=case.pk).status == Status.IN_REVIEW
    for number, username in enumerate(REVIEWERS):
        reviewer = Desk(browser, live_server, username, username, demo[username])
        reviewer.open_case(case.number)
        if number == 0:
            reviewer.page.locator("[name=conditions]").fill("经营场所须保持清洁卫生")
            reviewer.shell.check("review-task")
        reviewer.click(reviewer.page.get_by_role("button", name=exactly("Approve")))
        reviewer.context.close()
    assert Case.objects.get(pk=case.pk).status == Status.AWAITING_DECISION

    head = Desk(browser, live_server, "amr-head", "amr_head", demo["amr_head"])
    head.open_case(case.number)
    head.shell.check("decision")
    head.click(head.page.get_by_role("button", name=zh("Issue the decision")))
    case.refresh_from_db()
    assert case.outcome == "granted"

    # The applicant downloads the decision (a PDF in Chinese) and rates the service.
    shell.goto(f"/my/cases/{case.number}/")
    shell.check("decided")
    decision = case.documents.get(kind="decision")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(re.escape(decision.number))).click()
    pdf = download.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert case.number in text
    assert "准予" in text
    page.get_by_label(zh("Very satisfied")).check()
    page.get_by_label(zh("Comment (optional)")).fill("一次都没跑，很方便")
    applicant.click(page.get_by_role("button", name=zh("Send rating")))
    expect(page.get_by_role("heading", name=zh("Your rating"))).to_be_visible()
    shell.check("rated")
    assert Rating.objects.get(case=case).score == 5

    # Every step reached the applicant's inbox.
    shell.goto("/my/messages/")
    expect(page.get_by_text(case.number).first).to_be_visible()
    shell.check("messages")
    for desk in (applicant, clerk, head):
        desk.context.close()


def _the_hall_and_the_workbench_in_english_with_large_text(browser, live_server, demo):
    """The same pages in English and in the large-text mode (关怀模式), at desktop and phone size."""
    item = ServiceItem.objects.get(code=PARALLEL)
    enterprise = User.objects.get(username="enterprise")
    form = {  # the fields naming the applicant are filled from the account
        name: valid_value(field)
        for name, field in item.form_schema["properties"].items()
        if field_kind(field) != "file" and "applicant" not in field
    }
    uploads = {
        m.key: (f"{m.key}.pdf", pdf_bytes(m.key))
        for m in item.materials.all()
        if m.source_kind == "upload" and m.requirement == "mandatory"
    }
    case = case_services.submit(
        applicant=enterprise, item_code=PARALLEL, form=form, uploads=uploads
    )
    english = {"django_language": "en", "ow_care": "1"}

    applicant = Desk(browser, live_server, "en-applicant", "enterprise", cookies=english)
    page, shell = applicant.page, applicant.shell
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_class(re.compile(r"\bcare\b"))
    shell.goto(f"/services/{PARALLEL}/")
    applicant.click(page.get_by_role("link", name="Apply online"))
    # The enterprise has this case open: a second application is a deliberate act.
    expect(page.get_by_role("heading", name="Before you apply")).to_be_visible()
    shell.check("apply-warning")
    applicant.click(page.get_by_role("button", name="Start a new application anyway"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apply:")
    expect(page.get_by_text("From your real-name account").first).to_be_visible()
    shell.check("apply-form")
    shell.goto("/my/cases/")
    expect(page.locator(f"a[href='/my/cases/{case.number}/']")).to_have_text(item.name_en)
    shell.check("my-cases")
    shell.goto(f"/my/cases/{case.number}/")
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    expect(page.locator("ol.case-steps li[aria-current=step]")).to_have_count(1)
    shell.check("case")

    clerk = Desk(
        browser, live_server, "en-amr-clerk", "amr_clerk", demo["amr_clerk"], cookies=english
    )
    clerk.shell.goto("/workbench/")
    expect(clerk.page.get_by_role("link", name=case.number)).to_be_visible()
    clerk.shell.check("inbox")
    clerk.open_case(case.number)
    expect(clerk.page.get_by_role("button", name="Accept", exact=True)).to_be_visible()
    clerk.shell.check("case")
    applicant.context.close()
    clerk.context.close()
