"""Refusals: invalid input, a wrong state, a stale version, another citizen, another
department. Each answers with a translated 4xx naming the problem and changes nothing."""

from datetime import date

import pytest
from django.utils import translation

from onewindow.cases import services
from onewindow.cases.models import Case, CaseMaterial, Status
from onewindow.catalog.models import ServiceItem
from onewindow.core.models import AuditEntry
from tests.cases.conftest import PARALLEL, SINGLE, pdf_bytes, png_bytes, valid_form, valid_uploads
from tests.cases.test_parallel_review_api import as_json, client_for
from tests.cases.test_single_department_lifecycle import WJ, at
from tests.factories import CitizenFactory


def submit_single(citizen):
    item = ServiceItem.objects.get(code=SINGLE)
    with at(date(2026, 11, 2)):
        return services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )


def post(client, url, data=None, language="zh-hans"):
    return client.post(url, data or {}, format="json", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.django_db
def test_invalid_form_and_materials_are_named_and_nothing_is_created(staff, citizen):
    item = ServiceItem.objects.get(code=SINGLE)
    form = valid_form(item) | {"applicant_id": "440106198803090000", "unknown": "x"}
    uploads = valid_uploads(item)
    uploads.pop("health_certificate")
    uploads["employment_proof"] = ("proof.pdf", png_bytes())  # a PNG named .pdf
    uploads["qualification_certificate"] = ("cert.pdf", b"MZ\x90\x00 not a document")
    audit_before = AuditEntry.objects.count()
    response = post(
        client_for(citizen),
        "/api/v1/cases/",
        {"item": SINGLE, "form": form, "materials": as_json(uploads)},
        language="en",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {
        "form.applicant_id",
        "form.unknown",
        "materials.health_certificate",
        "materials.employment_proof",
        "materials.qualification_certificate",
    }
    assert "check" in body["form.applicant_id"][0].lower()
    assert "named as another type" in body["materials.employment_proof"][0]
    assert "not a readable PDF" in body["materials.qualification_certificate"][0]
    chinese = post(
        client_for(citizen), "/api/v1/cases/", {"item": SINGLE, "form": {}, "materials": {}}
    ).json()
    assert any("必填" in message or "上传" in message for m in chinese.values() for message in m)
    assert not Case.objects.exists()
    assert not CaseMaterial.objects.exists()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_registry_and_certificate_materials_are_attached_not_uploaded(staff, citizen):
    case = submit_single(citizen)
    attached = case.materials.get(key="id_card")
    assert attached.source == "certificate"
    assert attached.reference == "certificate:resident_id_card"
    assert not attached.file
    item = ServiceItem.objects.get(code=SINGLE)
    response = post(
        client_for(citizen),
        "/api/v1/cases/",
        {
            "item": SINGLE,
            "form": valid_form(item),
            "materials": as_json(valid_uploads(item) | {"id_card": ("id.pdf", pdf_bytes("id"))}),
        },
    )
    assert response.status_code == 400
    assert "materials.id_card" in response.json()


@pytest.mark.django_db
def test_a_citizen_cannot_see_or_touch_another_citizens_case(staff, citizen):
    case = submit_single(citizen)
    other = client_for(CitizenFactory())
    assert other.get(f"/api/v1/cases/{case.number}/").status_code == 404
    assert other.get(f"/api/v1/cases/{case.number}/timeline/").status_code == 404
    # Acting on it gets the same answer as a case that does not exist: nothing is revealed.
    assert post(other, f"/api/v1/cases/{case.number}/withdraw/").status_code == 404
    assert other.get("/api/v1/cases/").json()["count"] == 0
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


@pytest.mark.django_db
def test_an_uninvolved_department_can_neither_see_nor_act(staff, citizen):
    case = submit_single(citizen)
    outsider = client_for(staff.clerk("440100-GA"))
    assert outsider.get(f"/api/v1/cases/{case.number}/").status_code == 404
    refused = post(outsider, f"/api/v1/cases/{case.number}/accept/", language="en")
    assert refused.status_code == 404  # as for a case that does not exist
    # A reviewer of the right department sees the case but is not a window clerk.
    wrong_role = post(client_for(staff.reviewer(WJ)), f"/api/v1/cases/{case.number}/accept/")
    assert wrong_role.status_code == 403
    assert "窗口" in wrong_role.json()["detail"]
    with at(date(2026, 11, 3)):
        services.accept(number=case.number, actor=staff.clerk(WJ))
    task = case.tasks.get()
    foreign = post(client_for(staff.reviewer("440100-GA")), f"/api/v1/tasks/{task.pk}/approve/")
    assert foreign.status_code == 404
    assert client_for(staff.reviewer("440100-GA")).get("/api/v1/tasks/").json()["count"] == 0
    task.refresh_from_db()
    assert task.status == "open"


@pytest.mark.django_db
def test_a_stale_version_and_a_wrong_state_change_nothing(staff, citizen):
    case = submit_single(citizen)
    with at(date(2026, 11, 3)):  # the clocks need a published calendar year
        stale_version_and_wrong_states(staff, case)


def stale_version_and_wrong_states(staff, case):
    clerk = client_for(staff.clerk(WJ))
    stale = post(clerk, f"/api/v1/cases/{case.number}/accept/", {"version": case.version - 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == case.version
    with_header = clerk.post(
        f"/api/v1/cases/{case.number}/accept/", {}, format="json", HTTP_IF_MATCH=str(case.version)
    )
    assert with_header.status_code == 200
    twice = post(clerk, f"/api/v1/cases/{case.number}/accept/", language="en")
    assert twice.status_code == 409
    assert "Under review" in twice.json()["detail"]
    premature = post(client_for(staff.head(WJ)), f"/api/v1/cases/{case.number}/decision/")
    assert premature.status_code == 409
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert case.outcome == ""


@pytest.mark.django_db
def test_correction_notice_must_name_real_materials_with_a_problem(staff, citizen):
    case = submit_single(citizen)
    response = post(
        client_for(staff.clerk(WJ)),
        f"/api/v1/cases/{case.number}/correction/",
        {"items": [{"key": "id_card", "problem": ""}, {"key": "nonsense", "problem": "x"}]},
        language="en",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"items.0.key", "items.0.problem", "items.1.key"}
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert not case.corrections.exists()


@pytest.mark.django_db
def test_resubmission_must_bring_every_material_the_notice_named(staff, citizen):
    case = submit_single(citizen)
    with at(date(2026, 11, 3)):
        services.send_correction_notice(
            number=case.number,
            actor=staff.clerk(WJ),
            items=[
                {"key": "health_certificate", "problem": "过期"},
                {"key": "employment_proof", "problem": "缺章"},
            ],
        )
    response = post(
        client_for(citizen),
        f"/api/v1/cases/{case.number}/resubmit/",
        {"materials": as_json({"health_certificate": ("h.pdf", pdf_bytes("h"))})},
    )
    assert response.status_code == 400
    assert "materials.employment_proof" in response.json()
    case.refresh_from_db()
    assert case.status == Status.CORRECTION


@pytest.mark.django_db
def test_withdraw_before_decision_and_refusal_with_reason(staff, citizen, enterprise):
    case = submit_single(citizen)
    with at(date(2026, 11, 3)):
        services.accept(number=case.number, actor=staff.clerk(WJ))
        withdrawn = post(client_for(citizen), f"/api/v1/cases/{case.number}/withdraw/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert {t["status"] for t in withdrawn.json()["tasks"]} == {"cancelled"}

    item = ServiceItem.objects.get(code=PARALLEL)
    with at(date(2026, 11, 3)):
        other = services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
        clerk = client_for(staff.clerk("440100-SCJG"))
        empty = post(clerk, f"/api/v1/cases/{other.number}/refuse/", {"reason": " "})
        assert empty.status_code == 400
        refused = post(
            clerk, f"/api/v1/cases/{other.number}/refuse/", {"reason": "不属于本机关职权范围"}
        )
    assert refused.status_code == 200
    assert refused.json()["status"] == "refused"
    assert [d["kind"] for d in refused.json()["documents"]] == ["refusal"]


@pytest.mark.django_db
def test_applicant_type_is_enforced(staff, citizen):
    item = ServiceItem.objects.get(code=PARALLEL)  # for enterprises
    with translation.override("en"):
        response = post(
            client_for(citizen),
            "/api/v1/cases/",
            {"item": PARALLEL, "form": valid_form(item), "materials": as_json(valid_uploads(item))},
            language="en",
        )
    assert response.status_code == 403
    assert "Enterprises" in response.json()["detail"]
