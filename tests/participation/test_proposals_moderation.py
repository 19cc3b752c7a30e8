"""The moderator's side of proposals through the services: publish or refuse, hide with a
published reason, merge a duplicate (supporters carried over, none counted twice), flagged
supports (burst of new accounts, one address) cleared or discounted, and rate limits."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from onewindow.accounts.identity.throttle import RateLimited
from onewindow.core.models import AuditEntry
from onewindow.participation import abuse
from onewindow.participation.models import (
    FlagState,
    Proposal,
    ProposalModeration,
    ProposalModerationAction,
    ProposalStatus,
    Support,
)
from onewindow.participation.proposals_ledger import KIND
from onewindow.participation.services import proposals as services
from onewindow.participation.services import proposals_moderation as moderation
from onewindow.supervision.models import Matter, State
from tests.participation.proposals_world import (
    _no_second_factor,
    propose,
    published,
    verified_citizen,
    world,
)

__all__ = ["_no_second_factor", "world"]


def test_only_the_moderator_publishes_and_the_department_may_be_chosen(world):
    made = propose(world.author, category="other")
    for someone in (world.cg_officer, world.citizens[0], world.author):
        with pytest.raises(PermissionDenied):
            moderation.publish(someone, made.number)
    with pytest.raises(ValidationError) as caught:  # "other" has no department of its own
        moderation.publish(world.moderator, made.number)
    assert "department" in caught.value.message_dict
    done = moderation.publish(world.moderator, made.number, department=world.zj)
    assert done.status == ProposalStatus.PUBLISHED
    assert done.department == world.zj
    assert done.threshold == 3
    assert ProposalModeration.objects.filter(proposal=done, action="publish").exists()
    assert AuditEntry.objects.filter(
        action="participation.proposal_moderated_publish", object_id=done.number
    ).exists()


def test_a_refused_proposal_keeps_its_published_reason_and_is_never_listed(world):
    made = propose(world.author)
    with pytest.raises(ValidationError) as caught:
        moderation.reject(world.moderator, made.number, reason="")
    assert "reason" in caught.value.message_dict
    moderation.reject(world.moderator, made.number, reason="not_a_proposal", note="请拨打12345")
    made.refresh_from_db()
    assert made.status == ProposalStatus.CLOSED
    assert made.hidden_reason == "not_a_proposal"
    assert made.published_on is None


def test_hiding_keeps_the_proposal_and_closes_its_clock(world):
    proposal = published(world)
    for citizen in world.citizens[:3]:
        services.support(citizen, proposal.number)
    assert Matter.objects.get(kind=KIND, key=proposal.number).state == State.OPEN
    moderation.hide(world.moderator, proposal.number, reason="personal_data")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED
    assert proposal.hidden
    assert Proposal.objects.filter(pk=proposal.pk).exists()
    assert Support.objects.filter(proposal=proposal).count() == 3
    assert Matter.objects.get(kind=KIND, key=proposal.number).state == State.CLOSED


def test_merging_carries_supporters_over_without_counting_anyone_twice(world):
    a, b, c, d = world.citizens
    target = published(world, title="地铁口增设单车停放点")
    duplicate = published(world, author=a, title="共享单车停放点")
    services.support(b, target.number)
    services.support(b, duplicate.number)  # supports both: counted once after the merge
    services.support(c, duplicate.number)
    services.support(world.author, duplicate.number)  # the target's author: never a supporter
    kept = moderation.merge(world.moderator, duplicate.number, into=target.number)
    assert kept.pk == target.pk
    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.status == ProposalStatus.MERGED
    assert duplicate.merged_into == target
    supporters = set(Support.objects.filter(proposal=target).values_list("user", flat=True))
    assert supporters == {a.pk, b.pk, c.pk}  # the duplicate's author supports it too
    assert target.supports_count == 3
    assert target.reached_on is not None  # the carried supports reach the threshold of 3
    with pytest.raises(ValidationError):
        services.support(d, duplicate.number)


def test_a_proposal_cannot_be_merged_into_itself_or_an_unpublished_one(world):
    one = published(world)
    pending = propose(world.citizens[0])
    for into in (one.number, pending.number, "JY2000-00001"):
        with pytest.raises(ValidationError) as caught:
            moderation.merge(world.moderator, one.number, into=into)
        assert "into" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        moderation.merge(world.cg_officer, pending.number, into=one.number)


def test_supports_from_a_burst_of_new_accounts_are_flagged_not_dropped(world, settings):
    settings.ONEWINDOW_PROPOSAL_THRESHOLD = 4
    proposal = published(world)
    services.support(world.citizens[0], proposal.number)  # an old account: counted
    start = timezone.make_aware(datetime(2026, 11, 30, 3, 0))
    burst = [verified_citizen(joined=start + timedelta(minutes=2 * i)) for i in range(3)]
    services.support(burst[0], proposal.number)
    proposal.refresh_from_db()
    assert proposal.supports_count == 2  # one new account alone is no burst
    services.support(burst[1], proposal.number)
    services.support(burst[2], proposal.number)  # the third within minutes: a burst
    rows = {s.user_id: s for s in Support.objects.filter(proposal=proposal)}
    assert {rows[u.pk].flag for u in burst} == {FlagState.FLAGGED}
    assert {rows[u.pk].flag_reason for u in burst} == {abuse.BURST}
    assert rows[world.citizens[0].pk].flag == FlagState.NONE
    proposal.refresh_from_db()
    assert (proposal.supports_count, proposal.flagged_count) == (1, 3)
    assert proposal.reached_on is None  # flagged supports do not reach the threshold


def test_many_supports_from_one_address_are_flagged_and_a_moderator_decides(world):
    proposal = published(world)
    hall = "203.0.113.7"
    for citizen in world.citizens[:3]:
        services.support(citizen, proposal.number, address=hall)
    proposal.refresh_from_db()
    assert proposal.supports_count == 3
    assert proposal.flagged_count == 0
    fourth = verified_citizen()
    services.support(fourth, proposal.number, address=hall)
    flagged = Support.objects.filter(proposal=proposal, flag=FlagState.FLAGGED)
    assert flagged.count() == 4
    assert set(flagged.values_list("flag_reason", flat=True)) == {abuse.ADDRESS}
    assert not Support.objects.filter(address_hash__contains=hall).exists()  # kept as a hash
    first, second, *_rest = flagged.order_by("pk")
    with pytest.raises(PermissionDenied):
        moderation.clear_support(world.cg_officer, first.pk)
    moderation.clear_support(world.moderator, first.pk)
    moderation.discount_support(world.moderator, second.pk)
    proposal.refresh_from_db()
    assert (proposal.supports_count, proposal.flagged_count) == (1, 2)
    with pytest.raises(ValidationError):
        moderation.clear_support(world.moderator, second.pk)
    actions = set(ProposalModeration.objects.values_list("action", flat=True))
    assert {
        ProposalModerationAction.CLEAR_SUPPORT,
        ProposalModerationAction.CONFIRM_SUPPORT,
    } <= actions


def test_supports_are_rate_limited_per_person_with_a_clear_message(world, settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "support_person": (2, 3600),
    }
    proposals = [published(world, title=f"建议{i}") for i in range(3)]
    supporter = world.citizens[0]
    services.support(supporter, proposals[0].number)
    services.support(supporter, proposals[1].number)
    with pytest.raises(RateLimited) as caught:
        services.support(supporter, proposals[2].number)
    assert "分钟" in str(caught.value)
    assert not Support.objects.filter(user=supporter, proposal=proposals[2]).exists()
    services.support(world.citizens[1], proposals[2].number)  # another person is not limited


def test_proposals_are_rate_limited_per_address(world, settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "proposal_address": (2, 86400),
    }
    cafe = "198.51.100.9"
    propose(world.citizens[0], address=cafe)
    propose(world.citizens[1], address=cafe)
    with pytest.raises(RateLimited):
        propose(world.citizens[2], address=cafe)
    propose(world.citizens[2], address="198.51.100.10")


def test_the_author_and_the_counted_supporters_are_told(world):
    from onewindow.notifications.models import Notification
    from onewindow.participation import proposals_messages as m
    from onewindow.participation.services import proposals as author_services

    proposal = published(world)
    assert Notification.objects.filter(recipient=world.author, kind=m.PUBLISHED).exists()
    hall = "203.0.113.9"
    for citizen in world.citizens:  # the fourth from one address: all four flagged
        author_services.support(citizen, proposal.number, address=hall)
    first = Support.objects.filter(proposal=proposal).order_by("pk").first()
    moderation.clear_support(world.moderator, first.pk)
    author_services.answer(world.cg_officer, proposal.number, kind="adopted", text="采纳。")
    assert Notification.objects.filter(recipient=world.author, kind=m.ANSWERED).count() == 1
    told = Notification.objects.filter(kind=m.SUPPORTED_ANSWERED)
    assert list(told.values_list("recipient", flat=True)) == [first.user_id]  # flagged: not told
    refused = propose(world.citizens[0])
    moderation.reject(world.moderator, refused.number, reason="advertising")
    notice = Notification.objects.get(recipient=world.citizens[0], kind=m.REFUSED)
    assert notice.link == f"/participation/proposals/{refused.number}/"
