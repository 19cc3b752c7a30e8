"""Finding 3: "An applicant can rewrite an application that departments have already approved."
When one department asked for a supplement of one material, POST …/resubmit/ also accepted a new
form: the premises address changed after the fire department had approved, the certificate
printed the new address and the timeline said only "已收到补充材料".

Replayed over the API: the rewrite is now a 409 naming the field and changes nothing; an
unchanged copy of the form is fine; the change goes through only as an amendment (变更申请)
that reopens every completed review, shows each department the change and ends in one decision.
"""

from __future__ import annotations

from datetime import date

import pytest

from onewindow.cases.models import Case, CaseDocument, CaseEvent, DocumentKind, ReviewTask
from onewindow.catalog.models import ServiceItem
from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from tests.cases.conftest import (  # noqa: F401 - fixtures
    PARALLEL,
    _media,
    enterprise,
    pdf_bytes,
    staff,
    valid_form,
    valid_uploads,
)
from tests.cases.test_parallel_review_api import as_json, client_for
from tests.cases.test_single_department_lifecycle import at

SCJG, XF, CG = "440100-SCJG", "440100-XF", "440100-CG"
OLD, NEW = "天河路385号首层", "番禺区市桥街999号"

pytestmark = pytest.mark.django_db


def _fire_approved_and_supplement_asked(staff, enterprise):  # noqa: F811
    item = ServiceItem.objects.get(code=PARALLEL)
    applicant = client_for(enterprise)
    with at(date(2026, 11, 2)):
        created = applicant.post(
            "/api/v1/cases/",
            {
                "item": PARALLEL,
                "form": valid_form(item) | {"premises_address": OLD},
                "materials": as_json(valid_uploads(item)),
            },
            format="json",
        )
        assert created.status_code == 201, created.json()
        number = created.json()["number"]
        accepted = client_for(staff.clerk(SCJG)).post(f"/api/v1/cases/{number}/accept/", {})
        tasks = {t["department"]: t["id"] for t in accepted.json()["tasks"]}
    with at(date(2026, 11, 3)):
        fire = client_for(staff.reviewer(XF)).post(f"/api/v1/tasks/{tasks[XF]}/approve/", {})
        assert fire.json()["status"] == "approved"
        asked = client_for(staff.reviewer(CG)).post(
            f"/api/v1/tasks/{tasks[CG]}/request-supplement/",
            {"items": [{"key": "layout", "problem": "请标注店招标牌位置"}]},
            format="json",
        )
        assert asked.status_code == 200
    return applicant, number, tasks


def test_a_supplement_cannot_rewrite_the_approved_address(staff, enterprise):  # noqa: F811
    applicant, number, tasks = _fire_approved_and_supplement_asked(staff, enterprise)
    stored = Case.objects.get(number=number).form_data
    before = Case.objects.values_list("version", "form_data").get(number=number)
    materials = Case.objects.get(number=number).materials.count()
    with at(date(2026, 11, 5)):
        rewrite = applicant.post(
            f"/api/v1/cases/{number}/resubmit/",
            {
                "materials": as_json({"layout": ("layout-v2.pdf", pdf_bytes("layout v2"))}),
                "form": stored | {"premises_address": NEW},
            },
            format="json",
        )
    assert rewrite.status_code == 409, rewrite.json()
    assert rewrite.json()["fields"] == ["form.premises_address"]
    assert "经营场所详细地址" in rewrite.json()["detail"]
    assert Case.objects.values_list("version", "form_data").get(number=number) == before
    assert Case.objects.get(number=number).materials.count() == materials
    assert ReviewTask.objects.get(pk=tasks[XF]).status == "approved"

    # The same form sent back unchanged, with the asked material, is the supplement.
    with at(date(2026, 11, 5)):
        answered = applicant.post(
            f"/api/v1/cases/{number}/resubmit/",
            {
                "materials": as_json({"layout": ("layout-v2.pdf", pdf_bytes("layout v2"))}),
                "form": stored,
            },
            format="json",
        )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["form_data"]["premises_address"] == OLD
    assert answered.json()["clock_paused"] is False


