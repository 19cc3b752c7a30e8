"""What a registry read may serve: a case's parties, the applicant's own application, or a
statutory purpose that a grant names (the rule behind finding 5 of issue 18)."""

import pytest
from django.core.exceptions import ValidationError

from onewindow.accounts.models import Department
from onewindow.cases.registry_data import case_parties
from onewindow.core.models import AuditEntry
from onewindow.registry import exchange, services
from onewindow.registry.admin import GrantForm
from onewindow.registry.models import Grant
from tests.factories import CitizenFactory
from tests.registry.test_once_only import apply

INDIVIDUAL_BUSINESS = "440100-SCJG-XK-302"  # 个体工商户登记: its form names the operator's ID


@pytest.fixture(autouse=True)
def _no_otp(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


def test_a_cases_parties_are_its_applicant_and_the_ids_its_form_names(
    grants, citizen, resident, staff
):
    case = apply(citizen, INDIVIDUAL_BUSINESS)
    operator = case.form_data["operator_id"]
    market = case.lead_department  # the district market regulator of the citizen's district
    assert market.code.endswith("-SCJG")
    assert market.division.level == "county"

    parties = case_parties(case.number, market, staff.reviewer(market.code))

    assert parties.keys == {citizen.id_number, operator}
    assert parties.title == case.item.name
    assert case_parties(case.number, market, None) == parties  # the case engine
    housing = Department.objects.get(code="440100-ZJ")
    assert case_parties(case.number, housing, None) is None  # not its case
    other = staff.reviewer("440100-ZJ")
    assert case_parties(case.number, market, other) is None  # an official who may not see it
    assert case_parties("440100-20261122-99999", market, None) is None


def test_the_application_path_reads_only_the_applicants_own_record(grants, citizen, resident):
    stranger = CitizenFactory()
    services.save_person(stranger.id_number, "李四")
    housing = Department.objects.get(code="440100-ZJ")
    read = {"consumer": housing, "registry": "person", "fields": ["name"], "purpose": "预填"}

    own = exchange.query(reader=None, key=citizen.id_number, applicant=citizen, **read)
    other = exchange.query(reader=None, key=stranger.id_number, applicant=citizen, **read)

    assert own.served
    assert (other.outcome, other.field) == ("refused", "key")


def test_a_grant_names_only_known_statutory_purposes_and_the_change_is_audited(grants):
    grant = Grant.objects.filter(registry="person").first()
    with pytest.raises(ValidationError) as refused:
        services.name_purposes(grant, ["xx"])
    assert "purposes" in refused.value.message_dict

    services.name_purposes(grant, ["social_assistance"])

    grant.refresh_from_db()
    assert grant.purposes[0]["code"] == "social_assistance"
    assert "第六十条" in grant.purposes[0]["legal_basis"]
    assert AuditEntry.objects.filter(action="registry.grant_purposes").count() == 1


def test_the_admin_grant_form_checks_purposes_and_knows_relatives_ids(departments):
    police = Department.objects.get(code="440100-GA")
    housing = Department.objects.get(code="440100-ZJ")
    base = {
        "provider": police.pk,
        "registry": "person",
        "consumer": housing.pk,
        "fields": '["name", "spouse", "relatives_id_number"]',
        "purpose": "住房保障",
        "legal_basis": "《公共租赁住房管理办法》",
        "valid_from": "2026-01-01",
        "valid_until": "2027-01-01",
    }

    named = GrantForm(data=base | {"purposes": '["housing_security"]'})
    free_text = GrantForm(data=base | {"purposes": '["xx"]'})

    assert named.is_valid(), named.errors
    assert named.cleaned_data["purposes"][0]["legal_basis"].startswith("《公共租赁住房管理办法》")
    assert not free_text.is_valid()
    assert "purposes" in free_text.errors
