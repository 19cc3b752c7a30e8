"""A property of merging, over many random pairs of proposals: afterwards the kept proposal's
supporters are exactly its own, the duplicate's and the duplicate's author, without its own
author; each is there once; the count is the counted supports; nothing is deleted."""

from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.participation.models import FlagState, Support
from onewindow.participation.services import proposals as services
from onewindow.participation.services import proposals_moderation as moderation
from tests.participation.proposals_world import (
    _no_second_factor,
    published,
    verified_citizen,
    world,
)

__all__ = ["_no_second_factor", "world"]

POOL = 6
indices = st.sets(st.integers(min_value=0, max_value=POOL - 1))


@settings(max_examples=15)
@given(own=indices, duplicates=indices, dup_author=st.integers(min_value=0, max_value=POOL - 1))
def test_merging_keeps_every_supporter_once(world, settings, own, duplicates, dup_author):
    settings.ONEWINDOW_RATE_LIMITS = {
        scope: (10_000, 60) for scope in settings.ONEWINDOW_RATE_LIMITS
    }
    pool = getattr(world, "pool", None) or [verified_citizen() for _ in range(POOL)]
    world.pool = pool
    target = published(world, title="目标建议")
    duplicate = published(world, author=pool[dup_author], title="重复建议")
    for i in own:
        services.support(pool[i], target.number)
    for i in duplicates - {dup_author}:
        services.support(pool[i], duplicate.number)
    before = Support.objects.count()
    moderation.merge(world.moderator, duplicate.number, into=target.number)
    target.refresh_from_db()
    expected = {pool[i].pk for i in own | (duplicates - {dup_author}) | {dup_author}}
    supporters = list(Support.objects.filter(proposal=target).values_list("user", flat=True))
    assert sorted(supporters) == sorted(expected)  # each once: a list, not a set
    assert world.author.pk not in supporters
    counted = Support.objects.filter(proposal=target).exclude(flag=FlagState.FLAGGED)
    assert target.supports_count == counted.count()
    assert Support.objects.filter(proposal=duplicate).count() == len(duplicates - {dup_author})
    assert Support.objects.count() >= before
