"""即办件: accepted and decided at the window the same day, then delivered."""

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.cases.models import Status
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at

MARRIAGE = "440100-MZ-QR-107"  # 内地居民结婚登记, an instant service of the district 民政局
TIANHE_CIVIL_AFFAIRS = "440106-MZ"  # its instance in 天河区 (实施清单)


@pytest.mark.django_db
def test_an_instant_service_is_decided_at_the_window_on_the_day(staff, citizen):
    item = ServiceItem.objects.get(code=MARRIAGE)
    assert item.instant
    clerk = staff.clerk(TIANHE_CIVIL_AFFAIRS)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=citizen,
            item_code=MARRIAGE,
            form=valid_form(item),
            uploads=valid_uploads(item),
            place="440106",
        )
        assert case.lead_department.code == TIANHE_CIVIL_AFFAIRS
        services.accept(number=case.number, actor=clerk)
        case.refresh_from_db()
        assert case.status == Status.AWAITING_DECISION
        assert case.promised_due == date(2026, 11, 2)
        assert not case.tasks.exists()
        services.decide(number=case.number, actor=clerk)
        services.deliver(number=case.number, actor=clerk, method="online")
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED
    assert case.outcome == "granted"
