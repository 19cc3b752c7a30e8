"""The warnings' world: the city's emergency management bureau (a duty officer, a second duty
officer, its commander) and meteorological bureau, and residents with accounts in 越秀, 天河
and 海珠, some at a standard address, one living in 天河 though registered in 越秀."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.core.identifiers import generate_id_number
from onewindow.registry import geo
from onewindow.registry import services as registry_services
from onewindow.registry.models import Place
from tests.conftest import restore_migration_data
from tests.factories import CitizenFactory, OfficialFactory

YJ, QX, TH_YJ = "440100-YJGL", "440100-QX", "440106-YJGL"
YUEXIU, HAIZHU, TIANHE, BAIYUN = "440104", "440105", "440106", "440111"


class World:
    pass


def official(username: str, role: str, code: str):
    return OfficialFactory(
        username=username, role=role, department=Department.objects.get(code=code)
    )


def resident(rng, username: str, district: str, *, place: Place | None = None, email=""):
    """A citizen with an account, in the population registry, living in ``district``."""
    born = date(1970, 1, 1) + timedelta(days=rng.randrange(15000))
    id_number = generate_id_number(district, born, rng=rng)
    user = CitizenFactory(username=username, id_number=id_number)
    if email:
        user.email = email
        user.save(update_fields=["email"])
    registry_services.save_person(
        id_number, user.real_name, household_division=district, residence=place
    )
    return user


def build() -> World:
    restore_migration_data()
    departments_data.load()
    geo.load_boundaries()
    geo.load_places()
    rng = random.Random(2026)
    w = World()
    w.yj, w.qx, w.th_yj = (Department.objects.get(code=c) for c in (YJ, QX, TH_YJ))
    w.officer = official("yj_duty", Role.DUTY_OFFICER, YJ)
    w.officer2 = official("yj_duty2", Role.DUTY_OFFICER, YJ)
    w.commander = official("yj_commander", Role.COMMANDER, YJ)
    w.qx_officer = official("qx_duty", Role.DUTY_OFFICER, QX)
    w.th_officer = official("th_yj_duty", Role.DUTY_OFFICER, TH_YJ)
    w.residents = {
        YUEXIU: [resident(rng, f"yx{n}", YUEXIU, email=f"yx{n}@example.cn") for n in range(3)],
        HAIZHU: [resident(rng, f"hz{n}", HAIZHU) for n in range(2)],
        TIANHE: [resident(rng, f"th{n}", TIANHE) for n in range(2)],
        BAIYUN: [resident(rng, f"by{n}", BAIYUN) for n in range(2)],
    }
    # registered in 越秀 but living at a standard address in 天河
    w.place = Place.objects.filter(division__path__contains=f"/{TIANHE}/").order_by("code").first()
    w.mover = resident(rng, "mover", YUEXIU, place=w.place)
    return w


def typhoon(**overrides) -> dict:
    """A blue typhoon warning for 越秀, 海珠 and 天河, in force for a day."""
    now = timezone.now()
    data = {
        "hazard": "typhoon",
        "level": "blue",
        "headline": "广州市台风蓝色预警",
        "headline_en": "Typhoon blue warning for Guangzhou",
        "description": "台风“海燕”将于24小时内影响本市。",
        "description_en": "Typhoon Haiyan will affect the city within 24 hours.",
        "advice": "减少户外活动，加固门窗。",
        "advice_en": "Stay indoors where you can and secure doors and windows.",
        "divisions": [YUEXIU, HAIZHU, TIANHE],
        "responsible": ["440100-SWU"],
        "effective_at": now.isoformat(),
        "expires_at": (now + timedelta(days=1)).isoformat(),
    }
    data.update(overrides)
    return data
