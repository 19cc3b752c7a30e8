"""Plans and responses on the workbench and over the API: the commander sees the flood plan
triggered by a yellow warning and activates it at level III (a bad form is a 400 naming the
field, and nothing is activated); the water bureau acknowledges its task and reports back, each
clock shown as a time with its colour in words; the commander raises and ends the response;
other departments and citizens are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from onewindow.accounts.models import Role
from onewindow.emergency import plan_data, plans, services
from onewindow.emergency.plan_models import Activation, ActivationState, Plan
from tests.emergency.world import official, typhoon

DESK = reverse("workbench:emergency-plans")
PLAN = reverse("workbench:emergency-plan", args=["gz-flood-typhoon"])
ACTIVATE = reverse("workbench:emergency-plan-activate", args=["gz-flood-typhoon"])


@pytest.fixture
def responders(world):
    plan_data.load()
    world.plan = Plan.objects.get(code="gz-flood-typhoon")
    world.water = official("swu_duty", Role.DUTY_OFFICER, "440100-SWU")
    world.fire = official("xf_duty", Role.DUTY_OFFICER, "440100-XF")
    return world


def _step(number: str, action: str) -> str:
    return reverse("workbench:emergency-response-step", args=[number, action])


def test_activate_acknowledge_report_raise_and_end_on_the_workbench(responders, client):
    w = responders
    warning = services.issue(w.officer, department=w.yj, data=typhoon(level="yellow")).warning
    client.force_login(w.commander)
    client.cookies["django_language"] = "en"
    desk = client.get(DESK).content.decode()
    assert "Guangzhou emergency plan for floods, droughts and typhoons" in desk
    assert "Its conditions for a level Ⅲ response are met" in desk
    page = client.get(PLAN).content.decode()
    assert "Activate the response" in page
    assert f'value="{warning.number}" selected' in page  # the trigger is chosen for them
    bad = client.post(ACTIVATE, {"level": "3", "reason": "", "warning": warning.number})
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()
    assert not Activation.objects.exists()
    done = client.post(ACTIVATE, {"level": "3", "reason": "黄色预警，启动Ⅲ级响应。",
                                  "warning": warning.number})  # fmt: skip
    assert done.status_code == 302
    activation = Activation.objects.get()
    assert done["Location"] == reverse("workbench:emergency-response", args=[activation.number])
    page = client.get(done["Location"]).content.decode()
    assert "Acknowledge by" in page
    assert "ei-green" in page
    assert "Raise or lower the response" in page
    # the bureau's own coordination task is the commander's to acknowledge, not the others'
    assert page.count("Acknowledge the task") == 1
    water = activation.assignments.get(department__code="440100-SWU")

    client.force_login(w.water)
    assert activation.number in client.get(DESK).content.decode()
    page = client.get(done["Location"]).content.decode()
    assert "Acknowledge the task" in page
    assert "Raise or lower the response" not in page
    client.post(_step(activation.number, "acknowledge"), {"task": water.pk})
    water.refresh_from_db()
    assert water.acknowledged_by == w.water
    page = client.get(done["Location"]).content.decode()
    assert "Report back by" in page
    assert client.post(_step(activation.number, "report"),
                       {"task": water.pk, "report": ""}).status_code == 400  # fmt: skip
    client.post(_step(activation.number, "report"), {"task": water.pk, "report": "泵站全开。"})
    assert "Reported back in time" in client.get(done["Location"]).content.decode()
    # the water bureau cannot change the level
    assert client.post(_step(activation.number, "level"),
                       {"level": "2", "reason": "x"}).status_code == 403  # fmt: skip

    client.force_login(w.commander)
    client.post(_step(activation.number, "level"), {"level": "2", "reason": "灾情扩大。"})
    activation.refresh_from_db()
    assert activation.level == 2
    client.post(_step(activation.number, "end"), {"note": "洪水消退。"})
    activation.refresh_from_db()
    assert activation.state == ActivationState.ENDED


def test_others_do_not_see_plans_or_responses(responders, client):
    w = responders
    activation = plans.activate(w.commander, w.plan, level=3, reason="启动")
    response = reverse("workbench:emergency-response", args=[activation.number])
    client.force_login(w.residents["440104"][0])
    assert client.get(DESK).status_code in (302, 403, 404)
    client.force_login(official("jy_reviewer", Role.REVIEWER, "440100-JY"))
    assert client.get(DESK).status_code == 404
    assert client.get(response).status_code == 404
    client.force_login(w.th_officer)  # another district's duty desk: plans yes, this response no
    assert client.get(DESK).status_code == 200
    assert client.get(response).status_code == 404
    assert client.post(ACTIVATE, {"level": "3", "reason": "x"}).status_code == 403


def test_the_api_activates_and_a_department_acknowledges_and_reports(responders):
    w = responders
    api = APIClient()
    api.force_authenticate(w.commander)
    listed = api.get("/api/v1/emergency/plans/").json()
    assert {p["code"] for p in listed} == {"gz-flood-typhoon", "gz-work-safety"}
    bad = api.post("/api/v1/emergency/plans/gz-flood-typhoon/activate/", {"level": 9,
                   "reason": "x"}, format="json")  # fmt: skip
    assert bad.status_code == 400
    assert "level" in bad.json()
    made = api.post("/api/v1/emergency/plans/gz-flood-typhoon/activate/",
                    {"level": 3, "reason": "启动Ⅲ级响应"}, format="json")  # fmt: skip
    assert made.status_code == 201
    body = made.json()
    water = next(t for t in body["tasks"] if t["department"] == "440100-SWU")
    assert (water["stage"], water["colour"]) == ("acknowledge", "green")

    api.force_authenticate(w.fire)
    refused = api.post(f"/api/v1/emergency/tasks/{water['id']}/acknowledge/")
    assert refused.status_code == 404
    api.force_authenticate(w.water)
    acked = api.post(f"/api/v1/emergency/tasks/{water['id']}/acknowledge/")
    assert acked.status_code == 200
    assert acked.json()["stage"] == "report"
    reported = api.post(f"/api/v1/emergency/tasks/{water['id']}/report/",
                        {"report": "已开启泵站"}, format="json")  # fmt: skip
    assert reported.json()["colour"] == "done"
    assert api.get(f"/api/v1/emergency/responses/{body['number']}/").status_code == 200
    ended = api.post(f"/api/v1/emergency/responses/{body['number']}/end/", {"note": "x"},
                     format="json")  # fmt: skip
    assert ended.status_code == 403
