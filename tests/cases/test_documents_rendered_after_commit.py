"""A notice is issued in its transition and rendered to PDF after the commit, from what it said.

The transition freezes the notice's content and chains its digest; the task worker renders the
PDF once the transaction has committed, or the first download does if the worker has not yet
run, and the PDF's digest is chained too.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from onewindow.cases import documents, services
from onewindow.cases.models import CaseDocument, DocumentKind
from onewindow.catalog.models import ServiceItem
from onewindow.core import pdf
from onewindow.core.audit import verify_chain
from onewindow.core.crypto import sm3_hex
from onewindow.core.models import AuditEntry
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import WJ, at
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace(
        "\n", ""
    )


@pytest.fixture
def accepted(staff, citizen, django_capture_on_commit_callbacks):
    """A case accepted on 3 Nov 2026, its acceptance notice issued and its PDF queued."""
    item = ServiceItem.objects.get(code=SINGLE)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )
    with at(date(2026, 11, 3)), django_capture_on_commit_callbacks(execute=True):
        services.accept(number=case.number, actor=staff.clerk(WJ))
    case.refresh_from_db()
    return case


def run_worker_once():
    """What `onewindow worker` does with each queued task, minus its connection handling."""
    for row in DBTaskResult.objects.filter(task_path="onewindow.cases.tasks.render_document"):
        stored = row.task_result
        stored.task.call(*stored.args, **stored.kwargs)


def test_the_transition_issues_the_notice_and_queues_its_pdf(accepted):
    notice = accepted.documents.get(kind=DocumentKind.ACCEPTANCE)
    assert notice.rendered_at is None
    assert not notice.file
    assert notice.content["accepted_on"] == "2026-11-03"
    assert notice.content["promised_due"] == accepted.promised_due.isoformat()
    issued = AuditEntry.objects.get(action="case.document_issued", data__document=notice.number)
    assert issued.data["content_sm3"] == documents.content_digest(notice.content)
    (queued,) = DBTaskResult.objects.filter(task_path="onewindow.cases.tasks.render_document")
    assert queued.args_kwargs["args"] == [notice.pk]


def test_the_worker_renders_the_pdf_from_the_frozen_content_and_chains_its_digest(accepted, staff):
    notice = accepted.documents.get(kind=DocumentKind.ACCEPTANCE)
    # The clock moves after acceptance: the notice still says what it said when issued.
    with at(date(2026, 11, 4)):
        services.pause_clock(
            number=accepted.number,
            actor=staff.reviewer(WJ),
            kind="expert_review",
            reason="组织专家评审",
        )
    run_worker_once()
    notice.refresh_from_db()
    assert notice.rendered_at is not None
    with notice.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert notice.digest == sm3_hex(content)
    text = text_of(content)
    assert "受理通知书" in text
    assert notice.number in text
    assert "2026年11月3日" in text
    rendered = AuditEntry.objects.get(action="case.document_rendered", data__document=notice.number)
    assert (rendered.object_id, rendered.data["sm3"]) == (accepted.number, notice.digest)
    assert verify_chain().ok
    # A second run renders nothing again and chains nothing more.
    run_worker_once()
    assert AuditEntry.objects.filter(action="case.document_rendered").count() == 1


def test_a_download_before_the_worker_renders_the_same_bytes_the_worker_would(accepted, client):
    notice = accepted.documents.get(kind=DocumentKind.ACCEPTANCE)
    expected = documents.pdf_bytes(notice)
    client.force_login(accepted.applicant)
    response = client.get(reverse("portal:case-document", args=[accepted.number, notice.number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == expected
    notice.refresh_from_db()
    assert notice.digest == sm3_hex(expected)
    run_worker_once()  # the queued task finds it rendered
    assert AuditEntry.objects.filter(action="case.document_rendered").count() == 1


def test_another_citizen_cannot_download_or_trigger_rendering(accepted, client):
    notice = accepted.documents.get(kind=DocumentKind.ACCEPTANCE)
    client.force_login(CitizenFactory())
    response = client.get(reverse("portal:case-document", args=[accepted.number, notice.number]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.rendered_at is None


def test_a_missing_font_fails_the_rendering_not_the_acceptance_and_the_sweep_catches_up(
    accepted, monkeypatch
):
    notice = accepted.documents.get(kind=DocumentKind.ACCEPTANCE)
    monkeypatch.setenv("ONEWINDOW_PDF_FONT", "/nonexistent/font.ttc")
    pdf.find_cjk_font.cache_clear()
    try:
        with pytest.raises(pdf.FontUnavailable):
            run_worker_once()
    finally:
        monkeypatch.delenv("ONEWINDOW_PDF_FONT")
        pdf.find_cjk_font.cache_clear()
    notice.refresh_from_db()
    assert notice.rendered_at is None  # the failed rendering left nothing half-written
    assert not AuditEntry.objects.filter(action="case.document_rendered").exists()

    out = io.StringIO()
    call_command("sweep_cases", stdout=out)
    assert "1 pending document PDFs rendered" in out.getvalue()
    notice.refresh_from_db()
    assert notice.rendered_at is not None
    assert CaseDocument.objects.filter(rendered_at=None).count() == 0
