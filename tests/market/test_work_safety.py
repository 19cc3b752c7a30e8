"""Work-safety inspections (安全生产) on the random-inspection services: 天河区应急管理局 draws
manufacturers, orders a hidden danger rectified by a date (安全生产法 Art. 65) and confirms it
at a review visit; the ledger counts to the date in between."""

import random
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.accounts.models import Department, Role
from onewindow.market import inspections, rectification
from onewindow.market import targets as target_list
from onewindow.market.models import Finding, InspectionItem, Inspector, PlanStatus, Result
from onewindow.supervision.models import Matter, State
from tests.market.world import TH, entity, member, official

YJ = "440106-YJGL"
MANUFACTURING = ["塑料制品制造；塑料制品销售", "服装制造；服装服饰批发", "电子元器件制造"]
DUST = "除尘系统未按规定设置锁气卸灰装置，责令限期整改"


@pytest.fixture
def bureau(world):
    """天河区应急管理局's head and three officers, and nine manufacturers among the world's
    restaurants and shops."""
    rng = random.Random(4754)
    for n in range(9):
        entity(rng, f"天河{n:02d}号制造有限公司", MANUFACTURING[n % 3])
    target_list.sync()
    department = Department.objects.get(code=YJ)
    world.yj_head = official("th_yj_head", Role.HEAD, YJ)
    world.yj_officers = []
    for n in range(3):
        user = official(f"yj_officer{n}", Role.ENFORCEMENT_OFFICER, YJ)
        Inspector.objects.create(
            user=user,
            department=department,
            certificate_number=f"44YJ{n:05d}",
            certificate_valid_until=date(2030, 12, 31),
            district_id="440106",
        )
        world.yj_officers.append(user)
    world.yj_item = InspectionItem.objects.get(department=department, code="TH-YJ-01")
    return world


def drawn_work_safety_plan(w):
    plan = inspections.create_plan(
        actor=w.yj_head,
        data={
            "title": "2027年天河区工贸企业安全生产随机抽查",
            "title_en": "Random work-safety inspection of industrial enterprises in Tianhe, 2027",
            "district": "440106",
            "industries": ["C18", "C29", "C39"],
            "ratio": "50",
            "starts_on": "2027-03-01",
            "ends_on": "2027-06-30",
            "parts": [{"item": w.yj_item.pk, "inspectors": 2}],
        },
    )
    inspections.commit(plan, actor=w.yj_head)
    return inspections.run_draw(plan, actor=w.yj_head)


def test_the_emergency_bureau_draws_manufacturers_with_its_own_item(bureau):
    plan = drawn_work_safety_plan(bureau)
    assert plan.status == PlanStatus.DRAWN
    assert plan.department.code == YJ
    assert plan.target_count == 9  # the manufacturers, none of the restaurants and shops
    visits = list(plan.inspections.select_related("target"))
    assert len(visits) == 5  # ceil(9 × 50 %)
    assert {v.target.industry for v in visits} <= {"C18", "C29", "C39"}
    for visit in visits:
        assert {m.department.code for m in visit.team.all()} == {YJ}
    with pytest.raises(ValidationError) as error:  # the market bureau plans for its own lists
        inspections.create_plan(
            actor=bureau.head,
            data={"department": Department.objects.get(code=YJ).pk, "title": "x"},
        )
    assert "department" in error.value.message_dict


def test_a_hidden_danger_is_ordered_rectified_by_a_date_the_ledger_counts_to(bureau):
    plan = drawn_work_safety_plan(bureau)
    visit = plan.inspections.order_by("rank").first()
    officer = member(visit, YJ)
    with time_machine.travel(date(2027, 3, 10)):
        for too_early in ("2027-03-09", "2027-03-10"):  # before the visit day, or on it
            with pytest.raises(ValidationError) as error:
                inspections.record_finding(
                    visit,
                    actor=officer,
                    data={"result": Result.FOLLOW_UP, "description": DUST,
                          "visited_on": "2027-03-10", "rectify_by": too_early},
                )  # fmt: skip
            assert set(error.value.message_dict) == {"rectify_by"}
        assert not Finding.objects.filter(inspection=visit).exists()
        assert not Matter.objects.filter(kind="inspection-rectification").exists()
        finding = inspections.record_finding(
            visit,
            actor=officer,
            data={"result": Result.FOLLOW_UP, "description": DUST,
                  "visited_on": date(2027, 3, 10), "rectify_by": "2027-03-25"},
        )  # fmt: skip
    assert finding.rectify_by == date(2027, 3, 25)
    matter = Matter.objects.get(kind="inspection-rectification", key=f"{visit.reference}/{YJ}")
    assert matter.due_on == date(2027, 3, 25)
    assert matter.unit == "fixed_date"
    assert matter.state == State.OPEN
    assert matter.department.code == YJ

    market_officer = bureau.inspectors[TH][0].user  # 天河区市场监管局 ordered nothing here
    with time_machine.travel(date(2027, 3, 20)):
        with pytest.raises(PermissionDenied):
            rectification.review(finding, actor=market_officer, data={"note": "复查：已整改"})
        finding.refresh_from_db()
        matter.refresh_from_db()
        assert finding.rectified_at is None
        assert matter.state == State.OPEN
        colleague = next(u for u in bureau.yj_officers if u != officer)  # any of the bureau's
        rectification.review(finding, actor=colleague, data={"note": "复查：已整改到位"})
    finding.refresh_from_db()
    matter.refresh_from_db()
    assert finding.rectified_at.date() == date(2027, 3, 20)
    assert finding.reviewed_by == colleague
    assert finding.rectification_note == "复查：已整改到位"
    assert matter.state == State.CLOSED
    assert matter.late is False
