"""Cases on the e-supervision ledger: every transition brings the case's row up to date in the
same transaction, with the case's own due dates (intake Art. 32, decision Art. 42/45, delivery
Art. 44; a divorce's appearance window on calendar days), paused with the clock, closed with
the case; a data migration backfills open cases."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import transaction

from onewindow.cases import services
from onewindow.cases.models import Case, Status
from onewindow.catalog.models import ServiceItem
from onewindow.core import services as core_services
from onewindow.core.models import CalendarDay
from onewindow.supervision.models import Matter, State, Unit
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_divorce_cooling_off import received
from tests.cases.test_single_department_lifecycle import WJ, at

pytestmark = pytest.mark.django_db


def submit(citizen, day=date(2026, 9, 21)):
    item = ServiceItem.objects.get(code=SINGLE)
    with at(day):
        return services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )


def row(case) -> Matter:
    return Matter.objects.get(kind="case", key=case.number)


def test_each_stage_carries_the_cases_own_due_date(staff, citizen):
    clerk, reviewer, head = staff.clerk(WJ), staff.reviewer(WJ), staff.head(WJ)
    case = submit(citizen)
    matter = row(case)
    assert (matter.stage, matter.unit, matter.limit, matter.state) == (
        "intake",
        Unit.WORKING_DAYS,
        5,
        State.OPEN,
    )
    assert matter.due_on == case.intake_due == date(2026, 9, 29)
    assert matter.title == case.item.name
    assert matter.group == SINGLE
    assert matter.link == f"/workbench/cases/{case.number}/"
    assert matter.department_id == case.lead_department_id
    assert matter.division_code == case.division_code
    assert matter.handler is None  # the applicant does not handle it

    with at(date(2026, 9, 22)):
        services.send_correction_notice(
            number=case.number, actor=clerk, items=[{"key": "health_certificate", "problem": "x"}]
        )
    assert row(case).state == State.PAUSED  # the applicant holds the clock

    with at(date(2026, 9, 23)):
        services.resubmit(
            number=case.number,
            applicant=citizen,
            uploads={
                "health_certificate": ("h.pdf", valid_uploads(case.item)["health_certificate"][1])
            },
        )
    case.refresh_from_db()
    matter = row(case)
    assert (matter.stage, matter.state) == ("intake", State.OPEN)
    assert matter.due_on == case.intake_due  # a fresh intake clock from the resubmission

    with at(date(2026, 9, 24)):
        services.accept(number=case.number, actor=clerk)
    case.refresh_from_db()
    matter = row(case)
    assert (matter.stage, matter.limit) == ("decision", case.promised_limit)
    assert matter.due_on == case.promised_due == date(2026, 10, 9)
    assert matter.handler == clerk  # the official who acted last

    with at(date(2026, 9, 28)):
        pause = services.pause_clock(
            number=case.number, actor=reviewer, kind="expert_review", reason="专家评审"
        )
    assert row(case).state == State.PAUSED
    with at(date(2026, 10, 12)):
        services.resume_clock(number=case.number, pause_id=pause.pk, actor=reviewer)
        extension = services.request_extension(
            number=case.number, actor=reviewer, days=5, reason="需组织专家论证"
        )
        services.decide_extension(number=case.number, extension_id=extension.pk, actor=head)
    case.refresh_from_db()
    matter = row(case)
    assert matter.state == State.OPEN
    assert (matter.paused, matter.extended) == (case.paused_days, case.extension_days) != (0, 0)
    assert matter.due_on == case.promised_due

    with at(date(2026, 10, 13)):
        services.approve(task_id=case.tasks.get(status="open").pk, actor=reviewer)
        services.decide(number=case.number, actor=head)
    case.refresh_from_db()
    matter = row(case)
    assert (matter.stage, matter.limit) == ("delivery", 10)
    assert matter.due_on == case.delivery_due
    assert matter.handler == head

    with at(date(2026, 10, 14)):
        services.deliver(number=case.number, actor=clerk, method="online")
    matter = row(case)
    assert (matter.state, matter.late) == (State.CLOSED, False)
    assert matter.closed_at is not None


def test_refusal_and_withdrawal_close_the_row(staff, citizen):
    refused, withdrawn = submit(citizen), submit(citizen)
    with at(date(2026, 9, 22)):
        services.refuse(number=refused.number, actor=staff.clerk(WJ), reason="不属于本机关职权")
        services.withdraw(number=withdrawn.number, applicant=citizen)
    assert row(refused).state == row(withdrawn).state == State.CLOSED


def test_a_row_rolls_back_with_its_case(staff, citizen):
    case = submit(citizen)

    def accept_then_fail():
        with transaction.atomic(), at(date(2026, 9, 22)):
            services.accept(number=case.number, actor=staff.clerk(WJ))
            assert row(case).stage == "decision"
            raise RuntimeError

    with pytest.raises(RuntimeError):
        accept_then_fail()
    assert row(case).stage == "intake"


def test_a_divorce_runs_on_calendar_days_to_the_appearance_windows_last_day(staff, citizen):
    case, _clerk = received(staff, citizen, date(2026, 9, 1))
    record = case.cooling_off
    matter = row(case)
    assert (matter.stage, matter.unit, matter.limit) == ("appearance", Unit.CALENDAR_DAYS, 30)
    # The cooling-off period's last day moved past National Day (Art. 203); the window runs
    # 30 days from there, to Monday 9 November: the case's own due date.
    assert record.cooling_off_ends == date(2026, 10, 8)
    assert matter.due_on == record.appearance_ends == case.promised_due == date(2026, 11, 9)


def test_a_calendar_edit_moves_the_ledger_with_the_case(staff, citizen):
    case = submit(citizen)
    with at(date(2026, 9, 24)):
        services.accept(number=case.number, actor=staff.clerk(WJ))
    with at(date(2026, 9, 25)):
        core_services.set_calendar_day(
            day=date(2026, 10, 9), kind=CalendarDay.Kind.HOLIDAY, name="test"
        )
    case.refresh_from_db()
    assert row(case).due_on == case.promised_due == date(2026, 10, 10)


def test_the_migration_backfills_open_cases(staff, citizen):
    from importlib import import_module

    backfill = import_module("onewindow.cases.migrations.0018_supervision_ledger").backfill
    open_case, accepted, closed = submit(citizen), submit(citizen), submit(citizen)
    with at(date(2026, 9, 24)):
        services.accept(number=accepted.number, actor=staff.clerk(WJ))
        services.withdraw(number=closed.number, applicant=citizen)
    Matter.objects.filter(key__in=[open_case.number, accepted.number]).delete()
    Matter.objects.filter(key=closed.number).delete()

    backfill(apps, None)

    accepted = Case.objects.get(pk=accepted.pk)
    assert row(accepted).due_on == accepted.promised_due
    assert row(open_case).due_on == open_case.intake_due
    assert not Matter.objects.filter(key=closed.number).exists()
    assert accepted.status == Status.IN_REVIEW
    backfill(apps, None)  # idempotent
    assert Matter.objects.filter(kind="case").count() == 2


def test_track_is_one_query_on_a_transition(staff, citizen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onewindow.supervision import services as ledger

    case = submit(citizen)
    matter = row(case)
    calendar = _warm_calendar()
    with CaptureQueriesContext(connection) as queries:
        ledger.track(
            kind="case",
            key=case.number,
            title=matter.title,
            department=matter.department_id,
            division_code=matter.division_code,
            started_at=matter.started_at + timedelta(days=1),
            unit=Unit.WORKING_DAYS,
            limit=5,
            stage="intake",
            calendar=calendar,
        )
    assert [q["sql"].split()[0] for q in queries] == ["UPDATE"], queries.captured_queries


def _warm_calendar():
    from onewindow.core.clock import WorkingCalendar

    calendar = WorkingCalendar()
    calendar.add_working_days(date(2026, 9, 21), 40)
    return calendar
