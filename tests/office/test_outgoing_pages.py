"""The office pages over HTTP: the desk lists what waits for each person, the drafter's form
names a wrong field (400) and keeps nothing, each step's form moves the document on, the clerk
numbers, seals and sends, the receiving clerk signs for it; in Chinese and in English."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onewindow.office.models import Dispatch, DocumentStatus, OutgoingDocument
from tests.factories import CitizenFactory, OfficialFactory
from tests.office.outgoing_world import NOTICE, drafted

pytestmark = pytest.mark.django_db
S = DocumentStatus


def _as(client, user):
    client.force_login(user)
    return client


def _form(**over):
    return {**NOTICE, "classification": "public", "urgency": "", **over}


def test_a_wrong_title_is_named_on_the_form_and_nothing_is_kept(client, world):
    page = _as(client, world.drafter).post(
        reverse("workbench:office-new"),
        _form(title="关于抽检工作的报告"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 400
    assert "A title ends with its kind of document" in page.content.decode()
    assert not OutgoingDocument.objects.exists()


def test_from_the_draft_to_the_receiving_clerk_through_the_pages(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = _as(client, world.drafter).post(reverse("workbench:office-new"), _form())
    document = OutgoingDocument.objects.get()
    assert made["Location"] == reverse("workbench:office-document", args=[document.pk])
    client.post(reverse("workbench:office-edit", args=[document.pk]), {**_form(), "submit": "1"})
    document.refresh_from_db()
    assert document.status == S.REVIEW
    desk = _as(client, world.reviewer).get(reverse("workbench:office")).content.decode()
    assert document.title in desk
    decide = reverse("workbench:office-decide", args=[document.pk, "review"])
    assert client.post(decide, {"agreed": "0", "comment": ""}).status_code == 400
    client.post(decide, {"agreed": "1", "comment": ""})
    for head, code in ((world.zj_head, "440100-ZJ"), (world.cg_head, "440100-CG")):
        page = _as(client, head).get(reverse("workbench:office-document", args=[document.pk]))
        assert "会签" in page.content.decode()
        client.post(
            reverse("workbench:office-decide", args=[document.pk, "countersign"]),
            {"agreed": "1", "department": code},
        )
    _as(client, world.signer).post(
        reverse("workbench:office-decide", args=[document.pk, "sign_off"]), {"agreed": "1"}
    )
    _as(client, world.clerk).post(reverse("workbench:office-issue", args=[document.pk]))
    document.refresh_from_db()
    assert document.status == S.SEND
    pdf = client.get(reverse("workbench:office-download", args=[document.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    client.post(
        reverse("workbench:office-send", args=[document.pk]),
        {"recipients": ["440104-SCJG", "440106-SCJG"]},
    )
    document.refresh_from_db()
    assert document.status == S.SENT
    yuexiu = Dispatch.objects.get(recipient__code="440104-SCJG")
    page = _as(client, world.yx_clerk).get(reverse("workbench:office"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Not yet signed for" in page.content.decode()
    client.post(reverse("workbench:office-sign-for", args=[document.pk, yuexiu.pk]))
    yuexiu.refresh_from_db()
    assert yuexiu.signed_for_by == world.yx_clerk
    # the public check of the issued file
    client.logout()
    stored = document.pdf.open("rb").read()
    answer = client.post(
        reverse("portal:document-verify"),
        {"document": SimpleUploadedFile("d.pdf", stored, content_type="application/pdf")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Genuine." in answer.content.decode()
    assert document.number in answer.content.decode()


def test_other_departments_and_citizens_see_nothing(client, world):
    document = drafted(world)
    url = reverse("workbench:office-document", args=[document.pk])
    assert _as(client, world.yx_clerk).get(url).status_code == 404  # not sent to them
    assert _as(client, OfficialFactory()).get(url).status_code == 404
    assert _as(client, CitizenFactory()).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
