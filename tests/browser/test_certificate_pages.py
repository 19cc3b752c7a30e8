"""E-certificates in a real browser: the enterprise's wallet and certificate page with the PDF
download, and the public verification page (valid, then revoked) in Chinese and English."""

from datetime import date

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.catalog.models import CertificateType
from onewindow.catalog.services import load_catalogue
from onewindow.certificates import services
from tests.browser.test_registry_pages import sign_in_applicant
from tests.cases.conftest import Staff
from tests.conftest import restore_migration_data, zh
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def holder(transactional_db):
    restore_migration_data()
    departments_data.load()
    load_catalogue()
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
    with page.expect_download() as download:
        main.get_by_role("link", name=zh("Download PDF")).click()
    assert download.value.suggested_filename == f"{certificate.number}.pdf"
    shell.check("certificate")

    page.context.clear_cookies()
    shell.goto(f"/certificates/verify/{certificate.number}/")
    expect(page.get_by_role("heading", level=2).first).to_contain_text(zh("Valid"))
    shell.check("verify-valid")

    services.revoke(
        number=certificate.number,
        actor=Staff().head("440100-SCJG"),
        reason="经营场所已不具备食品安全条件，依法撤销",
    )
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": shell.url("/")}])
    shell.goto("/certificates/verify/")
    page.get_by_label("Certificate number").fill(certificate.number)
    with page.expect_navigation():
        page.get_by_role("button", name="Verify", exact=True).click()
    verdict = page.get_by_role("region", name=f"Certificate {certificate.number}: Revoked")
    expect(verdict).to_contain_text("经营场所已不具备食品安全条件，依法撤销")
    shell.check("verify-revoked-en")
