"""The admin in a real browser (issue 18, finding 6): a security administrator signs in with a
one-time code; an official's page has no control for superuser or staff status or the account
kind; "reset password" leads to a request that a second security administrator approves.
Django's admin is not our layout, so these pages are photographed, not axe-gated."""

import re

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import CredentialChangeRequest, Role
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS_DIR, Shell, new_page
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def admins(transactional_db, settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    first = official("anquan1", Role.SECURITY_ADMINISTRATOR, "440100-ZWFW")
    second = official("anquan2", Role.SECURITY_ADMINISTRATOR, "440100-ZWFW")
    target, _device = official("chen_reviewer", Role.REVIEWER, "440100-SCJG")
    return first, second, target


def photograph(page, name: str) -> None:
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS_DIR / f"admin-{name}-{size_name}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_the_user_page_offers_no_privilege_and_a_reset_needs_a_second_person(
    browser, live_server, admins
):
    (first, first_device), (second, second_device), target = admins
    page = new_page(browser)
    shell = Shell(page, live_server, "admin")
    sign_in(shell, page, first, first_device, f"/admin/accounts/user/{target.pk}/change/")
    expect(page.locator("#content h1")).to_be_visible()
    for name in ("is_superuser", "is_staff", "kind", "groups", "user_permissions"):
        expect(page.locator(f'[name="{name}"]')).to_have_count(0)
    expect(page.locator('input[name="is_active"]')).to_be_visible()
    expect(page.locator(".field-kind .readonly")).to_have_text(zh("Official"))
    photograph(page, "user-change")

    # "Reset password" opens a request, prefilled, not a new-password form.
    page.goto(f"{live_server.url}/admin/accounts/user/{target.pk}/password/")
    expect(page.locator('[name="password1"]')).to_have_count(0)
    expect(page.locator('select[name="kind"]')).to_have_value("password_reset")
    page.locator('[name="reason"]').fill("本人忘记密码，电话核实身份")
    photograph(page, "credential-request")
    with page.expect_navigation():
        page.locator('input[name="_save"]').click()
    change = CredentialChangeRequest.objects.get(target=target)
    assert change.state == "pending"
    page.context.close()

    # The second security administrator approves; the secret is shown to them once.
    page = new_page(browser)
    shell = Shell(page, live_server, "admin")
    sign_in(shell, page, second, second_device, "/admin/accounts/credentialchangerequest/")
    page.locator(f'input[name="_selected_action"][value="{change.pk}"]').check()
    page.locator('select[name="action"]').select_option("approve")
    with page.expect_navigation():
        page.locator('button[name="index"]').click()
    secret = page.locator("code.temporary-password").inner_text()
    assert re.fullmatch(r"[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}", secret)
    photograph(page, "credential-approved")
    target.refresh_from_db()
    assert target.check_password(secret)
    assert not target.check_password(PASSWORD)
    page.context.close()
