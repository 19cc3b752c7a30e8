"""A joint random inspection of catering businesses in 天河 by market supervision and fire,
through the services: plan, commitment, draw, shared record, publication in the ledger."""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from gmssl import sm3

from onewindow.core.models import AuditEntry
from onewindow.market import draw, inspection_ledger, inspections, selectors
from onewindow.market.models import (
    Finding,
    Inspection,
    InspectionStatus,
    Plan,
    PlanStatus,
    Result,
    Target,
)
from onewindow.notifications.models import Notification
from onewindow.supervision.models import State
from tests.factories import CitizenFactory
from tests.market.world import TH, XF, drawn_plan, member, plan_data

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(content=PNG, name="sign.png"):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_a_plan_with_bad_fields_names_each_and_stores_nothing(world):
    bad = plan_data(
        world,
        title="",
        district="999999",
        industries=["H99"],
        ratio="0",
        ends_on="2027-01-01",
        parts=[{"item": world.xf_item.pk, "inspectors": 1}],
    )
    with pytest.raises(ValidationError) as error:
        inspections.create_plan(actor=world.head, data=bad)
    assert set(error.value.message_dict) == {
        "title",
        "district",
        "industries",
        "ratio",
        "ends_on",
        "parts",
    }
    assert not Plan.objects.exists()


def test_only_a_head_of_an_inspecting_department_makes_plans(world):
    for outsider in (world.inspectors[TH][0].user, CitizenFactory()):
        with pytest.raises(PermissionDenied):
            inspections.create_plan(actor=outsider, data=plan_data(world))
    with pytest.raises(ValidationError) as error:  # 越秀's head, for 天河's department
        inspections.create_plan(actor=world.yx_head, data=plan_data(world))
    assert "department" in error.value.message_dict


def test_commit_publishes_lists_and_commitment_not_the_seed(world):
    plan = inspections.create_plan(actor=world.head, data=plan_data(world))
    assert plan.number == "SJ-440106-2027-001"
    plan = inspections.commit(plan, actor=world.head)
    lists, content = inspections.read_lists(plan)
    assert sm3.sm3_hash(list(content)) == plan.lists_digest
    assert lists["commitment"] == plan.commitment == sm3.sm3_hash(list(plan.seed.encode()))
    assert plan.seed not in content.decode()
    assert not plan.revealed_seed
    # the 30 restaurants of 天河 in business; not the shops, not the deregistered one
    assert plan.target_count == len(lists["targets"]) == 30
    assert world.closed.uscc not in content.decode()
    assert {p["department"] for p in lists["parts"]} == {TH, XF}
    # the seed is stored encrypted, never in clear
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT seed FROM market_plan WHERE id = %s", [plan.pk])
        (stored,) = cursor.fetchone()
    assert plan.seed not in str(stored)


def test_the_draw_is_re_run_from_what_is_published(world):
    plan = drawn_plan(world)
    assert plan.status == PlanStatus.DRAWN
    assert plan.revealed_seed == plan.seed
    lists, _ = inspections.read_lists(plan)
    rows = list(plan.inspections.order_by("rank"))
    assert len(rows) == 6  # ceil(30 × 20 %)
    again = draw.run(json.loads(draw.canonical(lists)), plan.revealed_seed)
    assert [r.uscc for r in again] == [i.target.entity.uscc for i in rows]
    for inspection, row in zip(rows, again, strict=True):
        team = {
            code: sorted(
                m.inspector.certificate_number
                for m in inspection.team.all()
                if m.department.code == code
            )
            for code in (TH, XF)
        }
        assert team == {code: sorted(row.team[code]) for code in (TH, XF)}
        for m in inspection.team.all():  # nobody inspects their own street
            assert m.inspector.street_id != inspection.target.street_id
    told = Notification.objects.filter(kind=inspections.DRAWN)
    assert told.count() == len({m.inspector.user_id for i in rows for m in i.team.all()})
    assert AuditEntry.objects.filter(action="market.plan_drawn", object_id=str(plan.pk)).exists()


def test_a_plan_is_drawn_once(world):
    plan = drawn_plan(world)
    with pytest.raises(PermissionDenied):
        inspections.run_draw(plan, actor=world.head)
    assert plan.inspections.count() == 6


def test_inspectors_last_time_are_not_drawn_for_the_same_target(world):
    first = inspections.create_plan(actor=world.head, data=plan_data(world, ratio="100"))
    inspections.commit(first, actor=world.head)
    inspections.run_draw(first, actor=world.head)
    second = inspections.create_plan(actor=world.head, data=plan_data(world, ratio="100"))
    second = inspections.commit(second, actor=world.head)
    lists, content = inspections.read_lists(second)
    last = {
        i.target.entity.uscc: {m.inspector.certificate_number for m in i.team.all()}
        for i in first.inspections.all()
    }
    excluded = {t["uscc"]: set(t["excluded"]) for t in lists["targets"]}
    assert all(team <= excluded[uscc] for uscc, team in last.items())
    assert "street" not in content.decode()
    assert not any(s in content.decode() for s in ("440106001", "440106013"))
    inspections.run_draw(second, actor=world.head)
    for inspection in second.inspections.all():
        now = {m.inspector.certificate_number for m in inspection.team.all()}
        assert not now & last[inspection.target.entity.uscc]


