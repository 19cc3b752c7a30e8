"""Decided cases to rate: one department (卫健委), filed, accepted, reviewed and decided."""

from __future__ import annotations

from datetime import date

from onewindow.cases import ratings, services
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at

WJ = "440100-WJ"


def decided(staff, applicant, day: date = date(2026, 9, 1), item_code: str = SINGLE):
    item = ServiceItem.objects.get(code=item_code)
    department = item.lead_department.code
    with at(day):
        case = services.submit(
            applicant=applicant,
            item_code=item_code,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
        services.accept(number=case.number, actor=staff.clerk(department))
        for task in case.tasks.filter(status="open"):
            services.approve(task_id=task.pk, actor=staff.reviewer(task.department.code))
        return services.decide(number=case.number, actor=staff.head(department))


def rated(staff, applicant, score: int, day: date, problems=(), comment: str = ""):
    case = decided(staff, applicant, day)
    with at(day, 15):
        return ratings.rate(
            number=case.number,
            applicant=applicant,
            score=score,
            problems=list(problems) or (["slow"] if score <= 2 else []),
            comment=comment,
        )
