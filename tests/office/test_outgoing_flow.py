"""An outgoing 公文 through its flow by the services (党政机关公文处理工作条例 Art. 19-24): the
draft's required elements and kind, 核稿 returning the draft with comments, 会签 by two
departments in parallel, 签发, the number from its counter, sending and 签收; every step
audited and refused to whoever may not take it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from onewindow.office import services as office
from onewindow.office.models import DocumentStatus, Opinion
from tests.office.outgoing_world import NOTICE, countersigned, drafted

pytestmark = pytest.mark.django_db
S = DocumentStatus


@pytest.mark.parametrize(
    ("field", "over"),
    [
        ("kind", {"kind": "memo"}),
        ("title", {"title": ""}),
        ("title", {"title": "关于开展抽检工作的报告"}),  # a 通知 whose title says 报告
        ("main_recipients", {"main_recipients": " "}),
        ("body", {"body": ""}),
        ("classification", {"classification": "秘密"}),
        ("classification", {"classification": "confidential"}),
        ("urgency", {"urgency": "asap"}),
        ("countersigners", {"countersigners": ["440100-NOPE"]}),
        ("countersigners", {"countersigners": ["440100-SCJG"]}),  # its own department
    ],
)
def test_a_draft_with_a_wrong_element_is_refused_on_that_field_and_nothing_is_kept(
    world, field, over
):
    from onewindow.office.models import OutgoingDocument

    with pytest.raises(ValidationError) as caught:
        drafted(world, **over)
    assert field in caught.value.message_dict
    assert not OutgoingDocument.objects.exists()


def test_only_a_drafter_of_the_department_drafts(world):
    with pytest.raises(PermissionDenied):
        office.create_draft(world.scjg, NOTICE, actor=world.zj_drafter)
    with pytest.raises(PermissionDenied):
        office.create_draft(world.scjg, NOTICE, actor=world.clerk)


def test_review_returns_the_draft_with_its_comment_and_every_edit_is_a_version(world):
    document = drafted(world)
    office.submit(document, actor=world.drafter)
    document.refresh_from_db()
    assert document.status == S.REVIEW
    with pytest.raises(ValidationError) as caught:
        office.review(document, actor=world.reviewer, agreed=False)
    assert "comment" in caught.value.message_dict  # a return says what to change
    office.review(document, actor=world.reviewer, agreed=False, comment="抽检范围写具体。")
    document.refresh_from_db()
    assert document.status == S.DRAFT
    told = Notification.objects.get(recipient=world.drafter, kind="office.document_returned")
    assert "抽检范围写具体" in told.body
    office.edit(
        document, {**NOTICE, "body": NOTICE["body"] + "含网络食品经营者。"}, actor=world.drafter
    )
    assert [v.number for v in document.versions.all()] == [1, 2]
    assert document.versions.get(number=2).content["body"].endswith("含网络食品经营者。")
    office.submit(document, actor=world.drafter)
    office.review(document, actor=world.reviewer, agreed=True)
    document.refresh_from_db()
    assert document.status == S.COUNTERSIGN


def test_two_departments_countersign_in_parallel_and_one_objection_returns_the_draft(world):
    document = drafted(world)
    office.submit(document, actor=world.drafter)
    office.review(document, actor=world.reviewer, agreed=True)
    with pytest.raises(PermissionDenied):  # 住建局's head speaks for 住建局 only
        office.countersign(document, world.cg, actor=world.zj_head, agreed=True)
    office.countersign(document, world.cg, actor=world.cg_head, agreed=True)
    with pytest.raises(ValidationError):
        office.countersign(document, world.cg, actor=world.cg_head, agreed=True)
    document.refresh_from_db()
    assert document.status == S.COUNTERSIGN  # still waiting for 住建局
    office.countersign(
        document, world.zj, actor=world.zj_head, agreed=False, comment="请补充物业小区。"
    )
    document.refresh_from_db()
    assert document.status == S.DRAFT
    # the second round asks both again
    office.submit(document, actor=world.drafter)
    office.review(document, actor=world.reviewer, agreed=True)
    office.countersign(document, world.zj, actor=world.zj_head, agreed=True)
    office.countersign(document, world.cg, actor=world.cg_head, agreed=True)
    document.refresh_from_db()
    assert document.status == S.SIGN_OFF
    words = Opinion.objects.filter(document=document, step=Opinion.Step.COUNTERSIGN)
    assert words.count() == 4
    assert words.filter(agreed=False).get().department == world.zj


def test_without_countersigners_the_review_goes_straight_to_sign_off(world):
    document = drafted(world, countersigners=[])
    office.submit(document, actor=world.drafter)
    office.review(document, actor=world.reviewer, agreed=True)
    document.refresh_from_db()
    assert document.status == S.SIGN_OFF


def test_sign_off_by_the_leader_dates_the_document_and_numbers_follow_the_counter(world):
    document = countersigned(world)
    with pytest.raises(PermissionDenied):
        office.sign_off(document, actor=world.reviewer, agreed=True)
    with time_machine.travel(date(2027, 1, 8)):
        office.sign_off(document, actor=world.signer, agreed=True)
    document.refresh_from_db()
    assert document.status == S.ISSUE
    assert document.signer == world.signer
    assert document.signed_on == date(2027, 1, 8)  # 成文日期: the day it was signed off
    agency = office.agency_of(world.scjg)
    assert office.next_number(agency, 2027) == ("穗市监〔2027〕1号", 1)
    assert office.next_number(agency, 2027) == ("穗市监〔2027〕2号", 2)
    assert office.next_number(agency, 2028) == ("穗市监〔2028〕1号", 1)


def test_each_step_is_audited(world):
    document = countersigned(world)
    office.sign_off(document, actor=world.signer, agreed=True)
    actions = set(
        AuditEntry.objects.filter(
            object_type="outgoingdocument", object_id=str(document.pk)
        ).values_list("action", flat=True)
    )
    assert {
        "office.document_drafted",
        "office.document_submitted",
        "office.document_reviewed",
        "office.document_countersigned",
        "office.document_signed_off",
    } <= actions
