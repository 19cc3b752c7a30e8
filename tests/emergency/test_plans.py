"""Emergency plans through their services: the city's flood plan (data/plans.yaml) is triggered by
a warning, activated at level III by the commander, its tasks assigned with their two clocks in
the ledger (acknowledge, then report back), raised to level II (the tasks that level adds) and
ended (the tasks not reported back withdrawn); other people and bad input change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from onewindow.accounts.models import Role
from onewindow.core.models import AuditEntry
from onewindow.emergency import incidents, plan_data, plan_selectors, plans, services
from onewindow.emergency.plan_models import Activation, ActivationState, Assignment, Plan
from onewindow.notifications.models import Notification
from onewindow.supervision.models import Matter, State
from tests.emergency.test_incidents import FLOOD
from tests.emergency.world import official, typhoon


@pytest.fixture
def responders(world):
    plan_data.load()
    world.plan = Plan.objects.get(code="gz-flood-typhoon")
    world.water = official("swu_duty", Role.DUTY_OFFICER, "440100-SWU")
    world.civil = official("mz_head", Role.HEAD, "440100-MZ")
    world.fire = official("xf_duty", Role.DUTY_OFFICER, "440100-XF")
    world.traffic = official("jt_head", Role.HEAD, "440100-JT")
    return world


def _activate(w, level=3, **extra):
    return plans.activate(
        w.commander, w.plan, level=level, reason="猎德涌漫溢，启动防汛Ⅲ级应急响应。", **extra
    )


def test_the_plan_loads_with_its_levels_groups_and_tasks_and_loads_again(responders):
    plan = responders.plan
    assert [lv.level for lv in plan.levels.order_by("level")] == [1, 2, 3, 4]
    assert plan.groups.count() == 7
    assert plan.tasks.count() == 7
    assert plan_data.load() == 2  # again: the same rows, not twice as many
    assert plan.tasks.count() == 7


def test_a_yellow_typhoon_warning_triggers_level_three(responders):
    w = responders
    assert plan_selectors.triggered(w.plan) is None
    warning = services.issue(w.officer, department=w.yj, data=typhoon(level="yellow")).warning
    trigger = plan_selectors.triggered(w.plan)
    assert (trigger.level, trigger.warning) == (3, warning)
    assert trigger.numeral == "Ⅲ"


def test_activating_at_level_three_assigns_the_tasks_it_owes_with_clocks(responders):
    w = responders
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        activation = _activate(w)
    assert activation.number.startswith("440100-YJGL-XY-")
    assignments = list(activation.assignments.select_related("department"))
    # level III owes the tasks of levels IV and III, not those of level II
    assert {a.department.code for a in assignments} == {
        "440100-YJGL", "440100-SWU", "440100-MZ", "440100-XF", "440100-GA"
    }  # fmt: skip
    assert all(a.acknowledge_by == start + timedelta(hours=1) for a in assignments)
    matters = Matter.objects.filter(kind=plans.KIND)
    assert matters.count() == 5
    assert {(m.unit, m.limit, m.stage, m.state) for m in matters} == {
        ("hours", 1, plans.ACKNOWLEDGING, State.OPEN)
    }
    # the water bureau's duty officer is told, with a link to the response
    note = Notification.objects.get(recipient=w.water, kind="emergency.task_assigned")
    assert activation.number in note.link
    assert AuditEntry.objects.filter(
        action="emergency.plan_activated", object_id=activation.number
    ).exists()


def test_a_task_is_acknowledged_then_reported_back_each_on_its_clock(responders):
    w = responders
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        activation = _activate(w)
    water = activation.assignments.get(department__code="440100-SWU")
    with pytest.raises(ValidationError) as error:
        plans.report_back(w.water, water, report="泵站已开启。")
    assert "task" in error.value.message_dict
    with time_machine.travel(start + timedelta(minutes=40), tick=False):
        plans.acknowledge(w.water, water)
    water.refresh_from_db()
    assert water.report_by == start + timedelta(minutes=40, hours=6)
    matter = Matter.objects.get(kind=plans.KIND, key=plans.task_key(water))
    assert (matter.stage, matter.limit) == (plans.REPORTING, 6)
    (row,) = [r for r in plan_selectors.tasks_of(activation, user=w.water,
                                                 now=start + timedelta(hours=2))
              if r.assignment == water]  # fmt: skip
    assert (row.stage, row.colour, row.may_act) == ("report", "green", True)
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        plans.report_back(w.water, water, report="已开启12座泵站，预降猎德涌水位0.5米。")
    matter.refresh_from_db()
    assert (matter.state, matter.late) == (State.CLOSED, False)
    (row,) = [r for r in plan_selectors.tasks_of(activation) if r.assignment == water]
    assert row.colour == "done"


def test_an_unacknowledged_task_turns_red_after_its_hour(responders):
    w = responders
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        activation = _activate(w)
    rows = plan_selectors.tasks_of(activation, now=start + timedelta(minutes=61))
    assert {r.colour for r in rows} == {"red"}


def test_raising_to_level_two_adds_its_tasks_and_ending_withdraws_the_open_ones(responders):
    w = responders
    activation = _activate(w)
    fire = activation.assignments.get(department__code="440100-XF")
    plans.acknowledge(w.fire, fire)
    plans.report_back(w.fire, fire, report="3支救援队伍已集结。")
    plans.change_level(w.commander, activation, level=2, reason="灾情扩大，提升至Ⅱ级。")
    activation.refresh_from_db()
    assert activation.level == 2
    assert activation.assignments.filter(department__code="440100-JT").exists()
    assert [c.level for c in plan_selectors.history(activation)] == [3, 2]
    # the traffic bureau's head now sees the response and its task
    assert plan_selectors.response_for(w.traffic, activation.number) == activation
    with pytest.raises(ValidationError) as error:
        plans.change_level(w.commander, activation, level=2, reason="再次")
    assert "level" in error.value.message_dict
    plans.end(w.commander, activation, note="洪水消退，终止应急响应。")
    activation.refresh_from_db()
    assert activation.state == ActivationState.ENDED
    open_ = Assignment.objects.filter(activation=activation, reported_at__isnull=True)
    assert open_.exists()
    assert not open_.filter(withdrawn_at__isnull=True).exists()
    assert not Matter.objects.filter(kind=plans.KIND, state=State.OPEN).exists()
    fire.refresh_from_db()
    assert fire.withdrawn_at is None  # reported back before the end: kept as done
    with pytest.raises(ValidationError):
        plans.acknowledge(w.water, activation.assignments.get(department__code="440100-SWU"))


def test_lowering_withdraws_the_tasks_the_lower_level_does_not_owe(responders):
    w = responders
    activation = _activate(w, level=2)
    plans.change_level(w.commander, activation, level=4, reason="雨势减弱，降为Ⅳ级。")
    live = activation.assignments.filter(withdrawn_at__isnull=True)
    assert {a.department.code for a in live} == {"440100-YJGL", "440100-SWU"}


def test_for_an_incident_and_only_once_at_a_time(responders):
    w = responders
    incident = incidents.record(w.officer, department=w.yj, data=FLOOD)
    activation = _activate(w, incident=incident.number)
    assert activation.incident == incident
    with pytest.raises(ValidationError) as error:
        _activate(w)
    assert "plan" in error.value.message_dict
    assert Activation.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"level": 7}, "level"),
        ({"level": "three"}, "level"),
        ({"reason": "  "}, "reason"),
        ({"incident": "440100-YJGL-SJ-1999-0001"}, "incident"),
        ({"warning": "NO-SUCH"}, "warning"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(responders, extra, field):
    w = responders
    data = {"level": 3, "reason": "启动", **extra}
    with pytest.raises(ValidationError) as error:
        plans.activate(w.commander, w.plan, **data)
    assert field in error.value.message_dict
    assert not Activation.objects.exists()
    assert not Matter.objects.exists()


def test_only_the_commander_or_head_activates_and_only_the_department_acts_on_its_task(
    responders,
):
    w = responders
    for someone in (w.officer, w.water, w.th_officer):
        with pytest.raises(PermissionDenied):
            plans.activate(someone, w.plan, level=3, reason="x")
    activation = _activate(w)
    water = activation.assignments.get(department__code="440100-SWU")
    for other in (w.fire, w.officer, w.residents["440104"][0]):
        with pytest.raises(PermissionDenied):
            plans.acknowledge(other, water)
    with pytest.raises(PermissionDenied):
        plans.end(w.water, activation, note="x")
    # a resident and another district's duty officer do not see the response
    with pytest.raises(Http404):
        plan_selectors.response_for(w.residents["440104"][0], activation.number)
    with pytest.raises(Http404):
        plan_selectors.response_for(w.th_officer, activation.number)
    assert plan_selectors.response_for(w.water, activation.number) == activation
    assert [r.assignment for r in plan_selectors.my_tasks(w.water)] == [water]
