"""A fee is charged with the grant, paid at the counter, and only then is the result handed out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.accounts.models import Role
from onewindow.cases import selectors, services
from onewindow.cases.errors import CaseNotFound, TransitionNotAllowed
from onewindow.cases.models import CaseDocument, DocumentKind, Status
from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from onewindow.payments import references
from onewindow.payments.models import FeeNotice, FeeStatus, Payment
from tests.cases.test_single_department_lifecycle import at, pdf_text
from tests.certificates.conftest import grant_food_licence
from tests.factories import CitizenFactory
from tests.payments.conftest import CENTRE, CRJ, GRANTED_ON

pytestmark = pytest.mark.django_db


def test_the_grant_issues_a_payment_notice_with_amount_basis_reference_and_due_date(permit):
    notice = FeeNotice.objects.get(case_number=permit.number)
    assert notice.amount == Decimal("60.00")
    assert "发改价格〔2019〕914号" in notice.basis
    assert references.is_valid(notice.reference)
    assert notice.reference.startswith("4401002026")
    assert notice.status == FeeStatus.DUE
    assert notice.issued_on == GRANTED_ON
    # Five working days from Tuesday 3 November 2026 (core.clock): Tuesday 10 November.
    assert notice.due_on == date(2026, 11, 10)
    assert notice.service_centre.code == CENTRE
    document = CaseDocument.objects.get(case=permit, kind=DocumentKind.FEE)
    assert document.number == notice.document_number
    assert Notification.objects.filter(recipient=permit.applicant, kind="case.fee_due").exists()


def test_the_payment_notice_pdf_states_amount_in_words_basis_reference_and_payee(permit):
    notice = FeeNotice.objects.get(case_number=permit.number)
    text = pdf_text(CaseDocument.objects.get(case=permit, kind=DocumentKind.FEE))
    assert "缴款通知书" in text
    assert "60.00元" in text
    assert "人民币陆拾元整" in text
    assert "发改价格〔2019〕914号" in text
    assert notice.reference in text
    assert "2026年11月10日" in text
    assert "广州市公安局出入境管理支队" in text
    assert "广州市政务服务中心" in text  # where to pay: the service centre's window


def test_delivery_is_refused_while_the_fee_is_unpaid_and_allowed_once_paid(staff, permit):
    clerk = staff.clerk(CENTRE)
    notice = FeeNotice.objects.get(case_number=permit.number)
    with at(date(2026, 11, 4)), pytest.raises(TransitionNotAllowed) as refused:
        services.deliver(
            number=permit.number,
            actor=clerk,
            method="counter",
            collected_by=permit.applicant.real_name,
            collector_id_number=permit.applicant.id_number,
            id_checked=True,
        )
    assert notice.reference in str(refused.value)
    assert "60.00" in str(refused.value)
    permit.refresh_from_db()
    assert permit.status == Status.AWAITING_DELIVERY
    assert permit.delivered_at is None

    with at(date(2026, 11, 4)):
        services.record_fee_payment(
            number=permit.number,
            actor=clerk,
            reference=notice.reference,
            amount="60.00",
            receipt_number="gd-44-00012345",
        )
    notice.refresh_from_db()
    payment = Payment.objects.get(notice=notice)
    assert notice.status == FeeStatus.PAID
    assert (payment.receipt_number, payment.recorded_by, payment.department.code) == (
        "GD-44-00012345",
        clerk,
        CENTRE,
    )
    audit = AuditEntry.objects.filter(action="payment.recorded", object_id=notice.reference)
    assert audit.get().data["amount"] == "60.00"
    assert "fee_paid" in [row["kind"] for row in selectors.timeline(permit)]

    with at(date(2026, 11, 5)):
        case = services.deliver(
            number=permit.number,
            actor=clerk,
            method="counter",
            collected_by=permit.applicant.real_name,
            collector_id_number=permit.applicant.id_number,
            id_checked=True,
        )
    assert case.status == Status.CONCLUDED
    assert case.collector_id_masked.startswith(permit.applicant.id_number[:4])
    assert "*" in case.collector_id_masked


def test_a_wrong_amount_is_refused_and_changes_nothing(staff, permit):
    notice = FeeNotice.objects.get(case_number=permit.number)
    version = permit.version
    with pytest.raises(ValidationError) as refused:
        services.record_fee_payment(
            number=permit.number,
            actor=staff.clerk(CENTRE),
            reference=notice.reference,
            amount="50.00",
            receipt_number="GD4400012345",
        )
    assert "amount" in refused.value.message_dict
    notice.refresh_from_db()
    permit.refresh_from_db()
    assert notice.status == FeeStatus.DUE
    assert not Payment.objects.exists()
    assert permit.version == version


def test_a_second_payment_of_the_same_notice_is_refused(staff, permit):
    notice = FeeNotice.objects.get(case_number=permit.number)
    pay = dict(number=permit.number, actor=staff.clerk(CRJ), reference=notice.reference)
    services.record_fee_payment(**pay, amount="60", receipt_number="GD4400012345")
    with pytest.raises(TransitionNotAllowed):
        services.record_fee_payment(**pay, amount="60", receipt_number="GD4400012346")
    assert Payment.objects.count() == 1


def test_other_departments_citizens_and_clerkless_officials_cannot_record_a_payment(staff, permit):
    notice = FeeNotice.objects.get(case_number=permit.number)
    pay = dict(number=permit.number, reference=notice.reference, amount="60.00")
    # A window clerk of another department cannot see the case at all.
    with pytest.raises(CaseNotFound):
        services.record_fee_payment(
            **pay, actor=staff.clerk("440100-SCJG"), receipt_number="GD4400012345"
        )
    # The case's own reviewer sees it but takes no money.
    with pytest.raises(PermissionDenied):
        services.record_fee_payment(
            **pay, actor=staff.official(CRJ, Role.REVIEWER), receipt_number="GD4400012345"
        )
    with pytest.raises(CaseNotFound):
        services.record_fee_payment(**pay, actor=CitizenFactory(), receipt_number="GD4400012345")
    # The applicant cannot record their own payment either.
    with pytest.raises(PermissionDenied):
        services.record_fee_payment(**pay, actor=permit.applicant, receipt_number="GD4400012345")
    assert not Payment.objects.exists()
    notice.refresh_from_db()
    assert notice.status == FeeStatus.DUE


def test_a_free_item_issues_no_payment_notice(staff, enterprise):
    case = grant_food_licence(staff, enterprise)
    assert not FeeNotice.objects.filter(case_number=case.number).exists()
    assert not case.documents.filter(kind=DocumentKind.FEE).exists()


def test_an_unpaid_fee_follows_a_calendar_edit(permit):
    from onewindow.core import services as core_services
    from onewindow.core.models import CalendarDay

    notice = FeeNotice.objects.get(case_number=permit.number)
    assert notice.due_on == date(2026, 11, 10)
    core_services.set_calendar_day(
        day=date(2026, 11, 9), kind=CalendarDay.Kind.HOLIDAY, name="测试"
    )
    notice.refresh_from_db()
    assert notice.due_on == date(2026, 11, 11)
    assert AuditEntry.objects.filter(
        action="payment.notice_due_changed", object_id=notice.reference
    ).exists()
