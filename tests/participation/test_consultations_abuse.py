"""Abuse controls on comments (participation.abuse, shared with proposals): rate limits per
person and per address with a translated message, and supports from a burst of new accounts
or from one address reaching the moderator flagged, with the flag in the queue."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from onewindow.accounts.identity.throttle import RateLimited
from onewindow.participation import abuse
from onewindow.participation.models import Comment
from onewindow.participation.services import consultations as services
from tests.factories import CitizenFactory
from tests.participation.consultation_world import OPENS, at, opened, verify

pytestmark = pytest.mark.django_db


def _citizen(joined=None):
    made = verify(CitizenFactory())
    if joined is not None:
        type(made).objects.filter(pk=made.pk).update(date_joined=joined)
        made.refresh_from_db()
    return made


def test_comments_are_rate_limited_per_address_and_a_refused_one_is_not_kept(world, settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "comment_address": (2, 3600),
    }
    consultation = opened(world)
    cafe = "198.51.100.9"
    with at(OPENS):
        services.comment(consultation, world.citizen, stance="comment", body="一", address=cafe)
        services.comment(
            consultation, world.other_citizen, stance="comment", body="二", address=cafe
        )
        with pytest.raises(RateLimited) as caught:
            services.comment(
                consultation, world.enterprise, stance="comment", body="三", address=cafe
            )
        assert "分钟" in str(caught.value)
        assert not Comment.objects.filter(author=world.enterprise).exists()
        services.comment(  # another address is not limited
            consultation, world.enterprise, stance="comment", body="三", address="198.51.100.10"
        )
    assert not Comment.objects.filter(address_hash__contains=cafe).exists()  # kept as a hash


def test_supports_from_a_burst_of_new_accounts_are_flagged_for_the_moderator(world):
    consultation = opened(world)
    article = consultation.articles.get(position=3)
    start = timezone.make_aware(datetime(2026, 3, 2, 3, 0))
    burst = [_citizen(joined=start + timedelta(minutes=3 * i)) for i in range(3)]
    with at(OPENS):
        old = services.comment(
            consultation, world.citizen, stance="support", body="", article=article
        )
        made = [
            services.comment(consultation, who, stance="support", body="", article=article)
            for who in burst
        ]
    old.refresh_from_db()
    assert old.flag_reason == ""
    for m in made:
        m.refresh_from_db()
    # the third within minutes makes a burst: all three wait for the moderator flagged
    assert [m.flag_reason for m in made] == [abuse.BURST] * 3
    assert made[2].flag_label == str(abuse.REASONS[abuse.BURST])


def test_many_supports_from_one_address_are_flagged_and_the_queue_shows_it(world, client):
    consultation = opened(world)
    article = consultation.articles.get(position=5)
    hall = "203.0.113.7"
    long_ago = timezone.make_aware(datetime(2025, 1, 6, 9))
    voters = [_citizen(joined=long_ago + timedelta(days=30 * i)) for i in range(4)]
    with at(OPENS):
        made = [
            services.comment(
                consultation, who, stance="oppose", body="不合理", article=article, address=hall
            )
            for who in voters
        ]
        plain = services.comment(
            consultation, _citizen(), stance="comment", body="意见", address=hall
        )
    for m in made:
        m.refresh_from_db()
    assert [m.flag_reason for m in made] == [abuse.ADDRESS] * 4  # the fourth flags them all
    assert plain.flag_reason == ""  # a comment is no vote: only its rate is limited
    client.force_login(world.moderator)
    page = client.get("/workbench/participation/moderation/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page.content.decode().count("Flagged: Many votes from one address") == 4
