"""Incoming 公文 (收文) through 党政机关公文处理工作条例 Art. 24: a 请示 sent on the platform is
registered when 市场监管局's clerk signs for it (签收, 登记), checked (初审), assigned with the
leader's 批示 (承办), read round (传阅) and answered with a 批复 (答复); a document from outside
registered by hand; 收文号 without gaps; every refusal and every wrong field."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from onewindow.office import incoming
from onewindow.office.incoming_models import IncomingDocument, IncomingStatus, Instruction
from onewindow.office.models import DocumentKind, DocumentStatus
from onewindow.supervision.models import Matter, State
from tests.office.incoming_world import BY_HAND, MONDAY, assigned, at, build_incoming, by_hand
from tests.office.incoming_world import received as received_request

pytestmark = pytest.mark.django_db
S = IncomingStatus


@pytest.fixture
def w(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build_incoming()


def test_a_request_is_registered_assigned_with_an_instruction_and_answered_with_a_reply(w):
    with at(MONDAY):
        document = received_request(w)
    assert document.status == S.REGISTERED
    assert document.number == "穗市监〔2026〕收1"
    assert document.sender == w.yx.name
    assert document.sender_number == "越市监〔2026〕1号"
    assert document.kind == DocumentKind.REQUEST
    with at(MONDAY):
        incoming.check(document, actor=w.clerk, accepted=True)
        instruction = incoming.assign(
            document,
            actor=w.signer,
            handling_department=w.scjg,
            instruction="同意试点，请食品安全处拟文批复。",
            readers=[w.head.pk, w.reader.pk],
        )
    document.refresh_from_db()
    assert document.status == S.READING
    assert document.leader_instruction == "同意试点，请食品安全处拟文批复。"
    assert instruction.due_on.isoformat() == "2026-12-21"  # 10 working days from Monday 7th
    assert Notification.objects.filter(
        recipient=w.drafter, kind="office.incoming_assigned"
    ).exists()
    incoming.mark_read(document, actor=w.head)
    document.refresh_from_db()
    assert document.status == S.READING  # one reader still to read
    incoming.mark_read(document, actor=w.reader)
    document.refresh_from_db()
    assert document.status == S.ASSIGNED
    with at(MONDAY):
        reply = incoming.answer(document, actor=w.drafter)
    assert reply.kind == DocumentKind.REPLY
    assert reply.status == DocumentStatus.DRAFT
    assert reply.title == "广州市市场监督管理局关于开展食品快检试点的批复"
    assert reply.main_recipients == w.yx.name
    assert reply.reply_to == document
    document.refresh_from_db()
    assert document.status == S.ANSWERED
    instruction.refresh_from_db()
    assert instruction.completed_at is not None
    assert not instruction.late
    matter = Matter.objects.get(kind="office-instruction", key=str(instruction.pk))
    assert (matter.state, matter.late) == (State.CLOSED, False)
    actions = set(
        AuditEntry.objects.filter(object_type="incomingdocument").values_list("action", flat=True)
    )
    assert {
        "office.incoming_registered",
        "office.incoming_checked",
        "office.incoming_assigned",
        "office.incoming_read",
        "office.incoming_answered",
    } <= actions


def test_a_returned_document_tells_the_sending_clerk_why(w):
    document = received_request(w)
    incoming.check(document, actor=w.clerk, accepted=False, reason="请示应一文一事。")
    told = Notification.objects.get(recipient=w.yx_clerk, kind="office.incoming_returned")
    assert "请示应一文一事" in told.body


def test_a_document_out_of_scope_is_returned_with_the_reason(w):
    document = by_hand(w)
    with pytest.raises(ValidationError) as caught:
        incoming.check(document, actor=w.clerk, accepted=False)
    assert "reason" in caught.value.message_dict
    incoming.check(document, actor=w.clerk, accepted=False, reason="不属于本机关职权范围。")
    document.refresh_from_db()
    assert (document.status, document.return_reason) == (S.RETURNED, "不属于本机关职权范围。")
    with pytest.raises(PermissionDenied):  # nothing more happens to a returned document
        incoming.assign(document, actor=w.head, handling_department=w.scjg, instruction="办")


def test_a_document_from_outside_is_registered_by_hand_with_its_pdf_and_filed(w):
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    document = incoming.register(w.scjg, BY_HAND, actor=w.clerk, pdf=pdf)
    assert document.pdf.read().startswith(b"%PDF-")
    assigned(w, document)
    incoming.file(document, actor=w.reviewer, note="已转发各区局执行。")
    document.refresh_from_db()
    assert document.status == S.FILED
    assert Instruction.objects.get(document=document).completed_at is not None


@pytest.mark.parametrize(
    ("field", "over"),
    [
        ("sender", {"sender": " "}),
        ("title", {"title": ""}),
        ("title", {"title": "长" * 201}),
        ("kind", {"kind": "memo"}),
        ("received_on", {"received_on": "2999-01-01"}),
        ("received_on", {"received_on": "yesterday"}),
    ],
)
def test_a_registration_with_a_wrong_field_names_it_and_keeps_nothing(w, field, over):
    with pytest.raises(ValidationError) as caught:
        by_hand(w, **over)
    assert field in caught.value.message_dict
    assert not IncomingDocument.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused(w):
    with pytest.raises(ValidationError) as caught:
        incoming.register(w.scjg, BY_HAND, actor=w.clerk, pdf=io.BytesIO(b"MZ\x90\x00"))
    assert "pdf" in caught.value.message_dict
    assert not IncomingDocument.objects.exists()


@pytest.mark.parametrize(
    ("field", "over"),
    [
        ("instruction", {"instruction": "  "}),
        ("handling_department", {"handling_department": None}),
        ("limit", {"limit": 0}),
        ("limit", {"limit": "ten"}),
        ("readers", {"readers": [10**9]}),
    ],
)
def test_an_assignment_with_a_wrong_field_names_it_and_changes_nothing(w, field, over):
    document = by_hand(w)
    incoming.check(document, actor=w.clerk, accepted=True)
    with pytest.raises(ValidationError) as caught:
        incoming.assign(
            document,
            actor=w.head,
            **{"handling_department": w.scjg, "instruction": "请研究。", **over},
        )
    assert field in caught.value.message_dict
    document.refresh_from_db()
    assert document.status == S.CHECKED
    assert not Instruction.objects.exists()
    assert not Matter.objects.exists()


def test_each_step_is_refused_to_the_wrong_role_another_department_and_anonymous(w):
    from django.contrib.auth.models import AnonymousUser

    for outsider in (w.zj_clerk, w.drafter, AnonymousUser()):  # 住建局's clerk, a drafter
        with pytest.raises(PermissionDenied):
            incoming.register(w.scjg, BY_HAND, actor=outsider)
    document = by_hand(w)
    for outsider in (w.zj_clerk, w.head, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            incoming.check(document, actor=outsider, accepted=True)
    incoming.check(document, actor=w.clerk, accepted=True)
    for outsider in (w.clerk, w.zj_head, w.drafter, AnonymousUser()):  # clerks do not 批示
        with pytest.raises(PermissionDenied):
            incoming.assign(document, actor=outsider, handling_department=w.zj, instruction="办")
    incoming.assign(document, actor=w.head, handling_department=w.zj, instruction="请住建局办理。")
    for outsider in (w.reviewer, w.th_clerk, AnonymousUser()):
        with pytest.raises(PermissionDenied):  # only the handling department answers
            incoming.file(document, actor=outsider, note="办结")
    with pytest.raises(PermissionDenied):
        incoming.mark_read(document, actor=w.head)  # not a reader of this round
    incoming.file(document, actor=w.zj_head, note="已办结。")


def test_registration_numbers_have_no_gap_under_a_loop(w):
    with at(MONDAY):
        numbers = [by_hand(w).number for _ in range(12)]
    assert numbers == [f"穗市监〔2026〕收{n}" for n in range(1, 13)]
    assert incoming.next_number(w.scjg, 2027) == ("穗市监〔2027〕收1", 1)
