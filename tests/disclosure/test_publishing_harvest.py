"""``onewindow disclosure-harvest``: a granted case's licensing result and the catalogue's
service guides are published once, the enterprise named with its USCC, no ID number shown."""

import pytest
from django.core.management import call_command

from onewindow.catalog.models import ServiceItem
from onewindow.disclosure.models import Document, DocumentStatus
from tests.cases.conftest import _media, citizen, enterprise, staff  # noqa: F401
from tests.certificates.conftest import grant_food_licence

pytestmark = pytest.mark.django_db


def test_harvest_publishes_results_and_guides_once(staff, enterprise, capsys):  # noqa: F811
    case = grant_food_licence(staff, enterprise)
    call_command("disclosure_harvest")
    result = Document.objects.get(source="cases", source_key=case.number)
    assert result.status == DocumentStatus.PUBLISHED
    assert enterprise.enterprise_name in result.body
    assert enterprise.uscc in result.body
    assert result.category == "licensing"
    assert result.index_number.startswith(f"{case.lead_department.code}/")
    guides = Document.objects.filter(source="catalog").count()
    assert guides == ServiceItem.objects.filter(published=True).count()
    before = Document.objects.count()
    call_command("disclosure_harvest")
    assert Document.objects.count() == before
    assert "0 licensing results and 0 service guides" in capsys.readouterr().out


def test_a_natural_persons_name_is_masked(staff, citizen):  # noqa: F811
    from onewindow.disclosure.services.harvest import _licensee

    citizen.real_name = "张三丰"
    name, _en, uscc = _licensee(citizen)
    assert (name, uscc) == ("张＊＊", "")
