"""The proposals world: verified citizens registered on different days (so that no burst is
seen unless a test makes one), an unverified citizen, 城管's and 住建局's participation
officers, the platform's moderator, and a proposal published by the moderator."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from onewindow.accounts import departments_data
from onewindow.accounts.identity import services as identity
from onewindow.accounts.models import Department, Role
from onewindow.core.identifiers import generate_id_number
from onewindow.participation.services import proposals as services
from onewindow.participation.services import proposals_moderation as moderation
from tests.conftest import restore_migration_data
from tests.factories import PASSWORD, CitizenFactory, OfficialFactory
from tests.identity import person_record

CG, ZJ, ZWFW = "440100-CG", "440100-ZJ", "440100-ZWFW"
_serial = itertools.count(1)


def verified_citizen(joined: datetime | None = None, name: str = "", username: str = ""):
    """A citizen registered with real-name verification at ``joined`` (by default on a day of
    its own in 2025, so that the accounts of a test never look like a burst)."""
    n = next(_serial)
    joined = joined or timezone.make_aware(datetime(2025, 1, 1, 9)) + timedelta(days=n)
    id_number = generate_id_number("440104", date(1960, 1, 1) + timedelta(days=n * 3))
    name = name or f"市民{n}"
    person_record(name, id_number)
    with time_machine.travel(joined, tick=False):
        return identity.register_citizen(
            username=username or f"pp_citizen{n}",
            password=PASSWORD,
            real_name=name,
            id_number=id_number,
            phone=f"135{n:08d}",
        )


class World:
    pass


def _official(username, role, code):
    return OfficialFactory(
        username=username, role=role, department=Department.objects.get(code=code)
    )


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db, settings):
    settings.ONEWINDOW_PROPOSAL_THRESHOLD = 3
    settings.ONEWINDOW_PROPOSAL_PERIOD_DAYS = 90
    restore_migration_data()
    departments_data.load()
    w = World()
    w.cg = Department.objects.get(code=CG)
    w.zj = Department.objects.get(code=ZJ)
    w.cg_officer = _official("cg_officer", Role.PARTICIPATION_OFFICER, CG)
    w.zj_officer = _official("zj_officer", Role.PARTICIPATION_OFFICER, ZJ)
    w.moderator = _official("moderator", Role.PARTICIPATION_MODERATOR, ZWFW)
    w.author = verified_citizen(name="张建议")
    w.citizens = [verified_citizen() for _ in range(4)]
    w.unverified = CitizenFactory()
    return w


def propose(author, **over):
    data = {
        "title": "在天河路增设非机动车停放点",
        "body": "天河路沿线共享单车乱停放，建议在地铁口附近增设停放点并划线。",
        "category": "city_management",
        "district": "440106",
    }
    data.update(over)
    return services.propose(author, **data)


def published(w, author=None, **over):
    """A proposal of ``author`` (the world's author by default) published by the moderator."""
    made = propose(author or w.author, **over)
    return moderation.publish(w.moderator, made.number)
