"""E-certificates in a real browser: the enterprise's wallet and certificate page with the PDF
download, and the public verification page (asking for the code, valid, then revoked) in
Chinese and English."""

import re
from datetime import date

import pytest
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.catalog.models import CertificateType
from onewindow.certificates import services
from tests import catalogue_snapshot
from tests.browser.test_registry_pages import sign_in_applicant
from tests.browser.test_workbench_pages import label, sign_in
from tests.cases.conftest import Staff
from tests.cases.test_single_department_lifecycle import at
from tests.certificates.conftest import grant_food_licence
from tests.conftest import restore_migration_data, zh
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def holder(transactional_db):
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()
    enterprise = EnterpriseFactory()
    certificate = services.issue(
        certificate_type=CertificateType.objects.get(code="food_business_licence"),
        holder=services.HolderIdentity.of(enterprise),
        facts=services.Facts(
            form={
                "business_format": "餐饮服务经营者",
                "premises_address": "广州市天河区天河路385号首层",
                "division": "440106",
            },
            form_schema={"properties": {"division": {"type": "string", "format": "division"}}},
        ),
        valid_from=date(2026, 11, 2),
    )
    return enterprise, certificate


def test_wallet_certificate_page_and_verification(shell, page, holder):
    enterprise, certificate = holder
    sign_in_applicant(shell, page, enterprise, "/my/certificates/")
    main = page.get_by_role("main")
    expect(main).to_contain_text(certificate.number)
    expect(main).to_contain_text(zh("Valid"))
    shell.check("wallet")

    with page.expect_navigation():
        main.get_by_role("link", name="食品经营许可证").click()
    expect(main).to_contain_text("广州市天河区天河路385号首层")
    expect(main).to_contain_text("天河区")
    code = certificate.verification_code
    with translation.override("zh-hans"):
        code_label = translation.pgettext("certificate", "Verification code")
    expect(main).to_contain_text(f"{code[:5]}-{code[5:]}")
    with page.expect_download() as download:
        main.get_by_role("link", name=zh("Download PDF")).click()
    assert download.value.suggested_filename == f"{certificate.number}.pdf"
    shell.check("certificate")

    # Someone who only knows the number is asked for the code printed next to it.
    page.context.clear_cookies()
    shell.goto(f"/certificates/verify/{certificate.number}/")
    expect(page.get_by_role("status")).to_contain_text(code_label)
    expect(page.get_by_label(zh("Certificate number"))).to_have_value(certificate.number)
    shell.check("verify-asks-for-the-code")
    page.get_by_label(re.compile(rf"^\s*{code_label}")).fill(f"{code[:5].lower()} {code[5:]}")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Verify"), exact=True).click()
    heading = zh("Certificate %(number)s") % {"number": certificate.number}
    verdict = page.get_by_role("region", name=f"{heading}: {zh('Valid')}")
    expect(verdict).to_contain_text(zh("Valid"))
    expect(verdict).to_contain_text("广州市市场监督管理局")
    expect(verdict).not_to_contain_text("天河路385号")  # printed fields are not published
    shell.check("verify-valid")

    services.revoke(
        number=certificate.number,
        actor=Staff().head("440100-SCJG"),
        reason="经营场所已不具备食品安全条件，依法撤销",
    )
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": shell.url("/")}])
    shell.goto("/certificates/verify/")
    page.get_by_label("Certificate number").fill(certificate.number)
    page.get_by_label("Verification code").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Verify", exact=True).click()
    verdict = page.get_by_role("region", name=f"Certificate {certificate.number}: Revoked")
    expect(verdict).to_contain_text("经营场所已不具备食品安全条件，依法撤销")
    shell.check("verify-revoked-en")


def test_the_workbench_shows_a_reused_certificate_and_the_head_revokes_a_granted_one(
    shell, page, holder, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    enterprise, _food_licence = holder
    staff = Staff()
    with at(date(2026, 10, 1)):
        business = services.issue(
            certificate_type=CertificateType.objects.get(code="business_licence"),
            holder=services.HolderIdentity.of(enterprise),
            facts=services.Facts(form={"company_type": "有限责任公司", "address": "天河区"}),
        )
    case = grant_food_licence(staff, enterprise)
    head = staff.head("440100-SCJG")
    device = TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    sign_in(shell, page, head, device, f"/workbench/cases/{case.number}/")
    main = page.get_by_role("main")
    expect(main).to_contain_text(business.number)
    expect(main).to_contain_text(zh("Seal verified, in force"))
    expect(main.get_by_role("heading", name=zh("E-certificate issued"))).to_be_visible()
    shell.check("workbench-case-with-certificates")

    main.get_by_text(zh("Revoke the e-certificate")).click()
    main.get_by_label(label("Reason for revoking the certificate")).fill("许可条件已不具备")
    with page.expect_navigation():
        main.get_by_role("button", name=zh("Revoke the certificate")).click()
    expect(page.get_by_role("status")).to_contain_text(
        zh("The certificate is revoked; verification now shows it as revoked.")
    )
    expect(main).to_contain_text("许可条件已不具备")
    shell.check("workbench-certificate-revoked")
