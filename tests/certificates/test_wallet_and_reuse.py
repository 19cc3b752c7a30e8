"""The holder's wallet, and a later application that reuses a held certificate (免提交):
attached by reference, no upload asked for, shown verified to the reviewers."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from onewindow.cases import services as case_services
from onewindow.catalog.models import ServiceItem
from onewindow.certificates import services
from onewindow.certificates.models import Certificate
from tests.cases.conftest import PARALLEL, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.certificates.conftest import without_csrf
from tests.conftest import zh
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.workbench.conftest import SCJG, signed_in, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


def apply_for_food_licence(applicant):
    item = ServiceItem.objects.get(code=PARALLEL)
    with at(date(2026, 11, 2)):
        return case_services.submit(
            applicant=applicant,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )


def test_a_later_application_reuses_the_held_certificate(staff, enterprise, business_licence):
    case = apply_for_food_licence(enterprise)
    licence = case.materials.get(key="licence")
    assert licence.certificate == business_licence
    assert not licence.file
    assert case.materials.get(key="id_card").certificate is None  # not held: no e-ID here

    reviewer = signed_in(staff.reviewer(SCJG))
    page = text(reviewer.get(f"/workbench/cases/{case.number}/"))
    assert business_licence.number in page
    assert zh("Seal verified, in force") in page
    assert "有限责任公司（自然人投资或控股）" in page  # the certificate's data, shown

    with at(date(2026, 11, 3)):
        services.revoke(
            number=business_licence.number, actor=staff.head(SCJG), reason="虚假登记，依法撤销"
        )
    page = text(reviewer.get(f"/workbench/cases/{case.number}/"))
    assert "虚假登记，依法撤销" in page
    assert zh("Seal verified, in force") not in page


def test_another_enterprise_gets_no_one_elses_certificate(staff, enterprise, business_licence):
    other = EnterpriseFactory()
    case = apply_for_food_licence(other)
    assert case.materials.get(key="licence").certificate is None


def test_a_revoked_certificate_is_not_attached(staff, enterprise, business_licence):
    with at(date(2026, 10, 20)):
        services.revoke(number=business_licence.number, actor=staff.head(SCJG), reason="已注销")
    case = apply_for_food_licence(enterprise)
    assert case.materials.get(key="licence").certificate is None


def test_the_holder_lists_and_downloads_only_their_own(staff, enterprise, business_licence):
    holder = signed_in(enterprise)
    wallet = text(holder.get("/my/certificates/"))
    assert business_licence.number in wallet
    pdf = holder.get(f"/my/certificates/{business_licence.number}/pdf/")
    assert pdf.status_code == 200
    assert pdf.content[:5] == b"%PDF-"
    signed = holder.get(f"/my/certificates/{business_licence.number}/signed.json")
    assert signed.json()["certificate"]["holder"]["id"] == enterprise.uscc

    for stranger in (EnterpriseFactory(), CitizenFactory()):
        client = signed_in(stranger)
        assert business_licence.number not in text(client.get("/my/certificates/"))
        assert client.get(f"/my/certificates/{business_licence.number}/").status_code == 404
        assert client.get(f"/my/certificates/{business_licence.number}/pdf/").status_code == 404
        api = client.get("/api/v1/me/certificates/")
        assert api.json() == []
        assert client.get(f"/api/v1/me/certificates/{business_licence.number}/").status_code == 404
    official = signed_in(staff.head(SCJG))
    assert official.get(f"/my/certificates/{business_licence.number}/").status_code == 404
    assert Client().get("/my/certificates/").status_code == 302  # sign in first


def test_a_citizens_certificate_is_public_only_masked(catalogue, citizen):
    from onewindow.catalog.models import CertificateType

    with at(date(2026, 10, 1)):
        certificate = services.issue(
            certificate_type=CertificateType.objects.get(code="talent_certificate"),
            holder=services.HolderIdentity.of(citizen),
            facts=services.Facts(form={"talent_category": "B类"}),
        )
    page = text(
        Client().get(
            f"/certificates/verify/{certificate.number}/",
            {"code": certificate.verification_code},
        )
    )
    assert zh("Valid") in page
    assert citizen.id_number not in page
    assert citizen.real_name not in page
    assert citizen.id_number[:4] + "*" not in page  # not even masked
    assert "B类" not in page  # nor the printed fields
    mine = text(signed_in(citizen).get(f"/my/certificates/{certificate.number}/"))
    assert citizen.real_name in mine
    assert citizen.id_number not in mine
    assert citizen.id_number[:4] + "*" in mine
    assert "B类" in mine
    code = certificate.verification_code
    assert f"{code[:5]}-{code[5:]}" in mine  # to hand on with the number


def test_the_verification_page_answers_in_chinese_and_english(business_licence):
    url = f"/certificates/verify/{business_licence.number}/"
    code = {"code": business_licence.verification_code}
    assert zh("Valid") in text(Client().get(url, code))
    english = text(Client(headers={"accept-language": "en"}).get(url, code))
    assert "Valid" in english
    bad = text(Client().post("/certificates/verify/", {"signed": "{not json"}))
    assert zh("This is not JSON: paste the whole downloaded file.") in bad
    unknown = text(Client().get("/certificates/verify/440100-XX-2026-000001/", code))
    assert zh("No certificate has this number and verification code.") in unknown


def test_the_verification_page_asks_for_the_code(business_licence):
    """Without the code the page asks for it, the same for a real number as a made-up one."""
    asks = zh(
        "Enter the verification code printed next to the certificate's number. "
        "Scanning the certificate's QR code fills it in."
    )
    real = text(Client().get(f"/certificates/verify/{business_licence.number}/"))
    assert asks in real
    assert zh("Valid") not in real
    made_up = text(Client().get("/certificates/verify/440100-SCJG-2026-999999/"))
    made_up = made_up.replace("440100-SCJG-2026-999999", business_licence.number)
    assert without_csrf(made_up) == without_csrf(real)


def test_the_lookup_form_takes_the_number_and_the_code(business_licence):
    code = business_licence.verification_code
    lookup = Client().get(
        "/certificates/verify/",
        {"number": business_licence.number, "code": f" {code[:5].lower()}-{code[5:]} "},
    )
    assert lookup.status_code == 302
    assert lookup["Location"] == f"/certificates/verify/{business_licence.number}/?code={code}"
    assert zh("Valid") in text(Client().get(lookup["Location"]))
    no_code = text(Client().get("/certificates/verify/", {"number": business_licence.number}))
    assert zh("Enter the verification code printed next to the number.") in no_code
    typo = text(
        Client().get("/certificates/verify/", {"number": business_licence.number, "code": "ABC"})
    )
    assert (
        zh("A verification code is %(n)d letters and digits, e.g. K7P2Q-XM9RT.") % {"n": 10} in typo
    )


def test_the_issuers_head_revokes_from_the_workbench_case_page(granted, staff):
    certificate = Certificate.objects.get()
    page = text(signed_in(staff.reviewer(SCJG)).get(f"/workbench/cases/{granted.number}/"))
    assert "/certificate/revoke/" not in page  # reviewers cannot revoke
    head = signed_in(staff.head(SCJG))
    assert "/certificate/revoke/" in text(head.get(f"/workbench/cases/{granted.number}/"))
    empty = head.post(
        f"/workbench/cases/{granted.number}/certificate/revoke/",
        {"version": granted.version, "reason": ""},
    )
    assert empty.status_code == 200
    assert zh("Give the reason for revoking the certificate.") in text(empty)
    done = head.post(
        f"/workbench/cases/{granted.number}/certificate/revoke/",
        {"version": granted.version, "reason": "许可条件已不具备"},
    )
    assert done.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "许可条件已不具备"


def test_an_enterprise_reuses_its_legal_representatives_e_id_card(staff, enterprise, citizen):
    from onewindow.catalog.models import CertificateType
    from onewindow.registry.models import RegistryRead
    from tests.registry.conftest import entity_for, person_for

    entity_for(enterprise.uscc, person_for(citizen.id_number, name=citizen.real_name))
    with at(date(2026, 10, 1)):
        id_card = services.issue(
            certificate_type=CertificateType.objects.get(code="resident_id_card"),
            holder=services.HolderIdentity.of(citizen),
            facts=services.Facts(form={"sex": "男"}),
        )
    case = apply_for_food_licence(enterprise)
    assert case.materials.get(key="id_card").certificate == id_card
    read = RegistryRead.objects.get(
        case_number=case.number, fields=["legal_representative_id_number"]
    )
    assert read.outcome == RegistryRead.Outcome.SERVED

    page = text(signed_in(staff.clerk(SCJG)).get(f"/workbench/cases/{case.number}/"))
    assert id_card.number in page
    assert citizen.id_number not in page  # shown masked

    other = EnterpriseFactory()  # a representative with no e-ID: nothing attached
    entity_for(other.uscc, person_for(CitizenFactory.build().id_number, name="钱多"))
    assert apply_for_food_licence(other).materials.get(key="id_card").certificate is None
