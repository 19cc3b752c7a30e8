"""统一出件: the applicant chooses the counter or post; the service centre's output window hands
out every department's results, by post with a checked tracking number or at the counter
with the collector's ID card checked; no one else delivers."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from onewindow.accounts.models import Role
from onewindow.cases import delivery, selectors, services
from onewindow.cases.errors import CaseNotFound
from onewindow.cases.models import Case, Status
from onewindow.catalog.models import ServiceItem
from onewindow.payments.models import FeeNotice
from tests.cases.conftest import PARALLEL, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.certificates.conftest import grant_food_licence
from tests.payments.conftest import CENTRE, CRJ

pytestmark = pytest.mark.django_db
ADDRESS = "广州市天河区体育西路103号 张晓明 13800138000"


def pay(staff, case):
    notice = FeeNotice.objects.get(case_number=case.number)
    services.record_fee_payment(
        number=case.number,
        actor=staff.clerk(CENTRE),
        reference=notice.reference,
        amount=str(notice.amount),
        receipt_number="GD4400012345",
    )


def test_posted_with_an_ems_tracking_number_to_the_address_the_applicant_chose(staff, permit):
    services.choose_delivery(
        number=permit.number, applicant=permit.applicant, method="post", address=ADDRESS
    )
    pay(staff, permit)
    clerk = staff.clerk(CENTRE)
    with pytest.raises(ValidationError) as refused:
        services.deliver(
            number=permit.number,
            actor=clerk,
            method="post",
            carrier="ems",
            tracking_number="EA123456784CN",  # wrong check digit
        )
    assert "tracking_number" in refused.value.message_dict
    with at(date(2026, 11, 5)):
        case = services.deliver(
            number=permit.number,
            actor=clerk,
            method="post",
            carrier="ems",
            tracking_number="ea 123456785 cn",
        )
    assert case.status == Status.CONCLUDED
    assert (case.delivery_carrier, case.tracking_number) == ("ems", "EA123456785CN")
    assert case.delivery_address == ADDRESS
    # The applicant sees it on the timeline of their case.
    texts = [row["text"] for row in selectors.timeline(case)]
    assert any("EA123456785CN" in text for text in texts)


def test_the_choice_of_post_needs_an_address_and_the_clerk_follows_the_choice(staff, permit):
    with pytest.raises(ValidationError) as refused:
        services.choose_delivery(number=permit.number, applicant=permit.applicant, method="post")
    assert "address" in refused.value.message_dict
    services.choose_delivery(number=permit.number, applicant=permit.applicant, method="counter")
    pay(staff, permit)
    with pytest.raises(ValidationError) as refused:
        services.deliver(
            number=permit.number,
            actor=staff.clerk(CENTRE),
            method="post",
            carrier="sf",
            tracking_number="SF1234567890123",
            address=ADDRESS,
        )
    assert "method" in refused.value.message_dict


def test_counter_pickup_needs_the_collectors_checked_id_card(staff, permit):
    pay(staff, permit)
    with pytest.raises(ValidationError) as refused:
        services.deliver(
            number=permit.number,
            actor=staff.clerk(CENTRE),
            method="counter",
            collected_by="张三",
            collector_id_number="440106198803091234",
        )
    assert {"collector_id_number", "id_checked"} <= set(refused.value.message_dict)
    permit.refresh_from_db()
    assert permit.status == Status.AWAITING_DELIVERY


def test_the_output_window_delivers_other_departments_results(staff, enterprise):
    """The food licence is led by market supervision; the centre's window hands it out."""
    case = grant_food_licence(staff, enterprise)
    services.deliver(
        number=case.number,
        actor=staff.clerk(CENTRE),
        method="post",
        carrier="sf",
        tracking_number="SF1234567890123",
        address=ADDRESS,
    )
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED
    assert case.events.get(kind="delivered_post").department.code == CENTRE


