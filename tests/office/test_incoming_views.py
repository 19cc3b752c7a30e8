"""The workbench pages of 收文 and 督办: the list with the registration number, sender, status and
the instruction's due date in its ledger colour; registering by hand; the step forms; the
instruction's page with a progress report and its file; 404 to another department, the login
page to the anonymous."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onewindow.office.incoming_models import IncomingDocument, IncomingStatus
from onewindow.supervision.services import raise_cards
from tests.office.incoming_world import BY_HAND, MONDAY, assigned, at, build_incoming, by_hand

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build_incoming()


def test_the_list_shows_the_number_sender_status_and_a_red_due_date(w, client):
    with at(MONDAY):
        instruction = assigned(w)
    with at(instruction.due_on + timedelta(days=1)):
        raise_cards()
    client.force_login(w.head)
    page = client.get(reverse("workbench:office-incoming")).content.decode()
    assert "穗市监〔2026〕收1" in page
    assert BY_HAND["sender"] in page
    assert 'class="due due-red"' in page
    assert 'datetime="2026-12-21"' in page


def test_the_clerk_registers_by_hand_and_checks_through_the_pages(w, client):
    client.force_login(w.clerk)
    bad = client.post(reverse("workbench:office-incoming-new"), {**BY_HAND, "title": ""})
    assert bad.status_code == 400
    assert not IncomingDocument.objects.exists()
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    made = client.post(reverse("workbench:office-incoming-new"), {**BY_HAND, "pdf": pdf})
    document = IncomingDocument.objects.get()
    assert made.url == reverse("workbench:office-incoming-document", args=[document.pk])
    step = reverse("workbench:office-incoming-step", args=[document.pk, "check"])
    assert client.post(step, {"accepted": "0"}).status_code == 400  # a return needs a reason
    client.post(step, {"accepted": "1"})
    document.refresh_from_db()
    assert document.status == IncomingStatus.CHECKED
    pdf_page = client.get(reverse("workbench:office-incoming-pdf", args=[document.pk]))
    assert b"".join(pdf_page.streaming_content).startswith(b"%PDF-")


def test_the_leader_assigns_and_the_department_reports_progress(w, client):
    document = by_hand(w)
    client.force_login(w.clerk)
    client.post(
        reverse("workbench:office-incoming-step", args=[document.pk, "check"]), {"accepted": "1"}
    )
    client.force_login(w.head)
    client.post(
        reverse("workbench:office-incoming-step", args=[document.pk, "assign"]),
        {
            "handling_department": w.scjg.code,
            "instruction": "请研究落实。",
            "limit": "5",
            "readers": [str(w.reader.pk)],
        },
    )
    document.refresh_from_db()
    assert document.status == IncomingStatus.READING
    instruction = document.instructions.get()
    assert instruction.limit == 5
    client.force_login(w.drafter)
    upload = SimpleUploadedFile("进展.txt", b"progress")
    client.post(
        reverse("workbench:office-instruction-report", args=[instruction.pk]),
        {"text": "已起草方案。", "file": upload},
    )
    report = instruction.reports.get()
    page = client.get(reverse("workbench:office-instruction", args=[instruction.pk]))
    assert "已起草方案。" in page.content.decode()
    got = client.get(reverse("workbench:office-instruction-file", args=[instruction.pk, report.pk]))
    assert b"".join(got.streaming_content) == b"progress"


def test_another_department_gets_404_and_the_anonymous_the_login_page(w, client):
    with at(MONDAY):
        instruction = assigned(w)
    pages = [
        reverse("workbench:office-incoming-document", args=[instruction.document_id]),
        reverse("workbench:office-instruction", args=[instruction.pk]),
    ]
    client.force_login(w.zj_clerk)
    for path in pages:
        assert client.get(path).status_code == 404
    assert "收1" not in client.get(reverse("workbench:office-incoming")).content.decode()
    client.logout()
    for path in pages:
        assert client.get(path).status_code == 302


def test_the_handling_drafter_drafts_the_answer_from_the_page(w, client):
    with at(MONDAY):
        instruction = assigned(w)
    document = instruction.document
    client.force_login(w.drafter)
    page = client.get(reverse("workbench:office-incoming-document", args=[document.pk]))
    answer = reverse("workbench:office-incoming-step", args=[document.pk, "answer"])
    assert f'action="{answer}"' in page.content.decode()  # the step's form is offered
    answered = client.post(answer)
    document.refresh_from_db()
    assert document.status == IncomingStatus.ANSWERED
    assert answered.url == reverse("workbench:office-document", args=[document.reply_id])
    assert document.reply.main_recipients == BY_HAND["sender"]
    client.force_login(w.zj_clerk)
    again = client.post(reverse("workbench:office-incoming-step", args=[document.pk, "file"]))
    assert again.status_code == 404
