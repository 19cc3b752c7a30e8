"""A card the new instants no longer justify is withdrawn when the same clock is tracked again
(an approved extension, a calendar edit adding working days), audited, and raised again by the
sweep once the new instant passes."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.accounts.models import Department
from onewindow.cases import services as case_services
from onewindow.core import services as core_services
from onewindow.core.models import AuditEntry, CalendarDay
from onewindow.supervision import services
from onewindow.supervision.models import Card, Matter, Unit
from tests.cases.test_single_department_lifecycle import WJ, at
from tests.supervision.test_cards_and_a_new_kind import SCJG, moment, patrol_kind  # noqa: F401
from tests.supervision.test_cases_on_the_ledger import row, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("patrol_kind")]
KIND = "river_patrol"
WITHDRAWN = services.CARD_WITHDRAWN


def patrol(key: str, *, extended: int = 0):
    """5 working days from Monday 2 November 2026 (+ ``extended``): due Monday 9 November,
    yellow from Friday 6 November."""
    found = Department.objects.get(code=SCJG)
    return services.track(
        kind=KIND,
        key=key,
        title=f"河道垃圾 {key}",
        department=found,
        division_code=found.division.code,
        started_at=moment(date(2026, 11, 2)),
        unit=Unit.WORKING_DAYS,
        limit=5,
        extended=extended,
        stage="fix",
    )


def matter(key: str) -> Matter:
    return Matter.objects.get(kind=KIND, key=key)


def withdrawals(key: str) -> list[dict]:
    entries = AuditEntry.objects.filter(action=WITHDRAWN, object_id=f"{KIND}:{key}")
    return [entry.data for entry in entries]


def test_an_extension_past_now_withdraws_the_red_card_and_the_sweep_raises_it_again(staff):
    with time_machine.travel(moment(date(2026, 11, 2))):
        patrol("HZ-X1")
    assert services.raise_cards(moment(date(2026, 11, 11))) == {"yellow": 0, "red": 1}
    assert matter("HZ-X1").card == Card.RED

    # Wednesday 11 November: 5 more working days are approved, due Monday 16 November and
    # yellow from Thursday 12 November (8 of 10 working days): both ahead, no card at all.
    with time_machine.travel(moment(date(2026, 11, 11))):
        when = patrol("HZ-X1", extended=5)
    assert (when.due_on, when.yellow_from.date()) == (date(2026, 11, 16), date(2026, 11, 12))
    found = matter("HZ-X1")
    assert (found.card, found.yellow_at, found.red_at) == (Card.NONE, None, None)
    assert found.due_on == date(2026, 11, 16)
    assert withdrawals("HZ-X1") == [
        {
            "kind": KIND,
            "key": "HZ-X1",
            "due_on": "2026-11-16",
            "due_at": when.due_at.isoformat(),
            "card_now": Card.NONE,
        }
    ]

    # The sweep raises the cards again when the new instants pass.
    assert services.raise_cards(moment(date(2026, 11, 11), 23)) == {"yellow": 0, "red": 0}
    assert services.raise_cards(moment(date(2026, 11, 12))) == {"yellow": 1, "red": 0}
    assert services.raise_cards(moment(date(2026, 11, 17), 0)) == {"yellow": 0, "red": 1}
    assert matter("HZ-X1").card == Card.RED


def test_a_red_card_turns_yellow_when_only_the_due_date_is_ahead(staff):
    with time_machine.travel(moment(date(2026, 11, 2))):
        patrol("HZ-X2")
    services.raise_cards(moment(date(2026, 11, 10)))
    yellow_at = matter("HZ-X2").yellow_at
    # 2 more working days: due Wednesday 11 November, yellow from Tuesday 10 (6 of 7).
    with time_machine.travel(moment(date(2026, 11, 10), 15)):
        patrol("HZ-X2", extended=2)
    found = matter("HZ-X2")
    assert (found.card, found.yellow_at, found.red_at) == (Card.YELLOW, yellow_at, None)
    assert [data["card_now"] for data in withdrawals("HZ-X2")] == [Card.YELLOW]


def test_a_card_still_due_stays_and_costs_one_update_without_an_audit_entry(staff):
    with time_machine.travel(moment(date(2026, 11, 2))):
        patrol("HZ-X3")
    services.raise_cards(moment(date(2026, 11, 11)))  # red since Tuesday 10 November
    # Wednesday 11 November: one more working day, due Tuesday 10: still overdue.
    with (
        time_machine.travel(moment(date(2026, 11, 11), 15)),
        CaptureQueriesContext(connection) as queries,
    ):
        patrol("HZ-X3", extended=1)
    writes = [q["sql"].split()[0] for q in queries.captured_queries]
    writes = [word for word in writes if word != "SELECT"]  # the calendar's days
    assert writes == ["UPDATE"], queries.captured_queries
    assert (matter("HZ-X3").card, matter("HZ-X3").due_on) == (Card.RED, date(2026, 11, 10))
    assert withdrawals("HZ-X3") == []


def test_a_yellow_card_goes_when_the_yellow_instant_moves_ahead(staff):
    with time_machine.travel(moment(date(2026, 11, 2))):
        patrol("HZ-X4")
    services.raise_cards(moment(date(2026, 11, 6)))  # yellow from Friday 6 November
    # One more working day: yellow from Monday 9 November (5 of 6), ahead again.
    with time_machine.travel(moment(date(2026, 11, 6), 15)):
        when = patrol("HZ-X4", extended=1)
    assert when.yellow_from.date() == date(2026, 11, 9)
    found = matter("HZ-X4")
    assert (found.card, found.yellow_at, found.red_at) == (Card.NONE, None, None)
    assert [data["card_now"] for data in withdrawals("HZ-X4")] == [Card.NONE]
    assert services.raise_cards(moment(date(2026, 11, 9))) == {"yellow": 1, "red": 0}


def test_a_calendar_edit_moving_a_cases_due_date_later_withdraws_its_red_card(staff, citizen):
    case = submit(citizen)
    with at(date(2026, 9, 24)):
        case_services.accept(number=case.number, actor=staff.clerk(WJ))
    assert row(case).due_on == date(2026, 10, 9)
    assert services.raise_cards(moment(date(2026, 10, 10), 12))["red"] == 1
    assert row(case).card == Card.RED

    # 9 October becomes a holiday: the case is due on Saturday 10 October (a working day
    # adjusted for National Day), overdue only from Sunday 11: red no more, still yellow.
    with at(date(2026, 10, 10), 13):
        core_services.set_calendar_day(
            day=date(2026, 10, 9), kind=CalendarDay.Kind.HOLIDAY, name="test"
        )
    found = row(case)
    assert (found.due_on, found.card, found.red_at) == (date(2026, 10, 10), Card.YELLOW, None)
    assert AuditEntry.objects.filter(
        action=WITHDRAWN, object_id=f"case:{case.number}", data__card_now=Card.YELLOW
    ).exists()
    assert services.raise_cards(moment(date(2026, 10, 11), 0))["red"] == 1
    assert row(case).card == Card.RED
