"""Walk-in intake at the central window, through the pages: the clerk identifies the person
from the ID card, records their consent, fills the form, scans the materials and submits; the
person then follows the case online."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from onewindow.accounts.models import User
from onewindow.cases.models import Case, WindowIntake
from onewindow.cases.walk_in import consent_statement, start_walk_in
from onewindow.catalog.models import ServiceItem
from onewindow.core.identifiers import generate_id_number
from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.cases.window_fixtures import TIANHE_CENTRE, centre, clerk_of, instance
from tests.conftest import zh
from tests.identity import person_record
from tests.workbench.conftest import signed_in

NAME = "王小明"


@pytest.fixture(autouse=True)
def _november():
    with at(date(2026, 11, 2)):
        yield


@pytest.fixture
def counter(staff):
    """The city centre's window with SINGLE, its clerk, and a person in the registry."""
    city = centre()
    here = instance(SINGLE, city)
    clerk = clerk_of(city, "centre-clerk")
    person = person_record(NAME, generate_id_number("440106", date(1985, 6, 1)))
    return here, clerk, person


def post_data(item, person_id: str, **overrides) -> dict:
    data = {
        "real_name": NAME,
        "id_number": person_id,
        "phone": "13912345678",
        "consent": "on",
        "token": "walk-in-1",
        **{f"form-{name}": value for name, value in valid_form(item).items()},
        **{
            f"materials.{key}": SimpleUploadedFile(name, content, "application/pdf")
            for key, (name, content) in valid_uploads(item).items()
        },
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_walk_in_application_is_filed_and_the_person_follows_it_online(counter):
    here, clerk, person = counter
    client = signed_in(clerk)
    listing = client.get(reverse("workbench:walk-in-items"))
    assert here.item.name in listing.content.decode()
    page = client.get(reverse("workbench:walk-in", args=[here.pk]))
    assert consent_statement() in page.content.decode()

    item = ServiceItem.objects.get(code=SINGLE)
    response = client.post(
        reverse("workbench:walk-in", args=[here.pk]), post_data(item, person.id_number)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert response["Location"] == reverse("workbench:case", args=[case.number])
    applicant = case.applicant
    assert applicant.real_name == NAME
    assert applicant.id_number == person.id_number
    assert applicant.kind == User.Kind.CITIZEN
    assert not applicant.has_usable_password()
    assert case.instance == here
    intake = WindowIntake.objects.get(case=case)
    assert (intake.clerk, intake.centre, intake.person) == (clerk, here.service_centre, applicant)
    assert intake.account_created
    assert intake.consent_statement == consent_statement()
    consent = AuditEntry.objects.get(action="case.window_consent", object_id=case.number)
    assert consent.data["statement"] == consent_statement()
    assert AuditEntry.objects.get(action="case.window_intake").data["channel"] == "window"
    assert Notification.objects.filter(recipient=applicant, case_number=case.number).exists()
    # the person's own view of it, and the clerk's inbox
    mine = signed_in(applicant).get(reverse("portal:my-cases"))
    assert case.number in mine.content.decode()
    assert case.number in client.get(reverse("workbench:inbox")).content.decode()
    # the same form sent twice files one case
    client.post(reverse("workbench:walk-in", args=[here.pk]), post_data(item, person.id_number))
    assert Case.objects.count() == 1


def test_without_consent_nothing_is_filed_and_the_consent_field_says_why(counter):
    here, clerk, person = counter
    item = ServiceItem.objects.get(code=SINGLE)
    response = signed_in(clerk).post(
        reverse("workbench:walk-in", args=[here.pk]),
        post_data(item, person.id_number, consent=None),
    )
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert zh("The person's consent is required before filing for them.") in text
    assert 'href="#id_consent"' in response.content.decode()
    assert not Case.objects.exists()
    assert not User.objects.filter(real_name=NAME).exists()


def test_an_invalid_id_number_is_a_field_error(counter):
    here, clerk, person = counter
    item = ServiceItem.objects.get(code=SINGLE)
    wrong = person.id_number[:-1] + ("0" if person.id_number[-1] != "0" else "1")
    response = signed_in(clerk).post(
        reverse("workbench:walk-in", args=[here.pk]), post_data(item, wrong)
    )
    assert response.status_code == 200
    assert 'href="#id_id_number"' in response.content.decode()
    assert not Case.objects.exists()


def test_a_clerk_of_another_centre_cannot_file_for_this_centres_item(counter):
    here, _, person = counter
    other = clerk_of(centre(TIANHE_CENTRE, "440106", "440106-ZWFW"), "tianhe-clerk")
    item = ServiceItem.objects.get(code=SINGLE)
    client = signed_in(other)
    assert item.name not in client.get(reverse("workbench:walk-in-items")).content.decode()
    response = client.post(
        reverse("workbench:walk-in", args=[here.pk]), post_data(item, person.id_number)
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        start_walk_in(
            clerk=other,
            instance_id=here.pk,
            real_name=NAME,
            id_number=person.id_number,
            phone="13912345678",
            consent=True,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
    assert not Case.objects.exists()


def test_reviewers_and_citizens_have_no_walk_in_desk(counter, staff, citizen):
    here, _, _ = counter
    reviewer = staff.reviewer(here.department.code)
    assert signed_in(reviewer).get(reverse("workbench:walk-in-items")).status_code == 403
    assert signed_in(citizen).get(reverse("workbench:walk-in-items")).status_code == 403
    anonymous = Client().get(reverse("workbench:walk-in-items"))
    assert anonymous.status_code == 302
