"""A case's payment notice on the English pages: the fee's legal basis and the payee in
English (the notice itself stays in Chinese, as issued); the Chinese pages show the notice's
own words."""

import pytest

from onewindow.catalog.models import ServiceItem
from onewindow.payments.models import FeeNotice
from tests.payments.conftest import PERMIT, grant_permit
from tests.portal.test_case_pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(catalogue, staff, citizen):
    return grant_permit(staff, citizen)


def test_the_english_case_page_shows_the_fee_basis_and_payee_in_english(
    permit, citizen, staff, settings
):
    settings.ONEWINDOW_REQUIRE_OTP = False  # the clerk signs in without a TOTP device here
    notice = FeeNotice.objects.get(case_number=permit.number)
    item = ServiceItem.objects.get(code=PERMIT)
    assert item.fee_basis_en
    assert notice.basis == item.fee_basis
    client = signed_in(citizen)
    for path in (f"/my/cases/{permit.number}/", f"/workbench/cases/{permit.number}/"):
        reader = client if path.startswith("/my/") else signed_in(staff.clerk("440100-CRJ"))
        english = reader.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert item.fee_basis_en in english
        assert notice.basis not in english
        assert f"{notice.department.name_en} (collected for the treasury)" in english
        assert notice.payee not in english
        chinese = reader.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert notice.basis in chinese
        assert notice.payee in chinese


def test_a_basis_changed_since_the_notice_is_shown_as_the_notice_has_it(permit, citizen):
    notice = FeeNotice.objects.get(case_number=permit.number)
    ServiceItem.objects.filter(code=PERMIT).update(fee_basis="新的收费依据")
    english = signed_in(citizen).get(f"/my/cases/{permit.number}/", HTTP_ACCEPT_LANGUAGE="en")
    assert notice.basis in english.content.decode()
