"""Pre-submission checks (cases.precheck): a married person applying for marriage
registration is stopped before submitting; a second application for a service with a case
still open is a warning the applicant must deliberately pass; nobody sees another's case."""

import pytest
from django.core.exceptions import ValidationError

from onewindow.cases import drafts, precheck
from onewindow.cases.models import Case, Draft
from onewindow.catalog.models import ServiceItem
from onewindow.registry import services as registry_services
from onewindow.registry.models import MaritalStatus, RegistryRead
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.factories import CitizenFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

MARRIAGE = "440100-MZ-QR-107"  # 内地居民结婚登记


@pytest.fixture(autouse=True)
def _grants(catalogue):
    from onewindow.cases.registry_data import ensure_catalogue_grants

    ensure_catalogue_grants()


def person(user, status):
    registry_services.save_person(user.id_number, user.real_name, marital_status=status)
    return user


def filled_draft(applicant, code, **values):
    item = ServiceItem.objects.get(code=code)
    draft = drafts.start(applicant=applicant, item_code=code)
    form = {name: str(value) for name, value in valid_form(item).items()} | draft.form_data
    drafts.save(
        applicant=applicant,
        draft_id=draft.pk,
        form=form | values,
        uploads=valid_uploads(item),
    )
    return Draft.objects.get(pk=draft.pk)


def submitted_case(applicant, code=SINGLE) -> Case:
    draft = filled_draft(applicant, code)
    return drafts.submit(applicant=applicant, draft_id=draft.pk)


def test_a_married_person_is_stopped_before_registering_a_marriage():
    groom = person(CitizenFactory(), MaritalStatus.MARRIED)
    item = ServiceItem.objects.get(code=MARRIAGE)
    assert precheck.is_marriage_registration(item)

    findings = precheck.check(groom, item)
    assert [(f.code, f.blocking) for f in findings] == [(precheck.MARRIED, True)]
    # The read went through the exchange, for the applicant's own application, logged.
    read = RegistryRead.objects.filter(registry="person", fields=["marital_status"]).latest("at")
    assert read.consumer.code == item.lead_department.code
    assert read.outcome == "served"

    # Even with the form filled in and every warning "acknowledged", the law allows no way on.
    draft = filled_draft(groom, MARRIAGE, groom_id=groom.id_number)
    with pytest.raises(ValidationError) as refused:
        drafts.submit(
            applicant=groom, draft_id=draft.pk, acknowledged=[precheck.MARRIED, "duplicate"]
        )
    assert precheck.ACKNOWLEDGE_FIELD in refused.value.message_dict
    assert not Case.objects.filter(applicant=groom).exists()


@pytest.mark.parametrize(
    "status", [MaritalStatus.UNMARRIED, MaritalStatus.DIVORCED, MaritalStatus.WIDOWED]
)
def test_an_unmarried_divorced_or_widowed_person_may_apply(status):
    bride = person(CitizenFactory(), status)
    assert precheck.check(bride, ServiceItem.objects.get(code=MARRIAGE)) == []


def test_the_other_party_named_on_the_form_is_not_read_before_submission():
    applicant = person(CitizenFactory(), MaritalStatus.UNMARRIED)
    other = CitizenFactory()
    record = registry_services.save_person(
        other.id_number, other.real_name, marital_status=MaritalStatus.MARRIED
    )
    draft = filled_draft(
        applicant, MARRIAGE, groom_id=applicant.id_number, bride_id=other.id_number
    )
    assert precheck.check(applicant, draft.item, draft) == []
    # Typing someone's ID number reveals nothing about them: no read of their record.
    assert not RegistryRead.objects.filter(person=record).exists()


def test_a_married_person_applying_for_other_services_is_not_warned():
    applicant = person(CitizenFactory(), MaritalStatus.MARRIED)
    assert precheck.check(applicant, ServiceItem.objects.get(code=SINGLE)) == []


def test_a_duplicate_open_case_warns_and_the_applicant_may_deliberately_continue():
    applicant = CitizenFactory()
    first = submitted_case(applicant)
    item = ServiceItem.objects.get(code=SINGLE)

    findings = precheck.check(applicant, item)
    assert [(f.code, f.blocking, f.case_number) for f in findings] == [
        (precheck.DUPLICATE, False, first.number)
    ]
    assert first.number in findings[0].message

    draft = filled_draft(applicant, SINGLE)
    with pytest.raises(ValidationError) as unconfirmed:
        drafts.submit(applicant=applicant, draft_id=draft.pk)
    assert precheck.ACKNOWLEDGE_FIELD in unconfirmed.value.message_dict
    assert Case.objects.filter(applicant=applicant).count() == 1

    second = drafts.submit(
        applicant=applicant, draft_id=draft.pk, acknowledged=[precheck.DUPLICATE]
    )
    assert second.number != first.number
    # Its own case is not a duplicate of itself (a second click finds the same case).
    assert drafts.submit(applicant=applicant, draft_id=draft.pk) == second


def test_a_closed_case_is_no_duplicate():
    applicant = CitizenFactory()
    case = submitted_case(applicant)
    Case.objects.filter(pk=case.pk).update(status="withdrawn")
    assert precheck.check(applicant, case.item) == []


def test_another_citizen_is_not_warned_of_someone_elses_case():
    applicant = CitizenFactory()
    submitted_case(applicant)
    stranger = CitizenFactory()
    assert precheck.check(stranger, ServiceItem.objects.get(code=SINGLE)) == []
    draft = filled_draft(stranger, SINGLE)
    case = drafts.submit(applicant=stranger, draft_id=draft.pk)
    assert case.applicant == stranger
