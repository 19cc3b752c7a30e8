"""Credit repair in a real browser: the enterprise, on a phone in Chinese, finds last year's
paid penalty repairable, is told what is missing when it sends an empty form, then applies
with its evidence and the credit commitment; the head, on a desktop in English, reads the
application with the conditions checked and grants it; the public credit record no longer shows
the penalty. Every page axe-clean at 375 and 1280 px (shell.check)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from onewindow.market import penalties, serious_list
from onewindow.market.credit_models import ListEntry, RepairApplication, RepairStatus
from onewindow.market.penalty_models import BandLevel, Publication
from tests.browser.applying import sign_in
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_market_penalties import world  # noqa: F401 - the penalty world
from tests.cases.conftest import pdf_bytes
from tests.conftest import zh
from tests.market.test_credit_repair import decided

pytestmark = pytest.mark.browser


def test_a_paid_penalty_repaired_on_a_phone_and_granted_on_a_desktop(
    shell,
    page,
    live_server,
    world,  # noqa: F811 - the imported fixture
    tmp_path,
):
    case, publication, party, officer = decided(world, BandLevel.ORDINARY, "20000")
    penalties.record_payment(case, actor=officer, paid_on=date(2026, 5, 6))
    # published a year and more ago (the repair of a food penalty waits a year)
    Publication.objects.filter(pk=publication.pk).update(published_on=date(2025, 11, 3))
    evidence = tmp_path / "缴款凭证.pdf"
    evidence.write_bytes(pdf_bytes("缴款凭证"))

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, party, "zh-hans")
    shell.goto("/my/credit-repair/")
    page.set_viewport_size(PHONE)
    shell.check("enterprise records")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Apply for credit repair")).click()
    shell.check("application form")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send the application")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.problems.clear()  # the 400 of the form sent back with its errors, as meant
    shell.check("application form with errors")
    assert not RepairApplication.objects.exists()
    page.get_by_label(zh("What the enterprise did to put things right")).fill(
        "已缴清罚款，更换消毒柜并建立消毒记录。"
    )
    page.get_by_label(zh("Evidence (PDF, JPG, PNG or OFD)")).set_input_files(str(evidence))
    page.get_by_label(zh("I sign the credit commitment above")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send the application")).click()
    application = RepairApplication.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)
    shell.check("application sent")

    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, world.head, "en")
    shell.goto("/workbench/market/repairs/")
    shell.check("head queue")
    with page.expect_navigation():
        page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_text("Met", exact=True)).to_be_visible()
    shell.check("head application")
    page.get_by_label("Grant: the record ends today").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text(f"Credit repair {application.reference} is granted.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == RepairStatus.GRANTED

    shell.goto(f"/market/credit/{case.entity.uscc}/")
    expect(page.get_by_text("No penalty decision is in its publication period.")).to_be_visible()
    shell.check("public record after repair")


def test_the_city_consents_to_a_district_listing_in_both_languages(
    shell,
    page,
    live_server,
    world,  # noqa: F811 - the imported fixture
):
    case, *_rest = decided(world, BandLevel.HEAVIER, "40000", ["warning"])
    proposal = serious_list.list_serious(
        case, actor=world.head, grounds="一年内再次违法，造成食源性疾病。"
    )

    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, world.city_head, "en")
    shell.goto("/workbench/")
    with page.expect_navigation():
        page.locator(".wb-subnav").get_by_role("link", name="Listings to consent to").click()
    expect(page.get_by_text(case.number, exact=False)).to_be_visible()
    shell.check("listings to consent to")
    page.get_by_label("Refuse", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".wb-error-summary")).to_be_visible()
    page.problems.clear()  # the 400 of the form sent back with its errors, as meant
    shell.check("refusal without reasons")
    assert not ListEntry.objects.exists()

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world.city_head, "zh-hans")
    shell.goto("/workbench/market/listings/")
    page.set_viewport_size(PHONE)
    page.get_by_label(zh("Agree: the enterprise is listed today")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Record the decision")).click()
    expect(page.get_by_text(zh("Agreed"), exact=False).first).to_be_visible()
    shell.check("listing agreed")
    proposal.refresh_from_db()
    assert proposal.status == "agreed"
    assert ListEntry.objects.get().penalty == case