def test_the_change_is_an_amendment_that_reopens_every_review(staff, enterprise):  # noqa: F811
    applicant, number, tasks = _fire_approved_and_supplement_asked(staff, enterprise)
    stored = Case.objects.get(number=number).form_data
    with at(date(2026, 11, 4)):
        waiting = applicant.post(
            f"/api/v1/cases/{number}/amendment/",
            {"form": stored | {"premises_address": NEW}, "reason": "经营场所搬迁"},
            format="json",
        )
        assert waiting.status_code == 409  # the supplement is answered first
        applicant.post(
            f"/api/v1/cases/{number}/resubmit/",
            {"materials": as_json({"layout": ("layout-v2.pdf", pdf_bytes("layout v2"))})},
            format="json",
        )
        no_reason = applicant.post(
            f"/api/v1/cases/{number}/amendment/",
            {"form": stored | {"premises_address": NEW}, "reason": " "},
            format="json",
        )
        assert no_reason.status_code == 400
        assert set(no_reason.json()) == {"reason"}
        amended = applicant.post(
            f"/api/v1/cases/{number}/amendment/",
            {"form": stored | {"premises_address": NEW}, "reason": "经营场所搬迁"},
            format="json",
        )
    assert amended.status_code == 200, amended.json()
    detail = amended.json()
    assert detail["form_data"]["premises_address"] == NEW
    assert detail["status"] == "in_review"
    # The fire department's approval no longer stands: it reviews the new address again.
    assert ReviewTask.objects.get(pk=tasks[XF]).status == "reopened"
    open_tasks = {t["department"]: t for t in detail["tasks"] if t["status"] == "open"}
    assert set(open_tasks) == {SCJG, XF, CG}
    change = CaseEvent.objects.get(case__number=number, kind="amended").params
    assert change["reason"] == "经营场所搬迁"
    assert change["changes"] == [
        {
            "field": "premises_address",
            "title": "经营场所详细地址",
            "title_en": "Street address of the premises",
            "old": OLD,
            "new": NEW,
        }
    ]
    timeline = applicant.get(f"/api/v1/cases/{number}/timeline/").json()
    assert any(OLD in e["text"] and NEW in e["text"] for e in timeline)
    reviewer = staff.reviewer(XF)
    assert Notification.objects.filter(recipient=reviewer, kind="case.amended_for_review").exists()
    audit = AuditEntry.objects.filter(action="case.amended", object_id=number).get()
    assert audit.data["fields"] == ["premises_address"]
    assert audit.data["reopened"] == [CG, SCJG, XF]

    # Every department decides on the amended application; one decision, then it is final.
    with at(date(2026, 11, 6)):
        for department, task in open_tasks.items():
            approved = client_for(staff.reviewer(department)).post(
                f"/api/v1/tasks/{task['id']}/approve/", {}
            )
            assert approved.status_code == 200, approved.json()
        decided = client_for(staff.head(SCJG)).post(f"/api/v1/cases/{number}/decision/", {})
        assert decided.status_code == 200, decided.json()
        assert decided.json()["outcome"] == "granted"
        again = client_for(staff.head(SCJG)).post(f"/api/v1/cases/{number}/decision/", {})
        assert again.status_code == 409
        late = applicant.post(
            f"/api/v1/cases/{number}/amendment/",
            {"form": stored, "reason": "又搬回去了"},
            format="json",
        )
        assert late.status_code == 409
        delivered = client_for(staff.clerk(SCJG)).post(
            f"/api/v1/cases/{number}/delivery/", {"method": "online"}, format="json"
        )
    assert delivered.json()["status"] == "concluded"
    assert CaseDocument.objects.filter(case__number=number, kind=DocumentKind.DECISION).count() == 1
    assert Case.objects.get(number=number).form_data["premises_address"] == NEW
