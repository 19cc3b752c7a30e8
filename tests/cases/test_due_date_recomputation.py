"""A holiday declared after the fact moves exactly the open cases whose clocks span it: intake,
decision and delivery dates, closed pauses recounted; everything else keeps its version, and
the audit chain still holds."""

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.cases.models import Case, Status
from onewindow.catalog.models import ServiceItem
from onewindow.core import audit
from onewindow.core import services as core_services
from onewindow.core.models import AuditEntry, CalendarDay
from onewindow.notifications.models import Notification, OutboxMessage
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import WJ, at

MONDAY = date(2026, 11, 2)
HOLIDAY = date(2026, 11, 5)  # a Thursday, declared a holiday on 4 November
LATER = date(2026, 11, 9)


def submit(citizen, day):
    item = ServiceItem.objects.get(code=SINGLE)
    with at(day):
        return services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )


def accepted(staff, citizen, day):
    case = submit(citizen, day)
    with at(day):
        services.accept(number=case.number, actor=staff.clerk(WJ))
    return case


def decided(staff, citizen, day):
    case = accepted(staff, citizen, day)
    with at(day):
        services.approve(task_id=case.tasks.get().pk, actor=staff.reviewer(WJ))
        services.decide(number=case.number, actor=staff.head(WJ))
    return case


def declare_holiday():
    with at(date(2026, 11, 4)):
        core_services.set_calendar_day(day=HOLIDAY, kind=CalendarDay.Kind.HOLIDAY, name="test")


def snapshot(case):
    case.refresh_from_db()
    return {
        "version": case.version,
        "dates": (case.intake_due, case.statutory_due, case.promised_due, case.delivery_due),
        "events": case.events.filter(kind="due_dates_changed").count(),
        "notices": Notification.objects.filter(
            case_number=case.number, kind="case.due_dates_changed"
        ).count(),
    }


@pytest.mark.django_db
def test_a_holiday_moves_only_the_open_dates_that_span_it(staff, citizen):
    review = accepted(staff, citizen, MONDAY)
    intake = submit(citizen, MONDAY)
    delivery = decided(staff, citizen, MONDAY)
    after_it = accepted(staff, citizen, LATER)
    concluded = decided(staff, citizen, MONDAY)
    with at(date(2026, 11, 3)):
        services.deliver(number=concluded.number, actor=staff.clerk(WJ), method="online")
    untouched = {c.number: snapshot(c) for c in (after_it, concluded)}
    review_before = snapshot(review)
    # 5 promised and 20 statutory working days from Monday 2 November.
    assert review_before["dates"][1:3] == (date(2026, 11, 30), date(2026, 11, 9))
    assert snapshot(intake)["dates"][0] == date(2026, 11, 9)
    assert snapshot(delivery)["dates"][3] == date(2026, 11, 16)

    declare_holiday()

    review.refresh_from_db()
    assert (review.statutory_due, review.promised_due) == (date(2026, 12, 1), date(2026, 11, 10))
    assert review.tasks.get().due_on == date(2026, 11, 10)
    assert review.version == review_before["version"] + 1
    event = review.events.get(kind="due_dates_changed")
    assert event.params == {
        "promised_due": "2026-11-10",
        "statutory_due": "2026-12-01",
        "old_promised_due": "2026-11-09",
        "old_statutory_due": "2026-11-30",
    }
    notice = Notification.objects.get(case_number=review.number, kind="case.due_dates_changed")
    assert notice.recipient == citizen
    assert notice.params["promised_due"] == "2026-11-10"
    assert notice.link == f"/my/cases/{review.number}/"
    assert OutboxMessage.objects.filter(notification=notice).exists()

    intake.refresh_from_db()
    assert intake.intake_due == date(2026, 11, 10)
    # Not yet accepted: nothing to tell the applicant, but the change is audited.
    assert snapshot(intake)["events"] == snapshot(intake)["notices"] == 0
    assert AuditEntry.objects.filter(
        action="case.due_dates_recomputed", object_id=intake.number
    ).exists()

    delivery.refresh_from_db()
    assert delivery.status == Status.AWAITING_DELIVERY
    assert delivery.delivery_due == date(2026, 11, 17)
    assert snapshot(delivery)["notices"] == 1

    for number, before in untouched.items():
        assert snapshot(Case.objects.get(number=number)) == before
        assert not AuditEntry.objects.filter(
            action="case.due_dates_recomputed", object_id=number
        ).exists()
    assert Case.objects.get(number=concluded.number).status == Status.CONCLUDED


@pytest.mark.django_db
def test_a_holiday_inside_a_closed_pause_is_recounted_and_moves_nothing(staff, citizen):
    paused = accepted(staff, citizen, MONDAY)
    reviewer = staff.reviewer(WJ)
    with at(date(2026, 11, 4)):
        pause = services.pause_clock(
            number=paused.number, actor=reviewer, kind="expert_review", reason="专家评审"
        )
    with at(LATER):
        services.resume_clock(number=paused.number, pause_id=pause.pk, actor=reviewer)
    pause.refresh_from_db()
    assert pause.working_days == 3  # 4, 5 and 6 November
    before = snapshot(paused)
    assert before["dates"][2] == date(2026, 11, 12)

    declare_holiday()

    pause.refresh_from_db()
    paused.refresh_from_db()
    assert pause.working_days == 2
    assert paused.paused_days == 2
    # One working day fewer paused, one fewer in the limit: the dates stay where they were.
    assert snapshot(paused)["dates"] == before["dates"]
    assert snapshot(paused)["events"] == snapshot(paused)["notices"] == 0
    entry = AuditEntry.objects.get(action="case.due_dates_recomputed", object_id=paused.number)
    assert entry.data["paused_days"] == [3, 2]
    assert paused.version == before["version"] + 1


@pytest.mark.django_db
def test_recomputation_returns_the_moved_numbers_and_keeps_the_audit_chain(staff, citizen):
    moved = sorted(accepted(staff, citizen, MONDAY).number for _ in range(3))
    accepted(staff, citizen, LATER)
    with at(date(2026, 11, 4)):
        CalendarDay.objects.create(
            date=HOLIDAY, kind=CalendarDay.Kind.HOLIDAY, source=CalendarDay.Source.ADMIN
        )
        assert services.recompute_due_dates() == moved
        assert services.recompute_due_dates() == []  # nothing left to move
    assert audit.verify_chain().ok
    assert AuditEntry.objects.filter(action="case.due_dates_recomputed").count() == 3
