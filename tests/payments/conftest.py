"""Fixtures for fees and delivery: a granted exit-entry permit (60 yuan) and the counters."""

from __future__ import annotations

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import (  # noqa: F401 - fixtures
    _media,
    citizen,
    enterprise,
    staff,
    valid_form,
    valid_uploads,
)
from tests.cases.test_single_department_lifecycle import at

PERMIT = "440100-CRJ-XK-223"  # 往来港澳通行证及签注签发: 60 yuan, 发改价格〔2019〕914号
CRJ = "440100-CRJ"
CENTRE = "440100-ZWFW-ZX"  # the city's service centre: the output window (统一出件)
GRANTED_ON = date(2026, 11, 3)  # Tuesday


def grant_permit(officials, applicant):
    """Apply for the permit, accept, approve and grant it: the payment notice is issued."""
    item = ServiceItem.objects.get(code=PERMIT)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=applicant,
            item_code=PERMIT,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
        services.accept(number=case.number, actor=officials.clerk(CRJ))
        for task in case.tasks.all():
            services.approve(task_id=task.pk, actor=officials.reviewer(task.department.code))
    with at(GRANTED_ON):
        services.decide(number=case.number, actor=officials.head(CRJ))
    case.refresh_from_db()
    return case


@pytest.fixture
def permit(staff, citizen):  # noqa: F811 - the shared fixtures
    return grant_permit(staff, citizen)


def charge_for(item_code: str, amount: str = "30.00") -> None:
    """Give a free item a fee, for scenarios that need a fee on a case of theirs."""
    ServiceItem.objects.filter(code=item_code).update(
        fee_amount=amount, fee_basis="粤发改价格〔2017〕XX号（测试收费依据）"
    )
