"""Proposals through their services: who may propose, one support per person and none on one's
own, the threshold that starts the answer clock in the supervision ledger, the support period."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.core.models import AuditEntry
from onewindow.participation.models import ProposalStatus, Support
from onewindow.participation.proposals_ledger import KIND
from onewindow.participation.services import proposals as services
from onewindow.supervision.models import Matter, State
from tests.participation.proposals_world import _no_second_factor, propose, published, world

__all__ = ["_no_second_factor", "world"]

MONDAY = timezone.make_aware(datetime(2026, 3, 2, 10))


def test_only_a_verified_citizen_may_propose(world):
    with pytest.raises(PermissionDenied):
        propose(world.unverified)
    with pytest.raises(PermissionDenied):
        propose(world.cg_officer)
    made = propose(world.author)
    assert made.status == ProposalStatus.PENDING
    assert made.department == world.cg  # city management answers by category
    assert AuditEntry.objects.filter(action="participation.proposal_proposed").exists()


@pytest.mark.parametrize(
    ("field", "over"),
    [
        ("title", {"title": "  "}),
        ("body", {"body": ""}),
        ("category", {"category": "weather"}),
        ("district", {"district": "110101"}),
    ],
)
def test_a_proposal_names_the_field_at_fault(world, field, over):
    with pytest.raises(ValidationError) as caught:
        propose(world.author, **over)
    assert field in caught.value.message_dict


def test_a_photo_must_be_an_image(world):
    with pytest.raises(ValidationError) as caught:
        propose(world.author, photos=[("note.txt", b"just text")])
    assert "photos" in caught.value.message_dict


def test_a_pending_proposal_takes_no_support(world):
    made = propose(world.author)
    with pytest.raises(ValidationError):
        services.support(world.citizens[0], made.number)


def test_one_support_per_person_and_none_on_ones_own(world):
    proposal = published(world)
    services.support(world.citizens[0], proposal.number)
    with pytest.raises(ValidationError) as again:
        services.support(world.citizens[0], proposal.number)
    assert "proposal" in again.value.message_dict
    with pytest.raises(ValidationError) as own:
        services.support(world.author, proposal.number)
    assert "proposal" in own.value.message_dict
    with pytest.raises(PermissionDenied):
        services.support(world.unverified, proposal.number)
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_the_database_refuses_a_second_support_of_the_same_person(world):
    proposal = published(world)
    made = services.support(world.citizens[0], proposal.number)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(proposal=proposal, user=made.user, at=made.at)


def test_reaching_the_threshold_starts_the_answer_clock_in_the_ledger(world):
    with time_machine.travel(MONDAY, tick=False):
        proposal = published(world)
        services.support(world.citizens[0], proposal.number)
        services.support(world.citizens[1], proposal.number)
        assert not Matter.objects.filter(kind=KIND).exists()
    with time_machine.travel(MONDAY.replace(day=4), tick=False):  # Wednesday
        services.support(world.citizens[2], proposal.number)
    proposal.refresh_from_db()
    assert proposal.supports_count == 3
    assert proposal.reached_on == date(2026, 3, 4)
    matter = Matter.objects.get(kind=KIND, key=proposal.number)
    assert matter.department_id == world.cg.pk
    # 20 working days from Wednesday 4 March 2026 (no holiday in between): Wednesday 1 April
    assert matter.due_on == proposal.answer_due_on == date(2026, 4, 1)
    assert matter.state == State.OPEN


def test_the_support_period_is_ninety_calendar_days_and_then_closes(world):
    with time_machine.travel(MONDAY, tick=False):
        proposal = published(world)
    # 2 March + 90 days = 31 May 2026, a Sunday: the period runs to the next working day
    assert proposal.support_ends_on == date(2026, 6, 1)
    with time_machine.travel(timezone.make_aware(datetime(2026, 6, 1, 23)), tick=False):
        services.support(world.citizens[0], proposal.number)
    with (
        time_machine.travel(timezone.make_aware(datetime(2026, 6, 2, 9)), tick=False),
        pytest.raises(ValidationError),
    ):
        services.support(world.citizens[1], proposal.number)


def test_the_threshold_in_force_at_publication_stays_with_the_proposal(world, settings):
    proposal = published(world)
    settings.ONEWINDOW_PROPOSAL_THRESHOLD = 1
    services.support(world.citizens[0], proposal.number)
    proposal.refresh_from_db()
    assert proposal.threshold == 3
    assert proposal.reached_on is None


def test_a_calendar_edit_moves_a_running_answer_date(world):
    from onewindow.core import services as core_services

    with time_machine.travel(MONDAY, tick=False):
        proposal = published(world)
        for citizen in world.citizens[:3]:
            services.support(citizen, proposal.number)
    proposal.refresh_from_db()
    assert proposal.answer_due_on == date(2026, 3, 30)  # 20 working days from Monday 2 March
    core_services.set_calendar_day(day=date(2026, 3, 9), kind="holiday", name="测试")
    proposal.refresh_from_db()
    assert proposal.answer_due_on == date(2026, 3, 31)
    assert Matter.objects.get(kind=KIND, key=proposal.number).due_on == date(2026, 3, 31)


def test_a_proposal_number_is_never_given_twice_even_after_a_proposal_is_removed(world):
    first = propose(world.author)
    second = propose(world.author)
    assert first.number.endswith("-00001")
    assert second.number.endswith("-00002")
    # an administrator deletes the first (admin), and the next number still moves on
    first.delete()
    third = propose(world.author)
    assert third.number.endswith("-00003")
