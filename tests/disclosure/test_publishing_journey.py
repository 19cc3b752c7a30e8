"""The issue's journey: an agency publishes a normative document through the confidentiality
review, a citizen's ID number is caught and masked, and the document is later repealed and
replaced, never deleted."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from onewindow.core.identifiers import generate_id_number
from onewindow.core.models import AuditEntry
from onewindow.disclosure import ledger
from onewindow.disclosure.errors import DocumentNotFound, StaleDocument
from onewindow.disclosure.models import Document, DocumentStatus, Validity
from onewindow.disclosure.selectors import documents as selectors
from onewindow.disclosure.services import publishing
from onewindow.supervision.models import State
from tests.disclosure.conftest import draft_data

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 11, 20, 10, 0))


def _through_review(world, **data):
    doc = publishing.create_draft(actor=world.officer, **draft_data(**data))
    doc = publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)
    doc = publishing.review(pk=doc.pk, actor=world.reviewer, version=doc.version, passed=True)
    return doc


@time_machine.travel(NOW, tick=False)
def test_a_normative_document_is_reviewed_masked_published_and_repealed(world):
    id_number = generate_id_number("440104", date(1985, 3, 4))
    body = f"经查，当事人张三（身份证号码：{id_number}）在本市经营食品。特此通知。"
    doc = publishing.create_draft(actor=world.officer, **draft_data(body=body))
    assert doc.status == DocumentStatus.DRAFT
    doc = publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)
    found = selectors.findings(doc)
    assert {f.kind for f in found} == {"id_number", "name"}
    audit_text = str(list(AuditEntry.objects.values_list("data", flat=True)))
    assert id_number not in audit_text  # findings are kinds and spans, never the value

    doc = publishing.review(pk=doc.pk, actor=world.reviewer, version=doc.version, passed=True)
    assert doc.status == DocumentStatus.APPROVAL
    assert id_number not in doc.body
    assert "张＊" in doc.body
    assert doc.body.count("＊") == 10 + 1
    assert selectors.findings(doc) == []

    doc = publishing.approve_and_publish(pk=doc.pk, actor=world.head, version=doc.version)
    assert doc.status == DocumentStatus.PUBLISHED
    assert doc.index_number == "440100-SCJG/2026-00001"
    assert ledger.row(doc).state == State.CLOSED
    assert ledger.row(doc).late is False

    new = _through_review(world, title="新通知", number="穗市监规字〔2026〕2号")
    new = publishing.approve_and_publish(pk=new.pk, actor=world.head, version=new.version)
    assert new.index_number == "440100-SCJG/2026-00002"

    doc = publishing.repeal(
        pk=doc.pk, actor=world.head, version=doc.version, ended_on="2026-11-20", replaced_by=new.pk
    )
    assert doc.validity == Validity.REPEALED
    assert doc.replaced_by == new
    assert doc.ended_on == date(2026, 11, 20)
    assert Document.objects.filter(pk=doc.pk, status=DocumentStatus.PUBLISHED).exists()
    steps = [e.action for e in selectors.history(doc)]
    assert steps == ["drafted", "submitted", "review_passed", "published", "repealed"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"disclosure.review_passed", "disclosure.published", "disclosure.repealed"} <= actions


@time_machine.travel(NOW, tick=False)
def test_the_reviewer_may_keep_only_some_findings_and_add_strings(world):
    body = "联系人：陈大文，电话13812345678。另附李小红的意见。"
    doc = publishing.create_draft(actor=world.officer, **draft_data(body=body))
    doc = publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)
    phone = [f.as_dict() for f in selectors.findings(doc) if f.kind == "mobile"]
    doc = publishing.review(
        pk=doc.pk, actor=world.reviewer, version=doc.version, passed=True, masks=phone,
        extra="李小红",
    )  # fmt: skip
    assert "陈大文" in doc.body  # the reviewer judged the contact's name public
    assert "138＊＊＊＊5678" in doc.body
    assert "李＊＊" in doc.body


@time_machine.travel(NOW, tick=False)
def test_a_returned_review_needs_a_note_and_goes_back_to_the_drafter(world):
    doc = publishing.create_draft(actor=world.officer, **draft_data())
    doc = publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)
    with pytest.raises(ValidationError) as error:
        publishing.review(pk=doc.pk, actor=world.reviewer, version=doc.version, passed=False)
    assert "note" in error.value.message_dict
    assert Document.objects.get(pk=doc.pk).status == DocumentStatus.REVIEW
    doc = publishing.review(
        pk=doc.pk, actor=world.reviewer, version=doc.version, passed=False, note="涉及个人信息"
    )
    assert doc.status == DocumentStatus.RETURNED
    doc = publishing.update_draft(pk=doc.pk, actor=world.officer, version=doc.version, title="改")
    assert doc.title == "改"


@time_machine.travel(NOW, tick=False)
def test_two_reviewers_cannot_both_act_on_one_version(world):
    doc = publishing.create_draft(actor=world.officer, **draft_data())
    doc = publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)
    seen = doc.version
    publishing.review(pk=doc.pk, actor=world.reviewer, version=seen, passed=True)
    with pytest.raises(StaleDocument):
        publishing.review(pk=doc.pk, actor=world.reviewer2, version=seen, passed=True)
    assert Document.objects.get(pk=doc.pk).reviewed_by == world.reviewer


@time_machine.travel(NOW, tick=False)
def test_who_may_not_act(world):
    doc = publishing.create_draft(actor=world.officer, **draft_data())
    doc = publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)
    before = AuditEntry.objects.count()
    for outsider in (world.mz_officer, world.citizen, world.no_role):
        with pytest.raises(DocumentNotFound):
            publishing.review(pk=doc.pk, actor=outsider, version=doc.version, passed=True)
        with pytest.raises(DocumentNotFound):
            selectors.document_for(outsider, doc.pk)
    with pytest.raises(PermissionDenied):  # Art. 17: not the drafter
        publishing.review(pk=doc.pk, actor=world.officer, version=doc.version, passed=True)
    with pytest.raises(PermissionDenied):
        publishing.approve_and_publish(pk=doc.pk, actor=world.reviewer, version=doc.version)
    with pytest.raises(PermissionDenied):
        publishing.create_draft(actor=world.citizen, **draft_data())
    assert AuditEntry.objects.count() == before
    assert Document.objects.get(pk=doc.pk).status == DocumentStatus.REVIEW
    assert list(selectors.office_documents(world.mz_officer)) == []


@time_machine.travel(NOW, tick=False)
def test_bad_input_names_the_field_and_changes_nothing(world):
    with pytest.raises(ValidationError) as error:
        publishing.create_draft(
            actor=world.officer, **draft_data(title="", category="nope", formed_on="2099-01-01")
        )
    assert set(error.value.message_dict) == {"title", "category", "formed_on"}
    for slip in ("0001-01-01", "1949-09-30"):  # a typing slip, not a date the ledger can hold
        with pytest.raises(ValidationError) as error:
            publishing.create_draft(actor=world.officer, **draft_data(formed_on=slip))
        assert set(error.value.message_dict) == {"formed_on"}
    assert not Document.objects.exists()


def test_index_numbers_restart_per_year_and_are_per_agency(world):
    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 30, 9)), tick=False):
        a = _through_review(world)
        a = publishing.approve_and_publish(pk=a.pk, actor=world.head, version=a.version)
        b = _through_review(world)
    with time_machine.travel(timezone.make_aware(datetime(2027, 1, 4, 9)), tick=False):
        b = publishing.approve_and_publish(pk=b.pk, actor=world.head, version=b.version)
        harvested, created = publishing.publish_from_module(
            "test", "1", agency=world.mz, category="other", title="指南", body="正文",
            formed_on=date(2027, 1, 4),
        )  # fmt: skip
        again, created_again = publishing.publish_from_module(
            "test", "1", agency=world.mz, category="other", title="指南", body="正文",
            formed_on=date(2027, 1, 4),
        )  # fmt: skip
    assert (a.index_number, b.index_number) == ("440100-SCJG/2026-00001", "440100-SCJG/2027-00001")
    assert harvested.index_number == "440100-MZ/2027-00001"
    assert (created, created_again, again.pk) == (True, False, harvested.pk)


def test_the_art_26_clock_counts_20_working_days_and_closes_late(world):
    # Formed Monday 2 November 2026: 20 working days end on Monday 30 November.
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 3, 9)), tick=False):
        doc = publishing.create_draft(actor=world.officer, **draft_data())
    row = ledger.row(doc)
    assert row.due_on == date(2026, 11, 30)
    assert row.state == State.OPEN
    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 1, 9)), tick=False):
        assert selectors.due_colour(row) == "red"
        doc = publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)
        doc = publishing.review(pk=doc.pk, actor=world.reviewer, version=doc.version, passed=True)
        doc = publishing.approve_and_publish(pk=doc.pk, actor=world.head, version=doc.version)
    row = ledger.row(doc)
    assert (row.state, row.late) == (State.CLOSED, True)
