"""The workbench pages of random inspections, through HTTP as each official would use them."""

import io
from datetime import date

import time_machine
from django.urls import reverse

from onewindow.market import inspections
from onewindow.market.models import InspectionStatus, Plan, PlanStatus, Result
from tests.factories import CitizenFactory
from tests.market.world import TH, XF, drawn_plan, team

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name="photo.png"):
    handle = io.BytesIO(PNG)
    handle.name = name
    return handle


def form_of(w, **over):
    data = {
        "department": w.th.pk,
        "title": "2027年天河区餐饮服务单位跨部门联合抽查",
        "district": "440106",
        "industries": ["H62"],
        "weighted": "on",
        "ratio": "20",
        "starts_on": "2027-03-01",
        "ends_on": "2027-06-30",
        "publish_within": "20",
        "items": [str(w.th_item.pk), str(w.xf_item.pk)],
        "inspectors": "2",
    }
    data.update(over)
    return data


def test_a_head_makes_commits_and_draws_a_plan(world, client):
    client.force_login(world.head)
    page = client.get(reverse("workbench:market"))
    assert page.status_code == 200
    assert reverse("workbench:market-plan-new") in page.content.decode()
    bad = client.post(reverse("workbench:market-plan-new"), form_of(world, title="", items=[]))
    assert bad.status_code == 400
    assert not Plan.objects.exists()
    made = client.post(reverse("workbench:market-plan-new"), form_of(world))
    plan = Plan.objects.get()
    assert made.url == reverse("workbench:market-plan", args=[plan.pk])
    step = reverse("workbench:market-plan-step", args=[plan.pk, "commit"])
    client.post(step)
    page = client.get(made.url).content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMMITTED
    assert plan.commitment in page
    assert plan.seed not in page
    lists = client.get(reverse("workbench:market-plan-lists", args=[plan.pk]))
    assert b"".join(lists.streaming_content) == inspections.read_lists(plan)[1]
    client.post(reverse("workbench:market-plan-step", args=[plan.pk, "draw"]))
    page = client.get(made.url).content.decode()
    assert plan.seed in page
    for visit in plan.inspections.all():
        assert visit.target.entity.name in page


def test_the_drawn_inspectors_keep_one_record(world, client):
    plan = drawn_plan(world)
    visit = plan.inspections.order_by("rank").first()
    people = team(visit)
    url = reverse("workbench:market-inspection", args=[visit.pk])
    with time_machine.travel(date(2027, 3, 10)):
        client.force_login(people[TH])
        assert (
            visit.target.entity.name
            in client.get(reverse("workbench:market-visits")).content.decode()
        )
        step = reverse("workbench:market-inspection-step", args=[visit.pk, "finding"])
        bad = client.post(
            step,
            {"department": world.th.pk, "result": Result.FOLLOW_UP, "visited_on": "2027-03-10"},
        )
        assert bad.status_code == 400
        assert "Describe what was found" in bad.content.decode() or "描述" in bad.content.decode()
        client.post(
            step,
            {
                "department": world.th.pk,
                "result": Result.FOLLOW_UP,
                "description": "餐具消毒记录缺失",
                "visited_on": "2027-03-10",
            },
        )
        finding = visit.findings.get(department=world.th)
        photo = client.post(
            reverse("workbench:market-inspection-step", args=[visit.pk, "photo"]),
            {"finding": finding.pk, "photo": png()},
        )
        assert photo.status_code == 302
        image = client.get(
            reverse(
                "workbench:market-inspection-file",
                args=[visit.pk, "photo", finding.photos.get().pk],
            )
        )
        assert b"".join(image.streaming_content) == PNG
        close = reverse("workbench:market-inspection-step", args=[visit.pk, "close"])
        waiting = client.post(close, {"signed_by": "王老板", "signature": png("sign.png")})
        assert waiting.status_code == 400
        client.force_login(people[XF])
        client.post(
            step,
            {"department": world.xf.pk, "result": Result.COMPLIANT, "visited_on": "2027-03-10"},
        )
        done = client.post(close, {"signed_by": "王老板", "signature": png("sign.png")})
        assert done.status_code == 302
        visit.refresh_from_db()
        assert visit.status == InspectionStatus.RECORDED
        client.force_login(world.head)
        page = client.get(url).content.decode()
        assert "餐具消毒记录缺失" in page
        client.post(reverse("workbench:market-inspection-step", args=[visit.pk, "publish"]))
    visit.refresh_from_db()
    assert visit.status == InspectionStatus.PUBLISHED


def test_other_department_citizen_and_anonymous_are_kept_out(world, client):
    plan = drawn_plan(world)
    visit = plan.inspections.first()
    urls = [
        reverse("workbench:market-plan", args=[plan.pk]),
        reverse("workbench:market-inspection", args=[visit.pk]),
        reverse("workbench:market-plan-lists", args=[plan.pk]),
    ]
    anonymous = client.get(urls[0])
    assert anonymous.status_code == 302
    client.force_login(world.yx_head)
    for url in urls:
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("workbench:market-plan-step", args=[plan.pk, "publish"])).status_code
        == 404
    )
    client.force_login(CitizenFactory())
    assert client.get(urls[0]).status_code in (302, 403)
    client.force_login(world.xf_head)  # a joint department's head sees the plan, cannot draw
    assert client.get(urls[0]).status_code == 200
    assert (
        client.post(reverse("workbench:market-plan-step", args=[plan.pk, "publish"])).status_code
        == 403
    )
