"""A calendar edit while a case service holds a case: both commit, no deadlock (PostgreSQL).

Every audited change shares the audit chain's head row. A case service locks its case, then
the head at its end; the calendar edit's recomputation locks the open cases, and the edit's
own audit entry is chained after them: the same order, so neither waits for the other.
"""

import threading
import time
from datetime import date

import pytest
from django.db import connections

from onewindow.cases import engine, services
from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from onewindow.core import audit
from onewindow.core import services as core_services
from onewindow.core.models import AuditEntry
from tests.cases.conftest import PARALLEL, Staff, valid_form, valid_uploads
from tests.cases.test_concurrent_join import loaded  # noqa: F401  the PostgreSQL fixture
from tests.cases.test_single_department_lifecycle import at
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_holiday_entered_while_a_case_is_being_changed_waits_for_it_and_moves_it(loaded):  # noqa: F811
    staff = Staff()
    item = ServiceItem.objects.get(code=PARALLEL)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=EnterpriseFactory(),
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
        services.accept(number=case.number, actor=staff.clerk("440100-SCJG"))
    due_before = Case.objects.get(pk=case.pk).promised_due
    locked, errors = threading.Event(), []

    def change_the_case():
        """A case service's shape: lock the case, work, record, then chain at the end."""
        try:
            with engine.change():
                engine.lock(case.number)
                locked.set()
                time.sleep(1.5)  # longer than PostgreSQL's deadlock_timeout
                audit.record("test.case_changed", object_type="case", object_id=case.number)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def enter_a_holiday():
        try:
            locked.wait(10)
            core_services.set_calendar_day(day=due_before, kind="holiday", name="test")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change_the_case), threading.Thread(target=enter_a_holiday)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    # The case service committed first; the edit and the recomputation it caused after it.
    assert actions[-3:] == ["test.case_changed", "calendar.day_set", "case.due_dates_recomputed"]
    assert Case.objects.get(pk=case.pk).promised_due > due_before
    assert audit.verify_chain().ok