def test_only_window_clerks_of_the_lead_department_or_its_service_centre_deliver(staff, permit):
    pay(staff, permit)
    arguments = dict(
        number=permit.number,
        method="post",
        carrier="sf",
        tracking_number="SF1234567890123",
        address=ADDRESS,
    )
    # Another district's service centre, another department's clerk: the case is not theirs.
    for outsider in (staff.clerk("440106-ZWFW-ZX"), staff.clerk("440100-SCJG")):
        with pytest.raises(CaseNotFound):
            services.deliver(actor=outsider, **arguments)
    # An official of the centre without the window role is not its output window.
    with pytest.raises(CaseNotFound):
        services.deliver(actor=staff.official(CENTRE, Role.REVIEWER), **arguments)
    # The lead department's reviewer and the applicant see the case but do not deliver.
    for party in (staff.reviewer(CRJ), permit.applicant):
        with pytest.raises(PermissionDenied):
            services.deliver(actor=party, **arguments)
    services.deliver(actor=staff.clerk(CRJ), **arguments)  # the lead department's own window


def test_only_the_centres_window_clerks_see_its_cases(staff, enterprise):
    """The service centre's window takes the case in (综合受理) and hands the result out
    (统一出件); an official of the centre in another role sees nothing of it."""
    item = ServiceItem.objects.get(code=PARALLEL)
    case = services.submit(
        applicant=enterprise, item_code=PARALLEL, form=valid_form(item), uploads=valid_uploads(item)
    )
    assert case.instance.service_centre.code == CENTRE
    assert selectors.visible_cases(staff.clerk(CENTRE)).filter(pk=case.pk).exists()
    reviewer = staff.official(CENTRE, Role.REVIEWER)
    assert not selectors.visible_cases(reviewer).filter(pk=case.pk).exists()
    with pytest.raises(CaseNotFound):
        selectors.case_file(reviewer, case.number)


def test_art_44_delivery_due_is_ten_working_days_after_the_grant(permit):
    assert permit.delivery_due == date(2026, 11, 17)


@given(st.from_regex(r"[0-9]{8}", fullmatch=True), st.sampled_from(["EA", "EE", "LX"]))
def test_every_s10_number_with_its_check_digit_is_accepted(serial, prefix):
    number = f"{prefix}{serial}{delivery.s10_check_digit(serial)}CN"
    assert delivery.tracking_number("ems", number) == number
    wrong = f"{prefix}{serial}{(delivery.s10_check_digit(serial) + 1) % 10}CN"
    with pytest.raises(ValidationError):
        delivery.tracking_number("ems", wrong)


def test_an_item_instances_service_centre_is_its_output_window(staff, permit):
    """A case handled through a district instance (实施清单) goes out at that district's centre."""
    from onewindow.accounts.models import Department
    from onewindow.catalog.models import InstanceLevel, ItemInstance
    from onewindow.core.models import Division

    tianhe = Department.objects.get(code="440106-ZWFW-ZX")  # 天河区政务服务中心
    instance = ItemInstance.objects.create(
        item=permit.item,
        level=InstanceLevel.DISTRICT,
        division=Division.objects.get(code="440106"),
        department=permit.lead_department,
        service_centre=tianhe,
        promised_limit=5,
    )
    Case.objects.filter(pk=permit.pk).update(instance=instance)  # as routing would have set it
    assert selectors.visible_cases(staff.clerk("440106-ZWFW-ZX")).filter(pk=permit.pk).exists()
    assert not selectors.visible_cases(staff.clerk(CENTRE)).filter(pk=permit.pk).exists()
    assert FeeNotice.objects.get(case_number=permit.number).service_centre.code == CENTRE
    with pytest.raises(CaseNotFound):
        services.deliver(number=permit.number, actor=staff.clerk(CENTRE), method="online")
    services.record_fee_payment(  # the notice was issued before the instance was set
        number=permit.number,
        actor=staff.clerk(CRJ),
        reference=FeeNotice.objects.get(case_number=permit.number).reference,
        amount="60.00",
        receipt_number="GD4400012345",
    )
    services.deliver(number=permit.number, actor=staff.clerk("440106-ZWFW-ZX"), method="online")
    assert Case.objects.get(pk=permit.pk).status == Status.CONCLUDED
