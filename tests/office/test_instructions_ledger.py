"""Instructions (督办) in the e-supervision ledger (kind "office-instruction"): the due date in
working days from ``core.clock`` (10 by default, or the leader's limit), progress reports by the
acting department, the yellow and red cards of the ledger's sweep, the leader told once when it
is overdue, and completion closing the matter on time or late."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from onewindow.office import incoming, instructions_ledger
from onewindow.supervision.models import Card, Matter, State
from onewindow.supervision.services import raise_cards
from tests.office.incoming_world import MONDAY, assigned, at, build_incoming

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build_incoming()


def _matter(instruction) -> Matter:
    return Matter.objects.get(kind="office-instruction", key=str(instruction.pk))


def test_an_overdue_instruction_gets_its_cards_and_the_leader_is_told_once(w):
    with at(MONDAY):
        instruction = assigned(w)
    assert instruction.due_on.isoformat() == "2026-12-21"
    matter = _matter(instruction)
    assert (matter.unit, matter.limit, matter.department) == ("working_days", 10, w.scjg)
    with at(timezone.localdate(matter.yellow_from) - timedelta(days=1)):
        raise_cards()
    matter.refresh_from_db()
    assert matter.card == Card.NONE
    with at(timezone.localdate(matter.yellow_from), hour=12):
        raise_cards()
    matter.refresh_from_db()
    assert matter.card == Card.YELLOW
    with at(instruction.due_on + timedelta(days=1)):
        raise_cards()  # the sweep's red card tells the leader (supervision.signals)
        assert instructions_ledger.escalate() == 0  # once
    matter.refresh_from_db()
    assert matter.card == Card.RED
    told = Notification.objects.get(recipient=w.head, kind="office.instruction_overdue")
    assert "请食品安全处研究落实" in told.body
    with at(instruction.due_on + timedelta(days=2)):
        incoming.complete(instruction, actor=w.reviewer)
    matter.refresh_from_db()
    instruction.refresh_from_db()
    assert (matter.state, matter.late, instruction.late) == (State.CLOSED, True, True)


def test_a_limit_set_by_the_leader_and_completion_on_time(w):
    with at(MONDAY):
        instruction = assigned(w, limit=3)
    assert instruction.due_on.isoformat() == "2026-12-10"
    with at(MONDAY + timedelta(days=1)):
        incoming.complete(instruction, actor=w.drafter)
    matter = _matter(instruction)
    assert (matter.state, matter.late) == (State.CLOSED, False)
    with pytest.raises(PermissionDenied):  # done is done
        incoming.complete(instruction, actor=w.drafter)


def test_progress_reports_with_a_file_by_the_acting_department_only(w):
    with at(MONDAY):
        instruction = assigned(w, handling_department=w.zj)
    upload = SimpleUploadedFile("进展.pdf", b"%PDF-1.7\n%%EOF\n")
    report = incoming.report_progress(
        instruction, actor=w.zj_head, text="已完成方案初稿。", file=upload
    )
    assert report.file.read().startswith(b"%PDF-")
    assert list(instruction.reports.values_list("text", flat=True)) == ["已完成方案初稿。"]
    for outsider in (w.clerk, w.head, w.th_clerk):  # the acting department reports, not others
        with pytest.raises(PermissionDenied):
            incoming.report_progress(instruction, actor=outsider, text="进展")
    with pytest.raises(ValidationError) as caught:
        incoming.report_progress(instruction, actor=w.zj_head, text=" ")
    assert "text" in caught.value.message_dict
    assert instruction.reports.count() == 1
    assert AuditEntry.objects.filter(
        action="office.instruction_reported", object_id=str(instruction.pk)
    ).exists()
