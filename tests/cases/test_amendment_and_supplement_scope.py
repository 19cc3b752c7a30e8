"""Amendment (变更申请) and the scope of a resubmission: what an applicant may change, when,
and what the workflow, the review tasks and the departments see afterwards."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onewindow.cases import services, workflow
from onewindow.cases.errors import CaseNotFound, OutsideRequest, TransitionNotAllowed
from onewindow.cases.models import Case, CaseDocument, DocumentKind, ReviewTask, TaskStatus
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import INSPECTION, SINGLE, pdf_bytes, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
WJ, SCJG = "440100-WJ", "440100-SCJG"


def _consistent(case: Case) -> None:
    """Every ready workflow task is projected as an open task, and no other task is open."""
    ready = {t.id for t in workflow.ready_tasks(workflow.load(case.workflow_state))}
    open_ids = set(
        case.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).values_list(
            "workflow_task", flat=True
        )
    )
    assert open_ids <= ready
    staged = set(
        ReviewTask.objects.filter(workflow_task__in=ready).values_list("workflow_task", flat=True)
    )
    assert open_ids == staged


def _submitted(applicant, code=SINGLE):
    item = ServiceItem.objects.get(code=code)
    return services.submit(
        applicant=applicant, item_code=code, form=valid_form(item), uploads=valid_uploads(item)
    )


def test_an_amendment_after_approval_reopens_the_review_and_ends_in_one_decision(staff, citizen):
    with at(date(2026, 11, 2)):
        case = _submitted(citizen)
        services.accept(number=case.number, actor=staff.clerk(WJ))
        first = case.tasks.get()
        services.approve(task_id=first.pk, actor=staff.reviewer(WJ), opinion="符合条件")
    case.refresh_from_db()
    assert case.status == "awaiting_decision"
    changed = case.form_data | {"institution_name": "广州市第一人民医院"}
    with at(date(2026, 11, 3)):
        services.amend(number=case.number, applicant=citizen, form=changed, reason="更换执业机构")
    case.refresh_from_db()
    assert case.status == "in_review"
    assert case.form_data["institution_name"] == "广州市第一人民医院"
    # The one review task is open again, its earlier opinion gone from it (the timeline and
    # the audit log keep it).
    again = case.tasks.get()
    assert (again.pk, again.status, again.opinion, again.reviewer) == (first.pk, "open", "", None)
    _consistent(case)
    with at(date(2026, 11, 4)):
        services.approve(task_id=again.pk, actor=staff.reviewer(WJ))
        services.decide(number=case.number, actor=staff.head(WJ))
        with pytest.raises(TransitionNotAllowed):
            services.amend(number=case.number, applicant=citizen, form=case.form_data, reason="x")
        services.deliver(number=case.number, actor=staff.clerk(WJ), method="online")
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("concluded", "granted")
    assert workflow.finished(workflow.load(case.workflow_state))
    assert CaseDocument.objects.filter(case=case, kind=DocumentKind.DECISION).count() == 1


def test_an_amendment_during_the_inspection_restarts_review_then_inspection(staff, enterprise):
    with at(date(2026, 11, 2)):
        case = _submitted(enterprise, INSPECTION)
        services.accept(number=case.number, actor=staff.clerk(SCJG))
        review = case.tasks.get()
        services.approve(task_id=review.pk, actor=staff.reviewer(SCJG))
    case.refresh_from_db()
    inspection = case.tasks.get(stage="inspection")
    assert case.clock_paused
    with at(date(2026, 11, 4)):
        services.amend(
            number=case.number,
            applicant=enterprise,
            form=case.form_data | {"production_address": "黄埔区科学城1号"},
            reason="生产地址变更",
        )
    case.refresh_from_db()
    inspection.refresh_from_db()
    assert inspection.status == TaskStatus.REOPENED
    assert not case.clock_paused  # the inspection's pause ended with it
    assert list(case.tasks.filter(status="open").values_list("stage", flat=True)) == ["review"]
    _consistent(case)
    with at(date(2026, 11, 5)):
        services.approve(task_id=case.tasks.get(status="open").pk, actor=staff.reviewer(SCJG))
        second = case.tasks.get(status="open", stage="inspection")
        services.approve(task_id=second.pk, actor=staff.reviewer(SCJG))
        services.decide(number=case.number, actor=staff.head(SCJG))
    case.refresh_from_db()
    assert case.outcome == "granted"
    assert CaseDocument.objects.filter(case=case, kind=DocumentKind.DECISION).count() == 1


def test_what_an_amendment_refuses(staff, citizen):
    case = _submitted(citizen)
    # Before intake nothing was reviewed: the form changes and no task opens.
    services.amend(
        number=case.number,
        applicant=citizen,
        form=case.form_data | {"practice_scope": "内科专业"},
        reason="填错了执业范围",
    )
    case.refresh_from_db()
    assert case.form_data["practice_scope"] == "内科专业"
    assert not case.tasks.exists()
    version = case.version
    with pytest.raises(ValidationError) as same:
        services.amend(number=case.number, applicant=citizen, form=case.form_data, reason="x")
    assert set(same.value.message_dict) == {"form"}
    with pytest.raises(ValidationError) as identity:
        services.amend(
            number=case.number,
            applicant=citizen,
            form=case.form_data | {"applicant_name": "别人"},
            reason="改名",
        )
    assert set(identity.value.message_dict) == {"form.applicant_name"}
    with pytest.raises(CaseNotFound):
        services.amend(
            number=case.number, applicant=CitizenFactory(), form=case.form_data, reason="x"
        )
    case.refresh_from_db()
    assert case.version == version


def test_a_correction_answer_changes_only_what_the_notice_named(staff, citizen):
    case = _submitted(citizen)
    services.send_correction_notice(
        number=case.number,
        actor=staff.clerk(WJ),
        items=[{"key": "health_certificate", "problem": "已超过六个月"}],
    )
    case.refresh_from_db()
    upload = {"health_certificate": ("health.pdf", pdf_bytes("health"))}
    with pytest.raises(OutsideRequest) as outside:
        services.resubmit(
            number=case.number,
            applicant=citizen,
            uploads=upload,
            form=case.form_data | {"practice_category": "中医"},
        )
    assert outside.value.fields == ["form.practice_category"]
    assert Case.objects.get(pk=case.pk).status == "correction"
    services.resubmit(number=case.number, applicant=citizen, uploads=upload, form=case.form_data)
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_the_case_page_amends_with_a_reason(staff, citizen, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False  # signed in as by the TOTP form; its own tests
    case = _submitted(citizen)
    browser = Client()
    browser.force_login(citizen)
    page = browser.get(f"/my/cases/{case.number}/").content.decode()
    assert f"/my/cases/{case.number}/amendment/" in page
    posted = {name: str(value) for name, value in case.form_data.items()}
    posted |= {"practice_scope": "外科专业", "version": case.version}
    missing = browser.post(f"/my/cases/{case.number}/amendment/", posted | {"reason": ""})
    assert missing.status_code == 200
    assert 'id="amend-reason-error"' in missing.content.decode()
    done = browser.post(f"/my/cases/{case.number}/amendment/", posted | {"reason": "调整执业范围"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.form_data["practice_scope"] == "外科专业"
    official = Client()
    official.force_login(staff.clerk(WJ))
    bench = official.get(f"/workbench/cases/{case.number}/")
    assert bench.status_code == 200
    bench = bench.content.decode()
    assert "调整执业范围" in bench
    assert "外科专业" in bench


def test_a_correction_notice_may_name_a_form_field_and_only_that_one_changes(staff, citizen):
    case = _submitted(citizen)
    clerk = staff.clerk(WJ)
    with pytest.raises(ValidationError) as bound:
        services.send_correction_notice(
            number=case.number,
            actor=clerk,
            items=[{"field": "applicant_name", "problem": "姓名有误"}],
        )
    assert set(bound.value.message_dict) == {"items.0.field"}
    services.send_correction_notice(
        number=case.number,
        actor=clerk,
        items=[
            {"field": "practice_scope", "problem": "执业范围应与资格证书一致"},
            {"key": "health_certificate", "problem": "已超过六个月"},
        ],
    )
    case.refresh_from_db()
    upload = {"health_certificate": ("health.pdf", pdf_bytes("health"))}
    with pytest.raises(OutsideRequest):
        services.resubmit(
            number=case.number,
            applicant=citizen,
            uploads=upload,
            form=case.form_data | {"practice_scope": "全科医学专业", "practice_category": "中医"},
        )
    # The service hall's answer: the named field as a text box, next to the material.
    browser = Client()
    browser.force_login(citizen)
    page = browser.get(f"/my/cases/{case.number}/").content.decode()
    assert 'name="practice_scope"' in page
    answered = browser.post(
        f"/my/cases/{case.number}/resubmit/",
        {
            "practice_scope": "全科医学专业",
            "materials.health_certificate": _upload("health.pdf", pdf_bytes("health")),
            "version": case.version,
        },
    )
    assert answered.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.form_data["practice_scope"]) == ("submitted", "全科医学专业")
    timeline = browser.get(f"/api/v1/cases/{case.number}/timeline/").json()
    assert any("全科医学专业" in entry["text"] for entry in timeline)


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
