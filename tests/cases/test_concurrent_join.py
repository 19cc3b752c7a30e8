"""Two departments finishing in the same instant produce exactly one decision step, and a
double-clicked submit produces one case (PostgreSQL, real threads and connections)."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from onewindow.accounts import departments_data
from onewindow.cases import services
from onewindow.cases.models import Case, CaseEvent, Status
from onewindow.catalog.models import ServiceItem
from tests import catalogue_snapshot
from tests.cases.conftest import PARALLEL, Staff, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import restore_migration_data
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are proven on PostgreSQL")
    restore_migration_data()  # a flush by an earlier transactional test empties them
    departments_data.load()
    catalogue_snapshot.load()


def run_together(*calls):
    """Start every call at the same barrier, each on its own connection; return errors."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_departments_finishing_together_make_one_decision_step(loaded):
    staff = Staff()
    enterprise = EnterpriseFactory()
    item = ServiceItem.objects.get(code=PARALLEL)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
        services.accept(number=case.number, actor=staff.clerk("440100-SCJG"))
        tasks = {t.department.code: t for t in case.tasks.select_related("department")}
        services.approve(task_id=tasks["440100-SCJG"].pk, actor=staff.reviewer("440100-SCJG"))
        xf, cg = staff.reviewer("440100-XF"), staff.reviewer("440100-CG")
        errors = run_together(
            lambda: services.approve(task_id=tasks["440100-XF"].pk, actor=xf),
            lambda: services.approve(task_id=tasks["440100-CG"].pk, actor=cg),
        )
    assert errors == []
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DECISION
    assert CaseEvent.objects.filter(case=case, kind="all_reviewed").count() == 1
    assert case.tasks.filter(status="approved").count() == 3
    # The workflow holds exactly one decision task: decide once and it is gone.
    services.decide(number=case.number, actor=staff.head("440100-SCJG"))
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DELIVERY
    assert case.outcome == "granted"


def test_a_double_clicked_submit_creates_one_case(loaded):
    enterprise = EnterpriseFactory()
    item = ServiceItem.objects.get(code=PARALLEL)
    form, uploads = valid_form(item), valid_uploads(item)  # both clicks send the same request
    numbers = []

    def click():
        numbers.append(
            services.submit(
                applicant=enterprise,
                item_code=PARALLEL,
                form=form,
                uploads=uploads,
                idempotency_key="double-click",
            ).number
        )

    with at(date(2026, 11, 2)):
        errors = run_together(click, click)
    assert errors == []
    assert len(set(numbers)) == 1
    assert Case.objects.filter(applicant=enterprise).count() == 1
