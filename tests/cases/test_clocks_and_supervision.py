"""Legal clocks beyond the happy path: the Art. 32 deemed acceptance, calendar edits moving
open due dates, yellow and red cards, an inspection that is not counted."""

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.cases.models import Case, PauseReason, Status, TaskStage
from onewindow.catalog.models import ServiceItem
from onewindow.core import services as core_services
from onewindow.core.models import AuditEntry, CalendarDay
from tests.cases.conftest import INSPECTION, SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import WJ, at


def submit(citizen, code=SINGLE, day=date(2026, 9, 21)):
    item = ServiceItem.objects.get(code=code)
    with at(day):
        return services.submit(
            applicant=citizen, item_code=code, form=valid_form(item), uploads=valid_uploads(item)
        )


@pytest.mark.django_db
def test_intake_silent_for_five_working_days_counts_as_accepted_on_receipt(staff, citizen):
    silent = submit(citizen, day=date(2026, 9, 21))  # intake due 29 Sep
    recent = submit(citizen, day=date(2026, 9, 28))  # intake due 9 Oct
    corrected = submit(citizen, day=date(2026, 9, 21))
    with at(date(2026, 9, 22)):
        services.send_correction_notice(
            number=corrected.number,
            actor=staff.clerk(WJ),
            items=[{"key": "health_certificate", "problem": "模糊不清"}],
        )

    with at(date(2026, 9, 29)):
        assert services.accept_overdue_intakes() == []  # the fifth day is still intake's
    with at(date(2026, 9, 30), hour=2):
        assert services.accept_overdue_intakes() == [silent.number]

    silent.refresh_from_db()
    assert silent.status == Status.IN_REVIEW
    assert silent.accepted_on == date(2026, 9, 21)
    assert silent.accepted_by_law is True
    # 5 promised working days from 21 Sep: 22, 23, 24, 28, 29 Sep.
    assert silent.promised_due == date(2026, 9, 29)
    assert silent.events.filter(kind="accepted_by_law").exists()
    assert AuditEntry.objects.filter(action="case.accepted_by_law", object_id=silent.number)
    recent.refresh_from_db()
    corrected.refresh_from_db()
    assert recent.status == Status.SUBMITTED
    assert corrected.status == Status.CORRECTION


@pytest.mark.django_db
def test_a_calendar_edit_moves_open_due_dates_and_is_audited(staff, citizen):
    case = submit(citizen)
    with at(date(2026, 9, 24)):
        services.accept(number=case.number, actor=staff.clerk(WJ))
    case.refresh_from_db()
    assert (case.promised_due, case.statutory_due) == (date(2026, 10, 9), date(2026, 10, 29))

    # An administrator declares Friday 9 Oct a holiday: both dates move one working day.
    with at(date(2026, 9, 25)):
        core_services.set_calendar_day(
            day=date(2026, 10, 9), kind=CalendarDay.Kind.HOLIDAY, name="test"
        )
    case.refresh_from_db()
    assert case.promised_due == date(2026, 10, 10)  # the adjusted working Saturday
    assert case.statutory_due == date(2026, 10, 30)
    assert case.tasks.get().due_on == date(2026, 10, 10)
    entry = AuditEntry.objects.get(action="case.due_dates_recomputed", object_id=case.number)
    assert entry.data["before"][2] == "2026-10-09"
    assert entry.data["after"][2] == "2026-10-10"
    assert case.events.filter(kind="due_dates_changed").exists()

    # Closed cases keep their dates.
    with at(date(2026, 9, 25)):
        services.withdraw(number=case.number, applicant=citizen)
        core_services.remove_calendar_day(day=date(2026, 10, 9))
    case.refresh_from_db()
    assert case.promised_due == date(2026, 10, 10)


@pytest.mark.django_db
def test_yellow_at_eighty_percent_and_red_when_overdue(staff, citizen):
    case = submit(citizen)
    with at(date(2026, 9, 24)):
        services.accept(number=case.number, actor=staff.clerk(WJ))  # promised 5 → 9 Oct
    with at(date(2026, 9, 30)):  # 3 of 5 used
        assert services.refresh_flags() == {"yellow": 0, "red": 0}
    with at(date(2026, 10, 8)):  # 4 of 5 used: 80%
        assert services.refresh_flags() == {"yellow": 1, "red": 0}
    with at(date(2026, 10, 9)):
        assert services.refresh_flags() == {"yellow": 0, "red": 0}
    with at(date(2026, 10, 10)):
        assert services.refresh_flags() == {"yellow": 0, "red": 1}
    case.refresh_from_db()
    assert case.yellow_at.date() == date(2026, 10, 8)
    assert case.red_at.date() == date(2026, 10, 10)
    assert [e.kind for e in case.events.filter(kind__in=["yellow", "red"])] == ["yellow", "red"]


@pytest.mark.django_db
def test_on_site_inspection_stops_the_clock_until_it_is_done(staff, enterprise):
    item = ServiceItem.objects.get(code=INSPECTION)
    lead = item.lead_department.code
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=enterprise,
            item_code=INSPECTION,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
        services.accept(number=case.number, actor=staff.clerk(lead))
        services.approve(task_id=case.tasks.get().pk, actor=staff.reviewer(lead))
    case.refresh_from_db()
    inspection = case.tasks.get(stage=TaskStage.INSPECTION)
    assert case.clock_paused is True
    assert case.pauses.get().kind == PauseReason.INSPECTION
    due_before = case.promised_due
    with at(date(2026, 11, 5)):  # Thursday: 2, 3 and 4 Nov were not counted
        services.approve(task_id=inspection.pk, actor=staff.reviewer(lead), opinion="现场核查合格")
    case.refresh_from_db()
    assert case.clock_paused is False
    assert case.paused_days == 3
    assert case.status == Status.AWAITING_DECISION
    assert (case.promised_due - due_before).days >= 3
    assert Case.objects.get(pk=case.pk).version > 1
