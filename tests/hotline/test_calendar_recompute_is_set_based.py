"""A calendar edit moves the running tickets counted in working days set-based: a bounded
number of statements however many tickets run, ledger and ticket together, with the same
instants the one-ticket path (``ledger.track``) computes; tickets in hours do not move."""

from datetime import date

import pytest

from onewindow.core.models import CalendarDay
from onewindow.hotline import ledger, services
from onewindow.hotline.models import Ticket
from onewindow.supervision.models import Matter
from tests.hotline.helpers import at

pytestmark = pytest.mark.django_db

TICKETS = 40
HOLIDAY = date(2026, 12, 4)  # a Friday made a holiday: every ticket below is due after it


def _phone(index: int) -> str:
    return f"139{index:08d}"


def _instants(number: str) -> tuple:
    matter = Matter.objects.get(kind="ticket", key=number)
    return matter.yellow_from, matter.due_at, matter.due_on, matter.provisional, matter.card


def test_many_tickets_move_in_a_few_statements(world, django_assert_max_num_queries):
    numbers = []
    for index in range(TICKETS):
        with at(2026, 12, 1 + index % 3, 9 + index % 8):  # Tuesday to Thursday, various hours
            ticket = services.report(
                channel="phone", kind="help", title="路灯不亮", description="路灯不亮。",
                operator=world.operator, caller_phone=_phone(index),
            )  # fmt: skip
            services.take(number=ticket.number, actor=world.operator, category="street-light")
        numbers.append(ticket.number)
    with at(2026, 12, 2, 10):  # one with an approved extension (more working days)
        services.dispatch(number=numbers[0], actor=world.dispatcher, department="440100-CG")
        services.accept_dispatch(number=numbers[0], actor=world.handler)
        extension = services.request_extension(
            number=numbers[0], actor=world.handler, amount=2, reason="换灯杆"
        )
        services.decide_extension(extension_id=extension.pk, actor=world.dispatcher, approve=True)
        urgent = services.report(
            channel="phone", kind="help", title="停水", description="整栋楼停水。",
            operator=world.operator, caller_phone=_phone(TICKETS),
        )  # fmt: skip
        services.take(
            number=urgent.number, actor=world.operator, category="water-supply", urgent=True
        )
    before = {number: _instants(number) for number in [*numbers, urgent.number]}
    CalendarDay.objects.update_or_create(
        date=HOLIDAY,
        defaults={"kind": "holiday", "name": "测试假日", "source": CalendarDay.Source.ADMIN},
    )  # written without the signal: the recompute alone is counted below

    with django_assert_max_num_queries(10):
        moved = ledger.recompute_after_calendar_change(sender=CalendarDay)

    assert moved == TICKETS  # every working-day ticket is due after the new holiday
    for number in numbers:
        now = _instants(number)
        assert now[2] > before[number][2], number  # one working day later
        assert now[4] == before[number][4]  # its card kept
        assert Ticket.objects.get(number=number).due_at == now[1]
    assert _instants(urgent.number) == before[urgent.number]  # hours do not move

    # the one-ticket path computes the same instants: nothing left to move
    for ticket in Ticket.objects.filter(number__in=numbers).select_related("category"):
        matter = ledger.current(ticket)
        expected = ledger.track(ticket, department=matter.department, handler=matter.handler)
        assert (expected.yellow_from, expected.due_at, expected.due_on) == (
            matter.yellow_from,
            matter.due_at,
            matter.due_on,
        ), ticket.number
    assert ledger.recompute_after_calendar_change(sender=CalendarDay) == 0
