"""The ledger's cards, their escalation and its reads, for a kind of matter the supervision app
has never heard of: registering is all a new module does (DESIGN.md §3)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from onewindow.accounts.models import Department, Role
from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from onewindow.supervision import kinds, selectors, services
from onewindow.supervision.models import Card, Matter, State, Unit
from tests.workbench.conftest import signed_in, text

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
KIND = "river_patrol"  # made up: a river-chief patrol finding (河长制巡河问题), 5 working days
SCJG, YUEXIU = "440100-SCJG", "440104-SCJG"


def moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def patrol_kind():
    kinds.register(KIND, label="River patrol finding", stages={"fix": "Fixing"})
    yield KIND
    kinds.unregister(KIND)


def patrol(key: str, department: str, started: date, handler=None):
    found = Department.objects.get(code=department)
    return services.track(
        kind=KIND,
        key=key,
        title=f"河道垃圾 {key}",
        title_en=f"Litter in the river {key}",
        link=f"/river/{key}/",
        department=found,
        division_code=found.division.code,
        started_at=moment(started),
        unit=Unit.WORKING_DAYS,
        limit=5,
        stage="fix",
        handler=handler,
        group="litter",
        group_name="河道垃圾",
        group_name_en="Litter",
    )


def test_a_new_kind_gets_cards_escalation_and_the_supervision_page(staff, patrol_kind):
    handler = staff.reviewer(SCJG)
    head = staff.head(SCJG)
    supervisor = staff.official("440100-ZWFW", Role.SUPERVISOR)  # watches the city
    elsewhere = staff.official("440106-ZWFW", Role.SUPERVISOR)  # watches Tianhe only
    yuexiu_head = staff.head(YUEXIU)
    # Monday 2 November: 5 working days to Monday 9 November; yellow from day 4 (Thursday 5).
    when = patrol("HZ-1", SCJG, date(2026, 11, 2), handler=handler)
    assert (when.due_on, when.yellow_from.date()) == (date(2026, 11, 9), date(2026, 11, 6))
    patrol("HZ-2", YUEXIU, date(2026, 11, 9))

    assert services.raise_cards(moment(date(2026, 11, 5))) == {"yellow": 0, "red": 0}
    assert services.raise_cards(moment(date(2026, 11, 6))) == {"yellow": 1, "red": 0}
    assert services.raise_cards(moment(date(2026, 11, 6), 18)) == {"yellow": 0, "red": 0}
    matter = Matter.objects.get(kind=KIND, key="HZ-1")
    assert matter.card == Card.YELLOW
    # Yellow: the handler, and only them.
    yellow = Notification.objects.filter(kind=services.YELLOW_NOTICE)
    assert [n.recipient for n in yellow] == [handler]
    assert yellow.get().link == "/river/HZ-1/"
    assert AuditEntry.objects.filter(
        action="supervision.yellow_card", object_id=f"{KIND}:HZ-1"
    ).exists()

    # Overdue from the start of Tuesday 10 November.
    assert services.raise_cards(moment(date(2026, 11, 9), 23)) == {"yellow": 0, "red": 0}
    assert services.raise_cards(moment(date(2026, 11, 10), 0)) == {"yellow": 0, "red": 1}
    matter.refresh_from_db()
    assert (matter.card, matter.red_at.date()) == (Card.RED, date(2026, 11, 9))  # in UTC
    red = Notification.objects.filter(kind=services.RED_NOTICE)
    assert {n.recipient for n in red} == {head, supervisor}
    assert elsewhere not in {n.recipient for n in red}
    assert yuexiu_head not in {n.recipient for n in red}

    # The list and counts of the city's supervisor: the new kind, with its label and filter.
    rows = selectors.flagged(supervisor, kind=KIND).rows
    assert [m.key for m in rows] == ["HZ-1"]
    assert rows[0].kind_label == "River patrol finding"
    assert selectors.card_totals(supervisor) == {"red": 1, "yellow": 0}
    assert selectors.flagged(elsewhere).rows == []
    with time_machine.travel(moment(date(2026, 11, 10))):
        page = text(signed_in(supervisor).get("/workbench/supervision/", {"kind": KIND}))
    assert "River patrol finding" in page or "河道垃圾 HZ-1" in page
    assert 'href="/river/HZ-1/"' in page
    assert "2026年11月9日" in page  # a date, never a count of days
    assert "card-red" in page

    # Closing takes it off the list, late for good.
    services.close(kind=KIND, key="HZ-1", at=moment(date(2026, 11, 11)))
    matter.refresh_from_db()
    assert (matter.state, matter.late) == (State.CLOSED, True)
    assert selectors.flagged(supervisor).rows == []


def test_a_new_stage_starts_a_new_clock_and_pauses_leave_the_sweep(staff, patrol_kind):
    patrol("HZ-3", SCJG, date(2026, 11, 2))
    services.raise_cards(moment(date(2026, 11, 6)))
    assert Matter.objects.get(key="HZ-3").card == Card.YELLOW
    patrol("HZ-3", SCJG, date(2026, 11, 6))  # restarted: a new clock, no card
    assert Matter.objects.get(key="HZ-3").card == Card.NONE
    found = Department.objects.get(code=SCJG)
    services.track(
        kind=KIND,
        key="HZ-3",
        title="河道垃圾",
        department=found,
        division_code=found.division.code,
        started_at=moment(date(2026, 11, 6)),
        unit=Unit.WORKING_DAYS,
        limit=5,
        stage="fix",
        clock_paused=True,
    )
    assert services.raise_cards(moment(date(2026, 12, 30))) == {"yellow": 0, "red": 0}


def test_who_sees_what(staff, citizen, patrol_kind):
    patrol("HZ-4", SCJG, date(2026, 11, 2))
    patrol("HZ-5", YUEXIU, date(2026, 11, 2))
    services.raise_cards(moment(date(2026, 11, 20)))
    city = staff.official("440100-ZWFW", Role.SUPERVISOR)
    district = staff.official("440104-ZWFW", Role.SUPERVISOR)
    own = staff.reviewer(SCJG)
    assert {m.key for m in selectors.flagged(city).rows} == {"HZ-4", "HZ-5"}
    assert {m.key for m in selectors.flagged(district).rows} == {"HZ-5"}
    assert {m.key for m in selectors.flagged(own).rows} == {"HZ-4"}  # their department
    assert {m.key for m in selectors.flagged(staff.reviewer("440100-XF")).rows} == set()
    with pytest.raises(PermissionDenied):
        selectors.flagged(citizen)
    with pytest.raises(PermissionDenied):
        selectors.department_matters(own, SCJG)  # the drill-down is for supervisors
    assert signed_in(own).get("/workbench/supervision/").status_code == 403


def test_paging_by_key_and_a_forged_key(staff, patrol_kind):
    for n in range(5):
        patrol(f"HZ-P{n}", SCJG, date(2026, 11, 2 + n))
    services.raise_cards(moment(date(2026, 12, 30)))
    supervisor = staff.official("440100-ZWFW", Role.SUPERVISOR)
    first = selectors.flagged(supervisor, size=2)
    second = selectors.flagged(supervisor, size=2, after=first.next_key)
    third = selectors.flagged(supervisor, size=2, after=second.next_key)
    keys = [m.key for m in [*first.rows, *second.rows, *third.rows]]
    assert keys == [f"HZ-P{n}" for n in range(5)]
    assert third.next_key is None
    with pytest.raises(ValueError, match="not-a-key"):
        selectors.flagged(supervisor, after="not-a-key")
    client = signed_in(supervisor)
    assert "This page link is not valid" in text(
        client.get("/workbench/supervision/", {"after": "bogus"})
    ) or "链接无效" in text(client.get("/workbench/supervision/", {"after": "bogus"}))


def test_the_sweep_command(staff, patrol_kind):
    patrol("HZ-6", SCJG, date(2026, 11, 2))
    with time_machine.travel(moment(date(2026, 11, 20))):
        call_command("raise_cards")
    assert Matter.objects.get(key="HZ-6").card == Card.RED
