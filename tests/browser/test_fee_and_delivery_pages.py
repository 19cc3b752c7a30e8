"""A fee in a real browser at both widths: the applicant sees the payment notice and its
status and chooses postal delivery; the service centre's window clerk sees "fee due" and
records the payment at the counter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from onewindow.accounts import services as account_services
from onewindow.accounts.models import User
from onewindow.cases.models import Case
from onewindow.demo import fees as demo_fees
from onewindow.payments.models import FeeNotice, FeeStatus
from tests.browser.test_case_scenario import Desk, demo  # noqa: F401 - the demo fixture
from tests.conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("_artifact_dirs")]


@pytest.fixture
def unpaid(demo):  # noqa: F811 - the fixture imported above
    """The demo's unpaid fee case (a year without its holiday schedule is counted Monday to
    Friday, its dates provisional)."""
    demo_fees.ensure()
    return Case.objects.get(idempotency_key="demo-fee-unpaid")


def test_the_applicant_sees_the_fee_and_the_window_records_it(browser, live_server, unpaid):
    notice = FeeNotice.objects.get(case_number=unpaid.number)
    applicant = Desk(browser, live_server, "fee-applicant", "citizen")
    page, shell = applicant.page, applicant.shell
    shell.goto(f"/my/cases/{unpaid.number}/")
    fees = page.locator("section[aria-labelledby=fees-heading]")
    expect(fees).to_contain_text(notice.reference)
    expect(fees).to_contain_text(zh("Fee due"))
    shell.check("fee-due")
    page.get_by_role("radio", name=zh("Postal delivery")).check()
    page.locator("#delivery-address").fill("广州市天河区体育西路103号 张晓明 13800138000")
    applicant.click(page.get_by_role("button", name=zh("Save my choice")))
    expect(page.get_by_text(zh("Your choice of delivery is recorded."))).to_be_visible()
    shell.check("delivery-chosen")

    clerk_user = User.objects.get(username="clerk")
    device = account_services.enrol_totp_device(user=clerk_user, name="phone")
    clerk = Desk(browser, live_server, "fee-clerk", "clerk", device)
    clerk.shell.goto(f"/workbench/cases/{unpaid.number}/")
    page = clerk.page
    page.get_by_text(zh("Record payment at the counter")).click()
    page.get_by_label(zh("Amount received (yuan)")).fill("60.00")
    page.get_by_label(zh("Receipt number")).fill("GZFS2026000777")
    clerk.shell.check("fee-payment-form")
    clerk.click(page.get_by_role("button", name=zh("Record the payment")))
    expect(
        page.get_by_text(zh("The payment is recorded; the result can now be handed out."))
    ).to_be_visible()
    clerk.shell.check("fee-paid")
    assert FeeNotice.objects.get(pk=notice.pk).status == FeeStatus.PAID
    applicant.context.close()
    clerk.context.close()
