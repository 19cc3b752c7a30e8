"""Under real concurrency (PostgreSQL, threads with their own connections): a person's support
and opposition sent at once on one article make one stance, and two moderators deciding one
comment at once make one decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from onewindow.accounts.models import Department, Role
from onewindow.participation.models import Comment, ModerationDecision
from onewindow.participation.services import consultations as services
from tests.cases.test_concurrent_join import run_together
from tests.factories import OfficialFactory
from tests.participation import consultation_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are proven on PostgreSQL")
    today = timezone.localdate()
    made = services.publish(
        consultation_world.draft(world),
        actor=world.officer,
        opens_on=today,
        closes_on=today + timedelta(days=40),
    )
    return world, made


def test_support_and_opposition_at_once_make_one_stance(live):
    world, made = live
    article = made.articles.get(position=4)
    errors = run_together(
        lambda: services.comment(made, world.citizen, stance="support", body="", article=article),
        lambda: services.comment(
            made, world.citizen, stance="oppose", body="不同意", article=article
        ),
    )
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert Comment.objects.filter(article=article, author=world.citizen).count() == 1


def test_two_moderators_at_once_make_one_decision(live):
    world, made = live
    second = OfficialFactory(
        role=Role.PARTICIPATION_MODERATOR, department=Department.objects.get(code="440100-ZWFW")
    )
    comment = services.comment(made, world.other_citizen, stance="comment", body="一条意见")
    errors = run_together(
        lambda: services.approve(comment, actor=world.moderator),
        lambda: services.reject(comment, actor=second, reason="off_topic"),
    )
    assert len(errors) == 1
    assert isinstance(errors[0], PermissionDenied)
    assert ModerationDecision.objects.filter(comment=comment).count() == 1
