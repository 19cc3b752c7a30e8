"""The disclosure office's workbench pages over HTTP: the list, the draft form with its error
summary, the document page with the findings, each step, and who is refused."""

from datetime import date

import pytest
from django.test import Client

from onewindow.core.identifiers import generate_id_number
from onewindow.disclosure import search
from onewindow.disclosure.models import Document, DocumentStatus, Validity
from onewindow.disclosure.services import publishing
from tests.disclosure.conftest import draft_data

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _form(**over) -> dict:
    data = draft_data(**over)
    data["formed_on"] = str(data["formed_on"])
    return data


def test_an_officer_drafts_a_reviewer_masks_and_the_head_publishes_and_repeals(world):
    officer, reviewer, head = _client(world.officer), _client(world.reviewer), _client(world.head)
    assert "/workbench/disclosure/" in officer.get("/workbench/").content.decode()

    bad = officer.post("/workbench/disclosure/new/", _form(title="", formed_on="2099-01-01"))
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "wb-error-summary" in page
    assert 'href="#id_title"' in page
    assert not Document.objects.exists()

    id_number = generate_id_number("440104", date(1988, 8, 8))
    body = f"当事人王五（身份证号码：{id_number}）。"
    response = officer.post("/workbench/disclosure/new/", _form(body=body))
    doc = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/disclosure/{doc.pk}/"
    listing = officer.get("/workbench/disclosure/").content.decode()
    assert doc.title in listing
    assert "2026" in listing

    officer.post(f"/workbench/disclosure/{doc.pk}/submit/", {"submit-version": doc.version})
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.REVIEW
    # The drafter holds no reviewer role: nothing to review for them.
    assert "review-decision" not in officer.get(f"/workbench/disclosure/{doc.pk}/").content.decode()

    page = reviewer.get(f"/workbench/disclosure/{doc.pk}/").content.decode()
    assert "dc-finding" in page
    assert 'name="review-masks"' in page
    boxes = [line for line in page.split('name="review-masks"')[1:]]
    values = [b.split('value="')[1].split('"')[0] for b in boxes]
    response = reviewer.post(
        f"/workbench/disclosure/{doc.pk}/review/",
        {"review-version": doc.version, "review-decision": "pass", "review-masks": values},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.APPROVAL
    assert id_number not in doc.body

    head.post(f"/workbench/disclosure/{doc.pk}/approve/", {"approve-version": doc.version})
    doc.refresh_from_db()
    assert doc.index_number == f"440100-SCJG/{doc.published_at.year}-00001"
    page = head.get(f"/workbench/disclosure/{doc.pk}/").content.decode()
    assert "Approved and published" in page or "批准并公开" in page or doc.index_number in page
    # Published means public at once: its page (masked) and the search, for anyone.
    public_url = f"/disclosure/documents/{doc.index_number}/"
    assert public_url in page
    public = Client().get(public_url)
    assert public.status_code == 200
    assert id_number not in public.content.decode()
    in_force = search.Filters(validity=Validity.IN_FORCE)
    assert doc.pk in search.search(doc.title, in_force).ids

    response = head.post(
        f"/workbench/disclosure/{doc.pk}/repeal/",
        {"repeal-version": doc.version, "repeal-ended_on": str(date.today())},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.validity == Validity.REPEALED
    assert doc.pk not in search.search(doc.title, in_force).ids
    assert doc.pk in search.search(doc.title).ids


def test_a_stale_form_is_refused_with_a_message(world):
    doc = publishing.create_draft(actor=world.officer, **draft_data())
    doc = publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)
    stale = doc.version
    publishing.review(pk=doc.pk, actor=world.reviewer, version=stale, passed=True)
    response = _client(world.reviewer2).post(
        f"/workbench/disclosure/{doc.pk}/review/",
        {"review-version": stale, "review-decision": "return", "review-note": "x"},
        follow=True,
    )
    assert "version" in response.content.decode() or "版本" in response.content.decode()
    assert Document.objects.get(pk=doc.pk).status == DocumentStatus.APPROVAL


def test_others_are_refused(world):
    doc = publishing.create_draft(actor=world.officer, **draft_data())
    for user, codes in (
        (world.mz_officer, {404}),
        (world.no_role, {404}),
        (world.citizen, {403}),
    ):
        assert _client(user).get(f"/workbench/disclosure/{doc.pk}/").status_code in codes
    assert _client(world.no_role).get("/workbench/disclosure/").status_code == 403
    assert _client(world.citizen).get("/workbench/disclosure/").status_code == 403
    anonymous = _client(None).get("/workbench/disclosure/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/")
    assert (
        world.scjg.name
        not in _client(world.mz_officer).get("/workbench/disclosure/").content.decode()
    )
