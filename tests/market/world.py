"""The random inspections' world: 天河区市场监管局 and 市消防救援支队 inspect catering
businesses in 天河 together; 40 restaurants and shops are on the registry."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.market import items, targets
from onewindow.market.models import InspectionItem, Inspector, RiskGrade, Target
from onewindow.registry import services as registry_services
from onewindow.registry.models import EntityStatus, EntityType, LegalEntity
from tests.conftest import restore_migration_data
from tests.factories import OfficialFactory

TH, XF, YX = "440106-SCJG", "440100-XF", "440104-SCJG"
STREETS = ["440106001", "440106002", "440106003", "440106004", "440106013"]
CATERING = "餐饮服务；食品销售；外卖递送服务"
RETAIL = "日用百货销售；食品销售"


class World:
    pass


def official(username: str, role: str, code: str):
    return OfficialFactory(
        username=username, role=role, department=Department.objects.get(code=code)
    )


def entity(rng, name: str, scope: str, status=EntityStatus.ACTIVE) -> LegalEntity:
    person = registry_services.save_person(
        generate_id_number("440106", date(1980, 1, 1), rng=rng), "王" + name[-3:]
    )
    return LegalEntity.objects.create(
        uscc=generate_uscc("440106", rng=rng),
        name=name,
        entity_type=EntityType.INDIVIDUAL_BUSINESS,
        legal_representative=person,
        registered_capital=Decimal("50000.00"),
        established_on=date(2020, 1, 1),
        registration_authority="广州市天河区市场监督管理局",
        business_scope=scope,
        status=status,
        division_id="440106",
        address="广州市天河区体育西路1号",
    )


def build(*, restaurants: int = 30, shops: int = 10) -> World:
    restore_migration_data()
    departments_data.load()
    items.load()
    rng = random.Random(2027)
    w = World()
    w.th, w.xf, w.yx = (Department.objects.get(code=c) for c in (TH, XF, YX))
    w.th_item = InspectionItem.objects.get(code="TH-SP-01")
    w.xf_item = InspectionItem.objects.get(code="XF-01")
    w.head = official("th_head", Role.HEAD, TH)
    w.xf_head = official("xf_head", Role.HEAD, XF)
    w.yx_head = official("yx_head", Role.HEAD, YX)
    w.city_head = official("gz_scjg_head", Role.HEAD, "440100-SCJG")  # consents to listings
    w.restaurants = [entity(rng, f"天河{i:02d}号餐饮店", CATERING) for i in range(restaurants)]
    w.shops = [entity(rng, f"天河{i:02d}号便利店", RETAIL) for i in range(shops)]
    w.closed = entity(rng, "天河已注销餐饮店", CATERING, status=EntityStatus.CANCELLED)
    targets.sync()
    for n, target in enumerate(Target.objects.order_by("entity__uscc")):
        target.street_id = STREETS[n % len(STREETS)]
        target.risk_grade = RiskGrade.values[n % 4]
        target.save()
    w.inspectors = {TH: [], XF: []}
    for code, prefix, count in ((TH, "th", 8), (XF, "xf", 8)):
        for n in range(count):
            user = official(f"{prefix}_officer{n}", Role.ENFORCEMENT_OFFICER, code)
            w.inspectors[code].append(
                Inspector.objects.create(
                    user=user,
                    department=Department.objects.get(code=code),
                    certificate_number=f"44{prefix.upper()}{n:05d}",
                    certificate_valid_until=date(2030, 12, 31),
                    district_id="440106",
                    street_id=STREETS[n % len(STREETS)],
                )
            )
    return w


def plan_data(w, **over) -> dict:
    data = {
        "department": w.th.pk,
        "title": "2027年天河区餐饮服务单位跨部门联合抽查",
        "title_en": "Joint random inspection of catering businesses in Tianhe, 2027",
        "district": "440106",
        "industries": ["H62"],
        "ratio": "20",
        "starts_on": "2027-03-01",
        "ends_on": "2027-06-30",
        "parts": [
            {"item": w.th_item.pk, "inspectors": 2},
            {"item": w.xf_item.pk, "inspectors": 2},
        ],
    }
    data.update(over)
    return data


def drawn_plan(w, **over):
    """天河's joint plan with the fire brigade (``plan_data``), committed and drawn."""
    from onewindow.market import inspections

    plan = inspections.create_plan(actor=w.head, data=plan_data(w, **over))
    inspections.commit(plan, actor=w.head)
    return inspections.run_draw(plan, actor=w.head)


def team(visit) -> dict:
    """The drawn inspectors of ``visit``, by department code."""
    return {m.department.code: m.inspector.user for m in visit.team.all()}


def member(visit, department_code: str):
    """The drawn inspector of ``department_code`` on ``visit``."""
    return team(visit)[department_code]


def recorded_visit(w, *, result: str, description: str, fire=None, plan=None):
    """The first visit of a drawn plan, its record closed: 市场监管 finds ``result``, the fire
    brigade ``fire`` (default: the activity not carried on there)."""
    from onewindow.market import inspections
    from onewindow.market.models import Result

    if plan is None:
        plan = drawn_plan(w)
    visit = plan.inspections.order_by("rank").first()
    people = team(visit)
    inspections.record_finding(
        visit, actor=people[TH], data={"result": result, "description": description}
    )
    inspections.record_finding(
        visit,
        actor=people[XF],
        data={"result": fire or Result.NOT_OPERATING, "description": "未见消防问题"},
    )
    inspections.close_record(
        visit, actor=people[TH], data={"refused": True, "refusal_note": "经营者拒签，两人见证"}
    )
    visit.people = people
    return visit


def build_for_penalties() -> World:
    """The world of penalty cases, in 2026 (its holidays are published): the benchmarks loaded,
    the joint plan drawn for March to June, a hearing officer and a legal reviewer."""
    import time_machine

    from onewindow.market import benchmarks
    from onewindow.market.penalty_models import Band, BandLevel, Violation

    with time_machine.travel(date(2026, 2, 2), tick=False):
        w = build(restaurants=6, shops=0)
        benchmarks.load()
        w.plan = drawn_plan(w, starts_on="2026-03-01", ends_on="2026-06-30")
    w.host = official("th_hearing_officer", Role.ENFORCEMENT_OFFICER, TH)
    w.reviewer = official("th_legal", Role.LEGAL_REVIEWER, TH)
    w.violation = Violation.objects.get(department=w.th, code="SP-126-05")
    w.heavier = Band.objects.get(violation=w.violation, level=BandLevel.HEAVIER)
    return w
