"""Emergency plans (应急预案) in the demo: the city's plans from emergency/data/plans.yaml, and
the flood plan in force at level III for the Liede Creek flood escalated from 12345 (see
demo/emergency.py), activated by yj_commander. Its tasks stand at different points: the bureau's
own coordination (yj_duty) and the water bureau's drainage (swu_duty) are reported back; the
fire brigade's rescue (xf_duty) and civil affairs' shelters (mz_duty) are acknowledged and owe a
report; the police's cordon waits for police_head to acknowledge it.

The duty roster (值班) of the city bureau for this week: yj_commander leads and yj_duty is the
duty officer every day (it hands the day over on /workbench/emergency/duty/)."""

from __future__ import annotations

from datetime import timedelta

from onewindow.accounts.models import Department, User
from onewindow.emergency import duty, plan_data, plans
from onewindow.emergency.duty_models import DutyShift
from onewindow.emergency.incident_models import Incident
from onewindow.emergency.plan_models import Activation, ActivationState, Plan

FLOOD_PLAN = "gz-flood-typhoon"
REASON = "猎德涌漫堤，沿岸居民楼进水，达到防汛Ⅲ级应急响应启动条件。"
REPORTS = {
    "440100-YJGL": (
        "yj_duty",
        "已启动24小时领导带班，汇总各成员单位情况，首份综合报告已报市指挥部。",
    ),
    "440100-SWU": ("swu_duty", "已开启猎德、冼村泵站共12台机组，猎德涌水位较峰值回落0.4米。"),
    "440100-XF": ("xf_duty", None),
    "440100-MZ": ("mz_duty", None),
}


def ensure() -> dict[str, int | str]:
    plan_data.load()
    if Activation.objects.exists():
        return summary()
    creek = Incident.objects.filter(source="hotline").first()
    commander = User.objects.get(username="yj_commander")
    activation = plans.activate(
        commander,
        Plan.objects.get(code=FLOOD_PLAN),
        level=3,
        reason=REASON,
        incident=creek.number if creek else "",
    )
    for code, (username, report) in REPORTS.items():
        person = User.objects.get(username=username)
        task = activation.assignments.get(department__code=code)
        plans.acknowledge(person, task)
        if report:
            plans.report_back(person, task, report=report)
    ensure_roster()
    return summary()


def ensure_roster() -> int:
    """This week's roster at the city bureau, from today's duty day on."""
    if DutyShift.objects.exists():
        return DutyShift.objects.count()
    commander = User.objects.get(username="yj_commander")
    city = Department.objects.get(code="440100-YJGL")
    officer = User.objects.get(username="yj_duty")
    today = duty.duty_day()
    for n in range(7):
        day = today + timedelta(days=n)
        duty.set_shift(commander, city, day=day, post="leader", user=commander)
        duty.set_shift(commander, city, day=day, post="officer", user=officer)
    return DutyShift.objects.count()


def summary() -> dict[str, int | str]:
    active = Activation.objects.filter(state=ActivationState.ACTIVE).first()
    return {
        "plans": Plan.objects.count(),
        "response": active.number if active else "",
        "tasks": active.assignments.count() if active else 0,
        "shifts": DutyShift.objects.count(),
    }