def test_each_department_records_its_finding_on_one_record(world):
    plan = drawn_plan(world)
    inspection = plan.inspections.order_by("rank").first()
    th_officer, xf_officer = member(inspection, TH), member(inspection, XF)
    with time_machine.travel(date(2027, 3, 10)):
        with pytest.raises(ValidationError) as error:
            inspections.record_finding(
                inspection, actor=th_officer, data={"result": Result.FOLLOW_UP}
            )
        assert set(error.value.message_dict) == {"description"}
        inspections.record_finding(
            inspection,
            actor=th_officer,
            data={
                "result": Result.FOLLOW_UP,
                "description": "后厨餐具消毒记录缺失",
                "visited_on": "2027-03-10",
            },
        )
        with pytest.raises(ValidationError) as error:
            inspections.close_record(
                inspection, actor=th_officer, data={"signed_by": "王老板"}, signature=upload()
            )
        assert "findings" in error.value.message_dict
        finding = inspections.record_finding(
            inspection, actor=xf_officer, data={"result": Result.COMPLIANT}
        )
        inspections.add_photo(finding, actor=xf_officer, upload=upload(b"\xff\xd8\xff" + b"1" * 9))
        with pytest.raises(ValidationError):
            inspections.add_photo(finding, actor=xf_officer, upload=upload(b"GIF89a"))
        with pytest.raises(PermissionDenied):  # fire's finding is not market supervision's
            inspections.add_photo(finding, actor=th_officer, upload=upload())
        jpeg = b"\xff\xd8\xff" + b"2" * 9  # a signature photographed on paper
        inspection = inspections.close_record(
            inspection, actor=xf_officer, data={"signed_by": "王老板"}, signature=upload(jpeg)
        )
    assert inspection.party_signature.name.endswith(".jpg")
    assert inspection.party_signature.read() == jpeg
    assert inspection.status == InspectionStatus.RECORDED
    findings = {f.department.code: f.result for f in Finding.objects.filter(inspection=inspection)}
    assert findings == {TH: Result.FOLLOW_UP, XF: Result.COMPLIANT}
    matter = inspection_ledger.row(inspection)
    assert matter.state == State.OPEN
    assert matter.limit == 20
    assert matter.unit == "working_days"
    assert matter.due_on > date(2027, 4, 6)  # 20 working days after 10 March, 清明 in between
    published = inspections.publish([inspection], actor=world.head)
    assert published == 1
    matter.refresh_from_db()
    assert matter.state == State.CLOSED
    assert matter.late is False
    assert list(selectors.published_results(plan)) == [inspection]


def test_a_refusal_to_sign_is_recorded_with_its_witness(world):
    plan = drawn_plan(world)
    inspection = plan.inspections.order_by("rank").first()
    with time_machine.travel(date(2027, 3, 12)):
        for code in (TH, XF):
            inspections.record_finding(
                inspection,
                actor=member(inspection, code),
                data={"result": Result.UNREACHABLE, "description": "登记住所已无经营"},
            ) if code == TH else inspections.record_finding(
                inspection,
                actor=member(inspection, code),
                data={"result": Result.NOT_OPERATING, "description": "场所已关闭"},
            )
        with pytest.raises(ValidationError) as error:
            inspections.close_record(
                inspection, actor=member(inspection, TH), data={"refused": "1"}
            )
        assert "refusal_note" in error.value.message_dict
        closed = inspections.close_record(
            inspection,
            actor=member(inspection, TH),
            data={"refused": "1", "refusal_note": "当事人拒绝签字，执法人员两人在场见证"},
        )
    assert closed.party_refused
    assert not closed.party_signature


def test_who_sees_and_who_records(world):
    plan = drawn_plan(world)
    inspection = plan.inspections.order_by("rank").first()
    on_team = {m.inspector.user_id for m in inspection.team.all()}
    outsider = next(i.user for i in world.inspectors[TH] if i.user_id not in on_team)
    citizen = CitizenFactory()
    with time_machine.travel(date(2027, 3, 10)):
        for stranger in (outsider, citizen, world.yx_head):
            with pytest.raises(PermissionDenied):
                inspections.record_finding(
                    inspection, actor=stranger, data={"result": Result.COMPLIANT}
                )
    assert inspection in selectors.inspections_for(outsider)  # same department's plan
    assert not selectors.inspections_for(citizen).exists()
    assert not selectors.inspections_for(world.yx_head).exists()  # another district's head
    assert not selectors.plans_for(world.yx_head).exists()
    assert list(selectors.visits_of(member(inspection, XF)))
    with pytest.raises(PermissionDenied):
        inspections.publish([inspection], actor=world.xf_head)  # not recorded, and not the lead


def test_targets_follow_the_registry(world):
    from onewindow.market import targets

    world.restaurants[0].status = "revoked"
    world.restaurants[0].save()
    counts = targets.sync()
    assert counts == {"added": 0, "updated": 0, "taken_off": 1}
    assert not Target.objects.get(entity=world.restaurants[0]).active
    assert Inspection.objects.count() == 0
