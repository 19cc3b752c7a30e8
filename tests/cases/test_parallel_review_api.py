"""Three departments in parallel, driven through the HTTP API: one intake, one shared file,
three reviews at once, a supplement that pauses the clock, one consolidated denial."""

from datetime import date

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import PARALLEL, pdf_bytes, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at

SCJG, XF, CG = "440100-SCJG", "440100-XF", "440100-CG"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def as_json(uploads: dict) -> dict:
    import base64

    return {
        key: {"name": name, "content": base64.b64encode(content).decode()}
        for key, (name, content) in uploads.items()
    }


@pytest.mark.django_db
def test_three_departments_review_in_parallel_and_one_denial_denies(staff, enterprise):
    item = ServiceItem.objects.get(code=PARALLEL)
    applicant = client_for(enterprise)

    with at(date(2026, 11, 2)):
        body = {
            "item": PARALLEL,
            "form": valid_form(item),
            "materials": as_json(valid_uploads(item)),
        }
        response = applicant.post(
            "/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="food-licence-1"
        )
        assert response.status_code == 201, response.json()
        number = response.json()["number"]
        again = applicant.post(  # a retry sends the same request
            "/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="food-licence-1"
        )
        assert again.status_code == 200
        assert again.json()["number"] == number
        assert Case.objects.filter(applicant=enterprise).count() == 1

        version = response.json()["version"]
        accepted = client_for(staff.clerk(SCJG)).post(
            f"/api/v1/cases/{number}/accept/", {"version": version}, format="json"
        )
    assert accepted.status_code == 200, accepted.json()
    detail = accepted.json()
    assert detail["status"] == "in_review"
    # Three review tasks opened at once, one per department, all due on the promised date.
    tasks = {task["department"]: task for task in detail["tasks"]}
    assert set(tasks) == {SCJG, XF, CG}
    assert {task["status"] for task in tasks.values()} == {"open"}
    assert {task["due_on"] for task in tasks.values()} == {detail["promised_due"]}

    # Every department sees the same shared file: form data and materials.
    for code in (XF, CG):
        reviewer = client_for(staff.reviewer(code))
        inbox = reviewer.get("/api/v1/tasks/").json()
        assert [t["case"] for t in inbox["results"]] == [number]
        shared = reviewer.get(f"/api/v1/cases/{number}/").json()
        assert shared["form_data"] == detail["form_data"]
        uploaded = [m for m in shared["materials"] if m["source"] == "upload"]
        material = reviewer.get(f"/api/v1/cases/{number}/materials/{uploaded[0]['id']}/")
        assert material.status_code == 200
        assert b"".join(material.streaming_content)[:5] == b"%PDF-"

    with at(date(2026, 11, 3)):
        xf = client_for(staff.reviewer(XF)).post(
            f"/api/v1/tasks/{tasks[XF]['id']}/approve/",
            {"opinion": "消防条件符合", "conditions": "开业前完成灭火器配置"},
            format="json",
        )
        assert xf.status_code == 200
        assert xf.json()["status"] == "approved"
        supplement = client_for(staff.reviewer(CG)).post(
            f"/api/v1/tasks/{tasks[CG]['id']}/request-supplement/",
            {"items": [{"key": "layout", "problem": "请标注店招标牌位置"}]},
            format="json",
        )
    assert supplement.status_code == 200
    assert supplement.json()["status"] == "waiting"
    paused = applicant.get(f"/api/v1/cases/{number}/").json()
    assert paused["clock_paused"] is True

    with at(date(2026, 11, 5)):
        resubmitted = applicant.post(
            f"/api/v1/cases/{number}/resubmit/",
            {"materials": as_json({"layout": ("layout-v2.pdf", pdf_bytes("layout v2"))})},
            format="json",
        )
    assert resubmitted.status_code == 200, resubmitted.json()
    resumed = resubmitted.json()
    assert resumed["clock_paused"] is False
    assert resumed["paused_days"] == 2
    assert date.fromisoformat(resumed["promised_due"]) > date.fromisoformat(detail["promised_due"])

    with at(date(2026, 11, 6)):
        denied = client_for(staff.reviewer(CG)).post(
            f"/api/v1/tasks/{tasks[CG]['id']}/deny/",
            {"reasons": "店招标牌设置位置不符合规划"},
            format="json",
        )
        assert denied.status_code == 200
        last = client_for(staff.reviewer(SCJG)).post(
            f"/api/v1/tasks/{tasks[SCJG]['id']}/approve/", {}, format="json"
        )
        assert last.status_code == 200
        waiting = applicant.get(f"/api/v1/cases/{number}/").json()
        assert waiting["status"] == "awaiting_decision"
        decided = client_for(staff.head(SCJG)).post(
            f"/api/v1/cases/{number}/decision/", {"note": ""}, format="json"
        )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["outcome"] == "denied"
    decision = next(d for d in decided.json()["documents"] if d["kind"] == "decision")
    pdf = applicant.get(decision["url"])
    assert pdf["Content-Type"] == "application/pdf"
    import io

    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    ).replace("\n", "")
    assert "不予行政许可决定书" in text
    # Every department's opinion, and the denying department's reasons, in one decision.
    assert "广州市城市管理和综合执法局：店招标牌设置位置不符合规划" in text
    assert "消防条件符合" in text

    timeline = applicant.get(f"/api/v1/cases/{number}/timeline/").json()
    departments = {entry["department"] for entry in timeline if entry["kind"] == "task_opened"}
    assert len(departments) == 3
    assert [e["kind"] for e in timeline].count("all_reviewed") == 1


@pytest.mark.django_db
def test_joint_handling_extends_by_at_most_fifteen_days(staff, enterprise):
    item = ServiceItem.objects.get(code=PARALLEL)
    applicant = client_for(enterprise)
    with at(date(2026, 11, 2)):
        number = applicant.post(
            "/api/v1/cases/",
            {"item": PARALLEL, "form": valid_form(item), "materials": as_json(valid_uploads(item))},
            format="json",
        ).json()["number"]
        client_for(staff.clerk(SCJG)).post(f"/api/v1/cases/{number}/accept/", {}, format="json")
        reviewer = client_for(staff.reviewer(XF))
        too_long = reviewer.post(
            f"/api/v1/cases/{number}/extensions/", {"days": 16, "reason": "专家论证"}, format="json"
        )
        assert too_long.status_code == 400
        assert "第二十六条、第四十二条第二款" in too_long.json()["days"][0]
        assert "15" in too_long.json()["days"][0]
        requested = reviewer.post(
            f"/api/v1/cases/{number}/extensions/", {"days": 15, "reason": "专家论证"}, format="json"
        )
        assert requested.status_code == 201
        extension = requested.json()["extensions"][0]
        assert extension["article"] == "26"
        assert extension["status"] == "pending"
        # Only the lead department's head approves.
        other_head = client_for(staff.head(XF)).post(
            f"/api/v1/cases/{number}/extensions/{extension['id']}/approval/", {}, format="json"
        )
        assert other_head.status_code == 403
        before = applicant.get(f"/api/v1/cases/{number}/").json()
        approved = client_for(staff.head(SCJG)).post(
            f"/api/v1/cases/{number}/extensions/{extension['id']}/approval/", {}, format="json"
        )
    assert approved.status_code == 200
    after = approved.json()
    assert after["extension_days"] == 15
    assert after["statutory_due"] > before["statutory_due"]
