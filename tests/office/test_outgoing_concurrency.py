"""Under real concurrency (PostgreSQL, threads with their own connections): eight signers
taking document numbers at once get every number once, with no gap; two countersigners of one
department at once give one countersignature; two clerks issuing one document at once number
it once; two offices booking one room for the same hour get it once."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from onewindow.accounts.models import Role
from onewindow.office import services as office
from onewindow.office.models import Opinion, OutgoingDocument
from tests.cases.test_concurrent_join import run_together
from tests.office.outgoing_world import countersigned, drafted, official

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are proven on PostgreSQL")
    return world


def test_eight_signers_at_once_get_every_number_once(live):
    agency = office.agency_of(live.scjg)
    taken: list[int] = []

    def take_five():
        for _ in range(5):
            with transaction.atomic():
                taken.append(office.next_number(agency, 2030)[1])

    assert run_together(*[take_five] * 8) == []
    assert sorted(taken) == list(range(1, 41))


def test_two_heads_of_one_department_countersign_once(live):
    document = drafted(live)
    office.submit(document, actor=live.drafter)
    office.review(document, actor=live.reviewer, agreed=True)
    deputy = official("zj_deputy", Role.DOCUMENT_SIGNER, "440100-ZJ")
    errors = run_together(
        lambda: office.countersign(document, live.zj, actor=live.zj_head, agreed=True),
        lambda: office.countersign(document, live.zj, actor=deputy, agreed=True),
    )
    assert len(errors) == 1
    assert Opinion.objects.filter(document=document, department=live.zj).count() == 1


def test_two_clerks_issuing_at_once_number_the_document_once(live, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = countersigned(live)
    office.sign_off(document, actor=live.signer, agreed=True)
    second = official("scjg_clerk2", Role.DOCUMENT_CLERK, "440100-SCJG")
    errors = run_together(
        lambda: office.issue(document, actor=live.clerk),
        lambda: office.issue(document, actor=second),
    )
    assert len(errors) == 1
    issued = OutgoingDocument.objects.get(pk=document.pk)
    assert issued.sequence == 1
    assert office.next_number(office.agency_of(live.scjg), issued.issued_at.year)[1] == 2


def test_two_offices_booking_one_room_at_once_get_it_once(live):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from onewindow.office import meetings
    from onewindow.office.meeting_models import Meeting, MeetingRoom

    room = MeetingRoom.objects.create(department=live.scjg, name="第一会议室", rows=2, columns=5)
    zj_clerk = official("zj_clerk", Role.DOCUMENT_CLERK, "440100-ZJ")
    start = timezone.now() + timedelta(days=3)

    def book(department, clerk, title):
        return lambda: meetings.schedule(
            department,
            {"title": title, "starts_at": start, "ends_at": start + timedelta(hours=1),
             "room": room.pk, "attendees": [live.zj_head.pk, live.cg_head.pk],
             "agenda": [{"title": "议题"}]},
            actor=clerk,
        )  # fmt: skip

    errors = run_together(
        book(live.scjg, live.clerk, "市场监管局局务会议"), book(live.zj, zj_clerk, "住建局局务会议")
    )
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "room" in errors[0].message_dict
    assert Meeting.objects.filter(room=room).count() == 1
