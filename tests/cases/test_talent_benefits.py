"""The talent programme: one certification, then five benefits handled in parallel by five
departments before the single delivery."""

from datetime import date

import pytest

from onewindow.cases import selectors, services
from onewindow.cases.models import Status, TaskStage
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import TALENT, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at

RCB = "440100-RCB"


@pytest.mark.django_db
def test_certification_opens_every_benefit_in_parallel_then_delivers_once(staff, citizen):
    item = ServiceItem.objects.get(code=TALENT)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=citizen, item_code=TALENT, form=valid_form(item), uploads=valid_uploads(item)
        )
        services.accept(number=case.number, actor=staff.clerk(RCB))
        review = case.tasks.get()
        assert review.department.code == RCB
        services.approve(task_id=review.pk, actor=staff.reviewer(RCB), opinion="符合A类人才条件")
        services.decide(number=case.number, actor=staff.head(RCB))
    case.refresh_from_db()
    assert case.outcome == "granted"
    assert case.status == Status.BENEFITS

    benefits = list(case.tasks.filter(stage=TaskStage.BENEFIT).select_related("benefit_item"))
    expected = item.process_parameters["benefits"]
    assert sorted(t.benefit_item.code for t in benefits) == sorted(expected)
    assert {t.department.code for t in benefits} == {
        ServiceItem.objects.get(code=code).lead_department.code for code in expected
    }
    # Each benefit department sees its task in its own inbox.
    for task in benefits:
        inbox = selectors.open_tasks_for(staff.reviewer(task.department.code))
        assert list(inbox) == [task]

    with at(date(2026, 11, 4)):
        for task in benefits[:-1]:
            services.approve(task_id=task.pk, actor=staff.reviewer(task.department.code))
            case.refresh_from_db()
            assert case.status == Status.BENEFITS
        services.approve(
            task_id=benefits[-1].pk, actor=staff.reviewer(benefits[-1].department.code)
        )
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DELIVERY

    with at(date(2026, 11, 5)):
        services.deliver(number=case.number, actor=staff.clerk(RCB), method="online")
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED


@pytest.mark.django_db
def test_a_denied_certification_skips_the_benefits(staff, citizen):
    item = ServiceItem.objects.get(code=TALENT)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=citizen, item_code=TALENT, form=valid_form(item), uploads=valid_uploads(item)
        )
        services.accept(number=case.number, actor=staff.clerk(RCB))
        services.deny(
            task_id=case.tasks.get().pk, actor=staff.reviewer(RCB), reasons="业绩材料不足以认定"
        )
        services.decide(number=case.number, actor=staff.head(RCB))
    case.refresh_from_db()
    assert case.outcome == "denied"
    assert case.status == Status.AWAITING_DELIVERY
    assert not case.tasks.filter(stage=TaskStage.BENEFIT).exists()
