"""The officials' workbench in a real browser, in Chinese: the window clerk signs in with a
one-time code, filters the inbox (htmx), opens a case, sends a correction notice from the
checklist after a field error; the supervisor sees the red and yellow cards."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from fpdf import FPDF
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts import services as account_services
from onewindow.accounts.models import Department, Role
from onewindow.cases import services
from onewindow.cases.models import Case, Status
from onewindow.catalog.models import ServiceItem
from tests import catalogue_snapshot
from tests.cases.conftest import PARALLEL, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import restore_migration_data, zh
from tests.factories import PASSWORD, EnterpriseFactory

pytestmark = pytest.mark.browser

SCJG = "440100-SCJG"


def label(msgid: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(zh(msgid))}\s*\*?\s*$")


def floor_plan() -> bytes:
    """A floor plan as a PNG picture."""
    image = Image.new("RGB", (480, 320), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 300), outline="black", width=4)
    draw.rectangle((20, 20, 200, 160), outline="black", width=2)
    draw.line((200, 230, 460, 230), fill="black", width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def rules_pdf() -> bytes:
    """A one-page PDF the browser's viewer can draw."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=20)
    pdf.cell(text="Food safety management rules")
    return bytes(pdf.output())


def official(username: str, role: str, department: str):
    user = account_services.create_official(
        username=username, password=PASSWORD, real_name=username
    )
    account_services.assign_role(
        user=user, department=Department.objects.get(code=department), role=role
    )
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(shell, page, user, device, next_url: str) -> None:
    shell.goto(f"/login/?next={next_url}")
    page.get_by_label(label("Username")).fill(user.username)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label(label("Verification code")).fill(code(device))
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=zh("Sign in")).click()
    expect(page).to_have_url(shell.url(next_url))


