"""Applying in the service hall: a prefilled draft, inline checks, a review page, one submit."""

import pytest
from django.test import Client

from onewindow.cases.models import Case, Draft, DraftMaterial, Status
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import PARALLEL, SINGLE, pdf_bytes, png_bytes, valid_form
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload_fields(item) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        f"materials.{m.key}": SimpleUploadedFile(f"{m.key}.pdf", pdf_bytes(m.key))
        for m in item.materials.all()
        if m.source_kind == "upload" and m.requirement == "mandatory"
    }


def start_draft(client, code) -> Draft:
    response = client.get(f"/services/{code}/apply/")
    assert response.status_code == 302
    draft = Draft.objects.get(pk=response.url.split("/")[2])
    assert response.url == f"/drafts/{draft.pk}/"
    return draft


def test_an_enterprise_applies_through_draft_review_and_one_submission(catalogue, enterprise):
    item = ServiceItem.objects.get(code=PARALLEL)
    client = signed_in(enterprise)
    draft = start_draft(client, PARALLEL)

    # Prefilled from the real-name account, and marked so on the page.
    assert draft.form_data["uscc"] == enterprise.uscc
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert enterprise.uscc in page
    assert "From your real-name account" in page or "来自您的实名账户" in page
    # 免提交: the business licence comes from the registry, so it has no upload slot.
    free = [m for m in item.materials.all() if m.no_submission_needed]
    assert free
    assert all(f'name="materials.{m.key}"' not in page for m in free)
    uploads = [m for m in item.materials.all() if not m.no_submission_needed]
    assert all(f'name="materials.{m.key}"' in page for m in uploads)

    # Saving half a form keeps it; asking to continue lists what is missing.
    form = valid_form(item)
    first = next(iter(form))
    response = client.post(f"/drafts/{draft.pk}/", {first: form[first], "action": "save"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.form_data[first] == str(form[first])
    response = client.post(f"/drafts/{draft.pk}/", {first: form[first], "action": "review"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()

    # The whole form with its uploads goes on to the review page.
    response = client.post(
        f"/drafts/{draft.pk}/", {**form, **upload_fields(item), "action": "review"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == f"/drafts/{draft.pk}/review/"
    review = client.get(response.url).content.decode()
    assert item.lead_department.name in review
    assert all(m.display_name in review for m in item.materials.all())

    # A double click submits once.
    first_submit = client.post(f"/drafts/{draft.pk}/submit/")
    second_submit = client.post(f"/drafts/{draft.pk}/submit/")
    case = Case.objects.get(applicant=enterprise)
    assert first_submit.url == second_submit.url == f"/my/cases/{case.number}/"
    assert case.status == Status.SUBMITTED
    assert case.materials.filter(source="upload").count() == len(upload_fields(item))
    assert not DraftMaterial.objects.filter(draft=draft).exists()
    # The draft now leads to its case, and the case page shows it.
    assert client.get(f"/drafts/{draft.pk}/").url == f"/my/cases/{case.number}/"
    assert case.number in client.get(f"/my/cases/{case.number}/").content.decode()


def test_inline_check_names_the_problem_of_one_field(catalogue, enterprise):
    client = signed_in(enterprise)
    draft = start_draft(client, PARALLEL)
    bad = client.post(f"/drafts/{draft.pk}/check/uscc/", {"uscc": "91440101MA5ABCDE1X"})
    assert bad.status_code == 200
    assert 'aria-invalid="true"' in bad.content.decode()
    good = client.post(f"/drafts/{draft.pk}/check/uscc/", {"uscc": enterprise.uscc})
    assert 'aria-invalid="true"' not in good.content.decode()
    assert client.post(f"/drafts/{draft.pk}/check/nonsense/", {}).status_code == 404


def test_a_bad_upload_is_refused_and_changes_nothing(catalogue, enterprise):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = ServiceItem.objects.get(code=PARALLEL)
    client = signed_in(enterprise)
    draft = start_draft(client, PARALLEL)
    before = dict(draft.form_data)
    key = next(m.key for m in item.materials.all() if m.source_kind == "upload")
    response = client.post(
        f"/drafts/{draft.pk}/",
        {
            "uscc": "",
            f"materials.{key}": SimpleUploadedFile("photo.pdf", png_bytes()),
            "action": "save",
        },
    )
    assert response.status_code == 200
    assert "photo.pdf" in response.content.decode()
    draft.refresh_from_db()
    assert draft.form_data == before
    assert not draft.materials.exists()


def test_drafts_and_cases_are_the_applicants_own(catalogue, enterprise, citizen):
    client = signed_in(enterprise)
    draft = start_draft(client, PARALLEL)
    stranger = signed_in(citizen)
    assert stranger.get(f"/drafts/{draft.pk}/").status_code == 404
    assert stranger.post(f"/drafts/{draft.pk}/submit/").status_code == 404
    assert stranger.post(f"/drafts/{draft.pk}/delete/").status_code == 404
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_who_may_apply(catalogue, citizen, staff):
    # A citizen cannot apply for an enterprise-only service; an official for none.
    response = signed_in(citizen).get(f"/services/{PARALLEL}/apply/", follow=True)
    assert response.redirect_chain[-1][0] == f"/services/{PARALLEL}/"
    assert not Draft.objects.exists()
    official = staff.clerk("440100-WJ")
    signed_in(official).get(f"/services/{SINGLE}/apply/")
    assert not Draft.objects.exists()
    # Anonymous visitors are sent to sign in first, and come back.
    response = Client().get(f"/services/{SINGLE}/apply/")
    assert response.status_code == 302
    assert "/login/" in response.url


def test_a_citizen_resumes_a_saved_draft_and_can_delete_it(catalogue):
    applicant = CitizenFactory()
    client = signed_in(applicant)
    draft = start_draft(client, SINGLE)
    assert start_draft(client, SINGLE).pk == draft.pk  # resumed, not a second draft
    listing = client.get("/my/cases/").content.decode()
    assert f"/drafts/{draft.pk}/" in listing
    assert client.post(f"/drafts/{draft.pk}/delete/").status_code == 302
    assert not Draft.objects.filter(pk=draft.pk).exists()
