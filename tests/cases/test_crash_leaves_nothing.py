"""A service that fails half-way leaves no half-written case and sends nothing."""

from datetime import date

import pytest
from django_tasks_db.models import DBTaskResult

from onewindow.cases import services
from onewindow.cases.models import Case, CaseDocument, CaseEvent, Status
from onewindow.catalog.models import ServiceItem
from onewindow.core.models import AuditEntry
from onewindow.notifications import services as notifications
from onewindow.notifications.models import Notification, OutboxMessage
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import WJ, at


class ChannelDown(Exception):
    """The notification service fails in the middle of the acceptance."""


@pytest.fixture
def failing_notify(monkeypatch):
    def notify(*args, **kwargs):
        raise ChannelDown

    monkeypatch.setattr(notifications, "notify", notify)


@pytest.mark.django_db(transaction=True)
def test_acceptance_that_fails_after_issuing_its_notice_changes_nothing(staff, citizen, request):
    item = ServiceItem.objects.get(code=SINGLE)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )
    clerk = staff.clerk(WJ)
    before = (
        Case.objects.get(pk=case.pk).version,
        CaseEvent.objects.count(),
        Notification.objects.count(),
        OutboxMessage.objects.count(),
        AuditEntry.objects.count(),
        DBTaskResult.objects.count(),
    )
    request.getfixturevalue("failing_notify")
    with at(date(2026, 11, 3)), pytest.raises(ChannelDown):
        services.accept(number=case.number, actor=clerk)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert case.accepted_on is None
    assert not case.tasks.exists()
    assert not CaseDocument.objects.filter(case=case).exists()
    after = (
        case.version,
        CaseEvent.objects.count(),
        Notification.objects.count(),
        OutboxMessage.objects.count(),
        AuditEntry.objects.count(),
        DBTaskResult.objects.count(),  # no PDF is queued for the notice that was never issued
    )
    assert after == before