@pytest.fixture
def workbench(transactional_db, settings, tmp_path):
    """The catalogue, market regulation's clerk and a supervisor, and cases in every state."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()  # a live-server flush empties the migration-loaded tables
    departments_data.load()
    catalogue_snapshot.load()
    clerk = official("amr_clerk", Role.WINDOW_CLERK, SCJG)
    reviewer = official("amr_reviewer", Role.REVIEWER, SCJG)
    supervisor = official("supervisor", Role.SUPERVISOR, "440100-ZWFW")
    head = official("amr_head", Role.HEAD, SCJG)[0]
    reviewers = {
        code: official(f"r-{code[-4:].lower()}", Role.REVIEWER, code)[0]
        for code in ("440100-SCJG", "440100-XF", "440100-CG")
    }
    item = ServiceItem.objects.get(code=PARALLEL)
    enterprise = EnterpriseFactory()

    def submit(uploads=None):
        return services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=uploads or valid_uploads(item),
        )

    today = timezone.localdate()
    # Decided a month ago and never delivered: a red card in the clerk's inbox.
    with at(today - timedelta(days=40)):
        late = submit()
        services.accept(number=late.number, actor=clerk[0])
        for task in late.tasks.select_related("department"):
            services.approve(task_id=task.pk, actor=reviewers[task.department.code])
        services.decide(number=late.number, actor=head)
    # Accepted three weeks ago, still under review: red across three departments.
    with at(today - timedelta(days=21)):
        stuck = submit()
        services.accept(number=stuck.number, actor=clerk[0])
    services.refresh_flags()
    # New applications waiting for intake; one brings its floor plan as a picture.
    pictured = {"layout": ("layout.png", floor_plan()), "safety_rules": ("rules.pdf", rules_pdf())}
    fresh = [submit(valid_uploads(item) | pictured)]
    fresh += [submit() for _ in range(2)]
    return {
        "clerk": clerk,
        "reviewer": reviewer,
        "supervisor": supervisor,
        "late": late,
        "stuck": stuck,
        "fresh": fresh,
    }


def test_the_clerk_works_the_inbox_and_a_case_in_chinese(shell, page, workbench):
    user, device = workbench["clerk"]
    sign_in(shell, page, user, device, "/workbench/")
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Inbox"))
    rows = page.locator("table.wb-worklist tbody tr")
    expect(rows).to_have_count(4)
    # Oldest due first: the undelivered decision, red, text as well as colour.
    first = rows.first
    expect(first).to_contain_text(workbench["late"].number)
    expect(first).to_contain_text(zh("Red card: overdue"))
    shell.check("inbox")

    # Filtering goes through htmx: the results change in place and the focus follows.
    page.get_by_label(label("Status")).select_option("intake")
    page.get_by_role("button", name=zh("Apply filters")).click()
    expect(page).to_have_url(re.compile(r"status=intake"))
    expect(rows).to_have_count(3)
    expect(page.get_by_role("heading", name=zh("Waiting for you"))).to_be_focused()
    shell.check("inbox-filtered")

    case = workbench["fresh"][0]
    with page.expect_navigation():
        page.get_by_role("link", name=case.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(case.item.name)
    expect(page.locator("#process-diagram")).to_have_attribute("data-rendered", "true")
    # The floor plan is a picture, shown inline; the rules a PDF, opened in place on demand.
    expect(page.locator("img.wb-material-image")).to_be_visible()
    viewers = page.locator("details.wb-viewer")
    pdf = case.materials.get(key="safety_rules")
    material_url = f"/workbench/cases/{case.number}/materials/{pdf.pk}/"
    viewer = viewers.filter(has=page.locator(f"iframe[src='{material_url}']"))
    with page.expect_response(lambda r: r.url.endswith(material_url)) as framed:
        viewer.locator("summary").click()
    assert framed.value.headers["content-type"] == "application/pdf"
    expect(viewer.locator("iframe")).to_be_visible()
    shell.check("case")

    # A ticked material without its problem: the error is announced and focused.
    page.get_by_text(zh("Send the correction notice"), exact=True).first.click()
    correction = page.locator(f"form[action='/workbench/cases/{case.number}/correction/']")
    correction.locator("input[name='pick_layout']").check()
    with page.expect_navigation():
        correction.get_by_role("button", name=zh("Send the correction notice")).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(zh("Say what is missing or wrong."))
    shell.check("case-correction-error")

    correction = page.locator(f"form[action='/workbench/cases/{case.number}/correction/']")
    correction.locator("textarea[name='problem_layout']").fill("请标注主要设备的位置")
    with page.expect_navigation():
        correction.get_by_role("button", name=zh("Send the correction notice")).click()
    expect(page.locator(".messages")).to_contain_text(
        zh("The correction notice has been sent to the applicant.")
    )
    assert Case.objects.get(pk=case.pk).status == Status.CORRECTION
    shell.check("case-after-correction")

    # The undelivered decision: the delivery form, its method as a labelled radio group.
    shell.goto(f"/workbench/cases/{workbench['late'].number}/")
    delivery = page.get_by_role("group", name=zh("Delivery method"))
    delivery.get_by_label(zh("Postal delivery")).check()
    page.get_by_label(label("Tracking number")).fill("SF1234567890")
    shell.check("delivery-form")


def test_a_reviewer_sees_the_review_and_clock_actions_on_a_phone(shell, page, workbench):
    user, device = workbench["reviewer"]
    case = workbench["stuck"]
    sign_in(shell, page, user, device, "/workbench/")
    expect(page.locator("table.wb-worklist tbody tr").first).to_contain_text(
        zh("Red card: overdue")
    )
    shell.goto(f"/workbench/cases/{case.number}/")
    for summary in page.locator("details.wb-action > summary").all():
        summary.click()  # open deny, supplement, pause and extension
    expect(page.get_by_role("button", name=zh("Approve"), exact=True)).to_be_visible()
    expect(page.get_by_label(label("Reasons for the denial"))).to_be_visible()
    shell.check("review-actions")


def test_the_supervisor_sees_red_and_yellow_cards_per_department(shell, page, workbench):
    user, device = workbench["supervisor"]
    sign_in(shell, page, user, device, "/workbench/supervision/")
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("e-Supervision"))
    counts = page.locator("table.wb-counts tbody tr")
    expect(counts.filter(has_text="广州市市场监督管理局")).to_contain_text("2")
    expect(page.locator("table.wb-worklist tbody tr")).to_have_count(2)
    shell.check("supervision")
