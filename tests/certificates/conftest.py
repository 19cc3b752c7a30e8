"""Fixtures for e-certificates: a granted food business licence and the people around it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from onewindow.cases import services
from onewindow.catalog.models import CertificateType, ServiceItem
from onewindow.certificates import services as certificate_services
from tests.cases.conftest import (  # noqa: F401 - fixtures
    PARALLEL,
    _media,
    citizen,
    enterprise,
    staff,
    valid_form,
    valid_uploads,
)
from tests.cases.test_single_department_lifecycle import at

SCJG, XF, CG = "440100-SCJG", "440100-XF", "440100-CG"
GRANTED_ON = date(2026, 11, 3)
_CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')


def without_csrf(page: str) -> str:
    """A page without its CSRF tokens, which differ on every request, for comparing answers."""
    return _CSRF.sub(r'\1"', page)


def grant_food_licence(officials, applicant, *, form_changes=None):
    """Apply for 食品经营许可 and take it through intake, three reviews and the grant."""
    item = ServiceItem.objects.get(code=PARALLEL)
    form = {**valid_form(item), **(form_changes or {})}
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=applicant, item_code=PARALLEL, form=form, uploads=valid_uploads(item)
        )
        services.accept(number=case.number, actor=officials.clerk(SCJG))
        for task in case.tasks.all():
            services.approve(task_id=task.pk, actor=officials.reviewer(task.department.code))
    with at(GRANTED_ON):
        services.decide(number=case.number, actor=officials.head(SCJG))
    case.refresh_from_db()
    return case


@pytest.fixture
def granted(staff, enterprise):  # noqa: F811 - the shared fixtures
    return grant_food_licence(staff, enterprise, form_changes={"premises_address": "天河路385号"})


@pytest.fixture
def business_licence(staff, enterprise):  # noqa: F811 - the shared fixtures
    """The enterprise's 营业执照, issued outside any case (存量证照)."""
    with at(date(2026, 10, 1)):
        return certificate_services.issue(
            certificate_type=CertificateType.objects.get(code="business_licence"),
            holder=certificate_services.HolderIdentity.of(enterprise),
            facts=certificate_services.Facts(
                form={
                    "company_type": "有限责任公司（自然人投资或控股）",
                    "address": "天河区体育西路1号",
                }
            ),
        )
