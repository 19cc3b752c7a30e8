"""The surveys' world for tests: 住建局's participation officer, 城管's (another department),
verified residents of chosen districts and ages, verified enterprises of chosen industries,
an unverified citizen, and a survey with skip logic built through the services."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from onewindow.accounts import departments_data
from onewindow.accounts.identity import services as identity
from onewindow.accounts.models import Department, Role
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.participation.models import SurveyAudience, SurveyQuestionKind
from onewindow.participation.services import surveys as services
from onewindow.registry import services as registry
from onewindow.registry.models import EntityType, LegalEntity
from tests.conftest import restore_migration_data
from tests.factories import PASSWORD, CitizenFactory, OfficialFactory

ZJ, CG = "440100-ZJ", "440100-CG"
_rng = random.Random(23)
_n = itertools.count(1)


class World:
    pass


def resident(district: str = "440106", birth: date = date(1985, 5, 1)):
    """A citizen in the population registry of ``district``, registered and verified."""
    n = next(_n)
    id_number = generate_id_number(district, birth + timedelta(days=n), rng=_rng)
    name = f"居民{n}"
    registry.save_person(id_number, name, household_division=district)
    return identity.register_citizen(
        username=f"resident{n}",
        password=PASSWORD,
        real_name=name,
        id_number=id_number,
        phone=f"138{n:08d}",
    )


def enterprise(scope: str = "软件开发；信息技术咨询服务", district: str = "440106"):
    """An enterprise in the legal entity registry, registered by its legal representative."""
    n = next(_n)
    rep_id = generate_id_number(district, date(1975, 1, 1) + timedelta(days=n), rng=_rng)
    rep = registry.save_person(rep_id, f"法人{n}", household_division=district)
    uscc = generate_uscc(district, rng=_rng)
    name = f"广州问卷测试{n}有限公司"
    LegalEntity.objects.create(
        uscc=uscc,
        name=name,
        entity_type=EntityType.LIMITED,
        legal_representative=rep,
        registered_capital=100000,
        established_on=date(2015, 1, 1),
        registration_authority="广州市市场监督管理局",
        business_scope=scope,
        division_id=district,
        address="广州市天河区体育西路1号",
    )
    return identity.register_enterprise(
        username=f"firm{n}",
        password=PASSWORD,
        name=name,
        uscc=uscc,
        phone=f"137{n:08d}",
        representative_name=rep.name,
        representative_id_number=rep_id,
    )


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db):
    return make_world()


def make_world() -> World:
    restore_migration_data()
    departments_data.load()
    w = World()
    w.zj = Department.objects.get(code=ZJ)
    w.cg = Department.objects.get(code=CG)
    w.officer = OfficialFactory(
        username="zj_officer", role=Role.PARTICIPATION_OFFICER, department=w.zj
    )
    w.cg_officer = OfficialFactory(
        username="cg_officer", role=Role.PARTICIPATION_OFFICER, department=w.cg
    )
    w.zj_reviewer = OfficialFactory(username="zj_reviewer", role=Role.REVIEWER, department=w.zj)
    w.resident = resident("440106")
    w.other_resident = resident("440104", date(1950, 3, 3))
    w.unverified = CitizenFactory()
    w.firm = enterprise()
    return w


def build(officer, *, audience=SurveyAudience.EVERYONE, sample_size=None, publish=True, **extra):
    """住建局's survey: Q1 single (o1 住在老旧小区 / o2 不住); o2 skips to the end; Q2 scale;
    Q3 multiple; Q4 optional text."""
    today = timezone.localdate()
    survey = services.create_survey(
        officer,
        title="老旧小区改造意见调查",
        title_en="Old neighbourhood renewal survey",
        opens_on=today,
        closes_on=today + timedelta(days=30),
        audience=audience,
        sample_size=sample_size,
        **extra,
    )
    q1 = services.add_question(
        officer, survey.number, kind=SurveyQuestionKind.SINGLE, text="您住在老旧小区吗？",
        options="住在老旧小区 | I live in one\n不住 | I do not",
    )  # fmt: skip
    q2 = services.add_question(
        officer, survey.number, kind=SurveyQuestionKind.SCALE, text="您对小区现状满意吗？",
        scale_max=5,
    )  # fmt: skip
    q3 = services.add_question(
        officer, survey.number, kind=SurveyQuestionKind.MULTIPLE, text="最希望改造哪些方面？",
        options="加装电梯\n外墙翻新\n停车位",
    )  # fmt: skip
    q4 = services.add_question(
        officer, survey.number, kind=SurveyQuestionKind.TEXT, text="其他建议", required=False
    )
    services.set_skip_rule(officer, q1.pk, option_key="o2", target="end")
    if publish:
        services.publish(officer, survey.number)
    survey.refresh_from_db()
    return survey, (q1, q2, q3, q4)
