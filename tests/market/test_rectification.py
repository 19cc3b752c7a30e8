"""A problem found at an inspection ordered rectified by a date (责令限期整改): the date is on
the ledger (counted exactly to it), shown on the visit's page as a date with its colour in
words; the review visit (复查) by an officer of the department confirms it and stops the clock;
a bad date names the field and changes nothing; another department's officer and the party are
refused. Through the workbench and the API."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from onewindow.accounts.models import Department
from onewindow.core.models import AuditEntry
from onewindow.market import inspections, rectification
from onewindow.market.models import Finding, Result
from onewindow.supervision.models import Matter, State
from tests.conftest import zh
from tests.market.world import TH, XF, drawn_plan, member

VISIT = date(2027, 3, 10)


@pytest.fixture
def visit(world):
    plan = drawn_plan(world)
    found = plan.inspections.order_by("rank").first()
    found.th, found.xf = member(found, TH), member(found, XF)
    return found


def test_a_deadline_on_the_workbench_then_the_review_visit(visit, client):
    step = reverse("workbench:market-inspection-step", args=[visit.pk, "finding"])
    page_url = reverse("workbench:market-inspection", args=[visit.pk])
    client.force_login(visit.th)
    with time_machine.travel(VISIT):
        th = Department.objects.get(code=TH).pk
        bad = client.post(step, {"department": th, "result": Result.COMPLIANT, "visited_on": "2027-03-10",
                                 "rectify_by": "2027-03-25"})  # fmt: skip
        assert bad.status_code == 400
        assert zh("Only a problem to be dealt with is ordered rectified by a date.") in (
            bad.content.decode()
        )
        assert not Finding.objects.exists()
        done = client.post(step, {"department": th, "result": Result.FOLLOW_UP, "visited_on": "2027-03-10",
                                  "description": "后厨燃气管道使用橡胶软管超过2米",
                                  "rectify_by": "2027-03-25"})  # fmt: skip
        assert done.status_code == 302
    finding = Finding.objects.get()
    assert finding.rectify_by == date(2027, 3, 25)
    matter = Matter.objects.get(kind=rectification.KIND)
    assert matter.key == f"{visit.reference}/{TH}"
    assert matter.due_on == date(2027, 3, 25)  # the order's date, not working days
    with time_machine.travel(date(2027, 3, 24)):
        page = client.get(page_url).content.decode()
    assert "2027-03-25" in page
    assert zh("Confirm the rectification") in page
    client.force_login(visit.xf)  # the fire brigade's officer on the team: not theirs
    with time_machine.travel(date(2027, 3, 24)):
        assert zh("Confirm the rectification") not in client.get(page_url).content.decode()
        refused = client.post(
            reverse("workbench:market-inspection-step", args=[visit.pk, "review"]),
            {"finding": finding.pk, "note": "已整改"},
        )
    assert refused.status_code == 403
    client.force_login(visit.th)
    review = reverse("workbench:market-inspection-step", args=[visit.pk, "review"])
    with time_machine.travel(date(2027, 3, 24)):
        empty = client.post(review, {"finding": finding.pk, "note": ""})
        assert empty.status_code == 400
        confirmed = client.post(review, {"finding": finding.pk, "note": "复查：已更换金属软管"})
        assert confirmed.status_code == 302
    matter.refresh_from_db()
    assert matter.state == State.CLOSED
    assert matter.late is False
    finding.refresh_from_db()
    assert finding.rectification_note == "复查：已更换金属软管"
    assert AuditEntry.objects.filter(action="market.rectification_confirmed").count() == 1
    with pytest.raises(PermissionDenied):  # once confirmed, no second review
        rectification.review(finding, actor=visit.th, data={"note": "再次"})


def test_a_deadline_over_the_api_and_a_bad_date_names_the_field(visit):
    api = APIClient()
    api.force_authenticate(visit.th)
    url = f"/api/v1/market/inspections/{visit.pk}/"
    with time_machine.travel(VISIT):
        early = api.post(f"{url}findings/", {"result": "follow_up", "description": "隐患",
                                             "visited_on": "2027-03-10",
                                             "rectify_by": "2027-03-09"}, format="json")  # fmt: skip
        assert early.status_code == 400
        assert "rectify_by" in early.json()
        assert not Finding.objects.exists()
        made = api.post(f"{url}findings/", {"result": "follow_up", "description": "隐患",
                                            "visited_on": "2027-03-10",
                                            "rectify_by": "2027-04-09"}, format="json")  # fmt: skip
        assert made.status_code == 200
    (finding,) = [f for f in made.json()["findings"] if f["rectify_by"]]
    assert finding["rectify_by"] == "2027-04-09"
    assert finding["rectified_at"] is None
    with time_machine.travel(date(2027, 4, 12)):  # three days late
        other = APIClient()
        other.force_authenticate(visit.xf)
        assert other.post(f"{url}rectification/", {"finding": finding["id"], "note": "x"},
                          format="json").status_code == 403  # fmt: skip
        done = api.post(f"{url}rectification/", {"finding": finding["id"], "note": "已整改"},
                        format="json")  # fmt: skip
        assert done.status_code == 200
    matter = Matter.objects.get(kind=rectification.KIND)
    assert matter.state == State.CLOSED
    assert matter.late is True


def test_a_changed_finding_without_a_deadline_closes_its_clock(visit):
    with time_machine.travel(VISIT):
        inspections.record_finding(visit, actor=visit.th, data={
            "result": Result.FOLLOW_UP, "description": "隐患", "rectify_by": "2027-03-20"})  # fmt: skip
        inspections.record_finding(visit, actor=visit.th, data={
            "result": Result.CORRECTED, "description": "当场整改"})  # fmt: skip
    assert Matter.objects.get(kind=rectification.KIND).state == State.CLOSED
    assert Finding.objects.get().rectify_by is None
