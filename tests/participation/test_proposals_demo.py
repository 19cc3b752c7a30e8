"""The demo's citizens' proposals, made through the real services, once: one answered by 城管,
one waiting for 住建局 with its due date in the ledger, one awaiting moderation, a merged
duplicate and flagged supports from a burst of new accounts."""

from onewindow.demo import participation_proposals as demo
from onewindow.demo.accounts import DEFAULT_PASSWORD
from onewindow.participation.models import FlagState, Proposal, ProposalStatus, Support
from onewindow.participation.proposals_ledger import KIND
from onewindow.supervision.models import Matter, State
from tests.participation.proposals_world import _no_second_factor, verified_citizen, world

__all__ = ["_no_second_factor", "world"]


def test_the_demo_is_made_once_with_every_state(world):
    verified_citizen(username="citizen")
    made = demo.ensure(DEFAULT_PASSWORD)
    assert made["made"] == 4
    assert demo.ensure(DEFAULT_PASSWORD) == {"made": 0}
    answered = Proposal.objects.get(number=made["answered"])
    assert answered.status == ProposalStatus.ANSWERED
    assert answered.answer.department == world.cg
    assert Matter.objects.get(kind=KIND, key=answered.number).state == State.CLOSED
    assert answered.supports_count == 5  # three, and two carried over from the duplicate
    merged = Proposal.objects.get(number=made["merged"])
    assert merged.merged_into == answered
    waiting = Proposal.objects.get(number=made["waiting"])
    assert waiting.status == ProposalStatus.PUBLISHED
    matter = Matter.objects.get(kind=KIND, key=waiting.number)
    assert matter.state == State.OPEN
    assert matter.department == world.zj
    assert matter.due_on == waiting.answer_due_on == made["due_on"]
    assert made["flagged"] == 3
    flagged = Support.objects.filter(proposal=waiting, flag=FlagState.FLAGGED)
    assert set(flagged.values_list("user__username", flat=True)) == {"burst1", "burst2", "burst3"}
    assert Proposal.objects.get(number=made["pending"]).status == ProposalStatus.PENDING
