"""The applicant's phone number in full for a stated, logged purpose (个人信息保护法 Art. 6),
and the head's preview of the decision: the real PDF, watermarked, never stored."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from onewindow.accounts.identity.throttle import RateLimited
from onewindow.cases import decision_preview, disclosure, review, services
from onewindow.cases.errors import CaseNotFound, TransitionNotAllowed
from onewindow.cases.models import CaseDocument, Status
from onewindow.core.models import AuditEntry
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import zh
from tests.workbench.conftest import CG, SCJG, XF, submit_parallel


def reveals(number: str) -> list[dict]:
    return list(
        AuditEntry.objects.filter(action="case.phone_revealed", object_id=number).values_list(
            "data", flat=True
        )
    )


@pytest.mark.django_db
def test_a_clerk_sees_the_phone_in_full_for_a_purpose_and_the_reveal_is_audited(staff, enterprise):
    case = submit_parallel(enterprise)
    phone = disclosure.reveal_phone(
        actor=staff.clerk(SCJG), number=case.number, purpose="materials", note="核对营业执照"
    )
    assert phone == enterprise.phone
    assert reveals(case.number) == [{"purpose": "materials", "note": "核对营业执照"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("purpose", "note", "field"),
    [
        ("", "", "purpose"),
        ("curious", "", "purpose"),
        ("other", "", "note"),
        ("other", " ", "note"),
    ],
)
def test_a_reveal_needs_a_purpose_from_the_list_and_another_one_explained(
    staff, enterprise, purpose, note, field
):
    case = submit_parallel(enterprise)
    with pytest.raises(ValidationError) as error:
        disclosure.reveal_phone(
            actor=staff.clerk(SCJG), number=case.number, purpose=purpose, note=note
        )
    assert field in error.value.message_dict
    assert reveals(case.number) == []


@pytest.mark.django_db
def test_another_department_the_applicant_and_a_stranger_cannot_reveal(staff, enterprise):
    case = submit_parallel(enterprise)
    with pytest.raises(CaseNotFound):
        disclosure.reveal_phone(
            actor=staff.clerk("440100-MZ"), number=case.number, purpose="other", note="x y"
        )
    with pytest.raises(PermissionDenied):
        disclosure.reveal_phone(actor=enterprise, number=case.number, purpose="materials")
    assert reveals(case.number) == []


@pytest.mark.django_db
def test_reveals_are_rate_limited_per_official(staff, enterprise, settings):
    settings.ONEWINDOW_RATE_LIMITS = {**settings.ONEWINDOW_RATE_LIMITS, "phone_reveal": (2, 3600)}
    case = submit_parallel(enterprise)
    clerk = staff.clerk(SCJG)
    for _ in range(2):
        disclosure.reveal_phone(actor=clerk, number=case.number, purpose="delivery")
    with pytest.raises(RateLimited):
        disclosure.reveal_phone(actor=clerk, number=case.number, purpose="delivery")
    assert len(reveals(case.number)) == 2
    # Another official still may.
    disclosure.reveal_phone(actor=staff.head(SCJG), number=case.number, purpose="delivery")


def awaiting_decision(staff, enterprise):
    case = submit_parallel(enterprise, date(2026, 11, 2))
    with at(date(2026, 11, 2)):
        services.accept(number=case.number, actor=staff.clerk(SCJG))
    with at(date(2026, 11, 4)):
        for code in (SCJG, CG, XF):
            task = case.tasks.get(department__code=code, status="open")
            services.approve(task_id=task.pk, actor=staff.reviewer(code), opinion="符合要求")
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DECISION
    return case


@pytest.mark.django_db
def test_the_head_previews_the_decision_watermarked_and_nothing_is_stored(staff, enterprise):
    case = awaiting_decision(staff, enterprise)
    documents_before = CaseDocument.objects.filter(case=case).count()
    with at(date(2026, 11, 5)):
        pdf = decision_preview.decision_pdf(actor=staff.head(SCJG), number=case.number)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "PREVIEW" in text
    assert "准予行政许可决定书" in text.replace(" ", "").replace("\n", "")
    assert CaseDocument.objects.filter(case=case).count() == documents_before
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.AWAITING_DECISION, "")


@pytest.mark.django_db
def test_only_who_may_decide_may_preview_and_only_while_the_decision_is_due(staff, enterprise):
    case = awaiting_decision(staff, enterprise)
    with pytest.raises(PermissionDenied):
        decision_preview.decision_pdf(actor=staff.reviewer(SCJG), number=case.number)
    with pytest.raises(CaseNotFound):
        decision_preview.decision_pdf(actor=staff.head("440100-MZ"), number=case.number)
    early = submit_parallel(enterprise)
    with pytest.raises(TransitionNotAllowed):
        decision_preview.decision_pdf(actor=staff.head(SCJG), number=early.number)


@pytest.mark.django_db
def test_nobody_approves_their_own_extension_request(staff, enterprise):
    case = submit_parallel(enterprise, date(2026, 11, 2))
    head = staff.head(SCJG)
    with at(date(2026, 11, 2)):
        services.accept(number=case.number, actor=staff.clerk(SCJG))
    with at(date(2026, 11, 3)):
        extension = review.request_extension(
            number=case.number, actor=head, days=10, reason="需专家论证"
        )
        for approve in (True, False):
            with pytest.raises(PermissionDenied) as error:
                review.decide_extension(
                    number=case.number, extension_id=extension.pk, actor=head, approve=approve
                )
            assert zh("Another head must approve or reject the extension you asked for.") in str(
                error.value
            )
    extension.refresh_from_db()
    assert extension.status == "pending"
