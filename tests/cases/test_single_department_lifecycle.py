"""One department, start to finish: correction and resubmission, a pause across National Day
2026, an Art. 42 extension, a grant with its PDF decision, postal delivery."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from onewindow.cases import documents, selectors, services
from onewindow.cases.models import DocumentKind, Status, TaskStatus
from onewindow.catalog.models import ServiceItem
from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from tests.cases.conftest import SINGLE, pdf_bytes, valid_form, valid_uploads

SHANGHAI = ZoneInfo("Asia/Shanghai")
WJ = "440100-WJ"


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI))


def pdf_text(document) -> str:
    document = documents.ensure_rendered(document)  # as a download does
    with document.file.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    return text.replace("\n", "")  # lines wrap anywhere in Chinese


@pytest.mark.django_db
def test_single_department_case_from_submission_to_delivery(staff, citizen):
    item = ServiceItem.objects.get(code=SINGLE)
    clerk, reviewer, head = staff.clerk(WJ), staff.reviewer(WJ), staff.head(WJ)

    with at(date(2026, 9, 21)):  # Monday
        case = services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )
    assert case.number.startswith("440100-20260921-")
    assert case.status == Status.SUBMITTED
    # Art. 32: five working days for intake (22, 23, 24, 28, 29; the 25th is Mid-Autumn).
    assert case.intake_due == date(2026, 9, 29)

    with at(date(2026, 9, 22)):
        notice = services.send_correction_notice(
            number=case.number,
            actor=clerk,
            items=[
                {"key": "health_certificate", "problem": "体检报告超过六个月"},
                {"key": "employment_proof", "problem": "缺少单位盖章"},
            ],
        )
    case.refresh_from_db()
    assert case.status == Status.CORRECTION
    assert case.intake_due is None
    assert [row["key"] for row in notice.items] == ["health_certificate", "employment_proof"]

    with at(date(2026, 9, 23)):
        services.resubmit(
            number=case.number,
            applicant=citizen,
            uploads={
                "health_certificate": ("health.pdf", pdf_bytes("new health")),
                "employment_proof": ("proof.pdf", pdf_bytes("stamped")),
            },
        )
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert case.received_on == date(2026, 9, 23)
    assert case.materials.filter(superseded=True).count() == 2

    with at(date(2026, 9, 24)):
        services.accept(number=case.number, actor=clerk, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert case.accepted_on == date(2026, 9, 24)
    # 5 promised working days: 28, 29, 30 Sep, then 8, 9 Oct after the National Day holiday.
    assert case.promised_due == date(2026, 10, 9)
    # 20 statutory working days reach 29 Oct (Saturday 10 Oct is an adjusted working day).
    assert case.statutory_due == date(2026, 10, 29)
    task = case.tasks.get()
    assert task.department.code == WJ
    assert task.due_on == date(2026, 10, 9)

    with at(date(2026, 9, 29)):
        pause = services.pause_clock(
            number=case.number, actor=reviewer, kind="expert_review", reason="组织专家评审执业范围"
        )
    with at(date(2026, 10, 9)):
        services.resume_clock(number=case.number, pause_id=pause.pk, actor=reviewer)
    pause.refresh_from_db()
    case.refresh_from_db()
    # Not counted: 29 and 30 Sep and 8 Oct (1-7 Oct are holidays anyway).
    assert pause.working_days == 3
    assert case.paused_days == 3
    assert case.promised_due == date(2026, 10, 13)
    assert case.statutory_due == date(2026, 11, 3)

    with at(date(2026, 10, 12)):
        extension = services.request_extension(
            number=case.number, actor=reviewer, days=10, reason="需补充核查执业机构资质"
        )
        assert case.statutory_due == date(2026, 11, 3)
        services.decide_extension(number=case.number, extension_id=extension.pk, actor=head)
    case.refresh_from_db()
    assert case.extension_days == 10
    assert case.promised_due == date(2026, 10, 27)
    assert case.statutory_due == date(2026, 11, 17)

    with at(date(2026, 10, 14)):
        services.approve(task_id=task.pk, actor=reviewer, opinion="材料齐全，符合条件")
        case.refresh_from_db()
        assert case.status == Status.AWAITING_DECISION
        services.decide(number=case.number, actor=head)
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DELIVERY
    assert case.outcome == "granted"
    # Art. 44: ten working days to deliver the grant.
    assert case.delivery_due == date(2026, 10, 28)
    decision = case.documents.get(kind=DocumentKind.DECISION)
    text = pdf_text(decision)
    assert "准予行政许可决定书" in text
    assert case.number in text
    assert "行政复议" in text

    with at(date(2026, 10, 15)):
        services.deliver(
            number=case.number,
            actor=clerk,
            method="post",
            carrier="sf",
            tracking_number="SF1234567890123",
            address="广州市越秀区中山五路1号 王医生 13800000000",
        )
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED
    assert case.tracking_number == "SF1234567890123"
    assert case.tasks.get().status == TaskStatus.APPROVED

    kinds = [entry["kind"] for entry in selectors.timeline(case)]
    assert kinds[:5] == ["submitted", "correction", "resubmitted", "accepted", "task_opened"]
    for expected in ("paused", "resumed", "extension_approved", "approved", "decided_granted"):
        assert expected in kinds
    assert kinds[-2:] == ["delivered_post", "concluded"]
    assert set(case.documents.values_list("kind", flat=True)) == {
        "correction",
        "acceptance",
        "pause",
        "extension",
        "decision",
    }
    notified = set(Notification.objects.filter(recipient=citizen).values_list("kind", flat=True))
    assert {"case.accepted", "case.correction", "case.paused", "case.extended"} <= notified
    assert {"case.decided", "case.delivered"} <= notified
    actions = set(AuditEntry.objects.filter(object_id=case.number).values_list("action", flat=True))
    assert {"case.submitted", "case.accepted", "case.decided", "case.delivered"} <= actions


@pytest.mark.django_db
def test_acceptance_notice_pdf_states_the_due_dates(staff, citizen):
    item = ServiceItem.objects.get(code=SINGLE)
    with at(date(2026, 9, 21)):
        case = services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )
    with at(date(2026, 9, 24)):
        services.accept(number=case.number, actor=staff.clerk(WJ))
    text = pdf_text(case.documents.get(kind=DocumentKind.ACCEPTANCE))
    assert "受理通知书" in text
    assert "2026年10月9日" in text
    assert citizen.real_name in text
