"""Report → take (受理) with the category's clock in the ledger → dispatch (派单) to a lead
department and co-handlers, each step on the timeline, in the audit log and told to the citizen."""

import re
from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.core.models import AuditEntry
from onewindow.hotline import services
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.models import Assignment, AssignmentStatus, Status
from onewindow.notifications.models import Notification
from onewindow.supervision.models import Matter
from tests.hotline.helpers import SHANGHAI, at, report


def test_a_citizen_report_gets_a_dated_number_and_waits_to_be_taken(world):
    with at(2026, 12, 7, 9):
        first = report(world)
        second = report(world)
    # date + a counter of at least seven digits (a PostgreSQL sequence: unique, gaps allowed)
    assert re.fullmatch(r"20261207\d{7,}", first.number)
    assert re.fullmatch(r"20261207\d{7,}", second.number)
    assert int(second.number[8:]) > int(first.number[8:])
    assert first.status == Status.RECEIVED
    assert first.caller_phone == world.citizen.phone
    assert [e.action for e in first.events.all()] == ["reported"]
    assert (
        Notification.objects.filter(recipient=world.citizen, kind="hotline.received").count() == 2
    )
    assert AuditEntry.objects.filter(action="hotline.reported", object_id=first.number).exists()
    assert not Matter.objects.filter(kind="ticket", key=first.number).exists()


def test_the_same_idempotency_key_gives_the_same_ticket(world):
    one = report(world, idempotency_key="k-1")
    two = report(world, idempotency_key="k-1")
    assert one.pk == two.pk


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("title", {"title": "  "}),
        ("kind", {"kind": "gossip"}),
        ("channel", {"channel": "fax"}),
        ("caller_phone", {"caller": None, "caller_phone": ""}),
        ("caller_phone", {"caller": None, "caller_phone": "12"}),
        ("category", {"category": "no-such-thing"}),
    ],
)
def test_bad_input_is_refused_naming_the_field(world, field, values):
    with pytest.raises(ValidationError) as error:
        report(world, **values)
    assert field in error.value.message_dict


def test_an_anonymous_phone_caller_needs_only_a_phone_number(world):
    ticket = report(world, caller=None, caller_phone="020-83331234", channel="phone",
                    operator=world.operator)  # fmt: skip
    assert ticket.caller is None
    assert ticket.caller_phone == "02083331234"
    assert ticket.operator == world.operator


def test_only_the_centre_takes_a_call_as_operator(world):
    with pytest.raises(PermissionDenied):
        report(world, operator=world.handler)


def test_taking_starts_the_category_clock_in_working_days(world):
    with at(2026, 12, 7, 9):  # a Monday; street lights: 3 working days
        ticket = report(world)
        ticket = services.take(number=ticket.number, actor=world.operator, category="street-light")
    assert ticket.status == Status.ACCEPTED
    assert ticket.lead_department.code == "440100-CG"
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert matter.unit == "working_days"
    assert matter.limit == 3
    assert matter.due_on.isoformat() == "2026-12-10"
    assert ticket.due_at == matter.due_at == datetime(2026, 12, 11, tzinfo=SHANGHAI)
    assert matter.department.code == "440100-12345"
    assert Notification.objects.filter(recipient=world.citizen, kind="hotline.taken").exists()
    assert AuditEntry.objects.filter(action="hotline.taken", object_id=ticket.number).exists()


def test_an_hours_category_counts_plain_hours(world):
    with at(2026, 12, 5, 20):  # a Saturday evening: nights and weekends count
        ticket = report(world, title="夜间施工")
        ticket = services.take(
            number=ticket.number, actor=world.operator, category="construction-noise"
        )
    assert ticket.due_at == datetime(2026, 12, 6, 20, tzinfo=SHANGHAI)


def test_an_urgent_ticket_is_due_the_same_day(world):
    with at(2026, 12, 7, 15, 30):
        ticket = report(world, urgent=True)
        ticket = services.take(number=ticket.number, actor=world.operator, category="street-light")
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert matter.unit == "hours"
    assert matter.limit == 8
    assert ticket.due_at == datetime(2026, 12, 7, 23, 30, tzinfo=SHANGHAI)


def test_an_urgent_morning_ticket_keeps_the_category_urgent_hours_within_the_day(world):
    world.light.urgent_hours = 4
    world.light.save()
    with at(2026, 12, 7, 9):
        ticket = report(world)
        ticket = services.take(
            number=ticket.number, actor=world.operator, category="street-light", urgent=True
        )
    assert ticket.due_at == datetime(2026, 12, 7, 13, tzinfo=SHANGHAI)


def test_not_accepting_an_emergency_names_the_number_to_call(world):
    ticket = report(world, title="家里着火了")
    ticket = services.not_accept(number=ticket.number, actor=world.operator, reason="fire")
    assert ticket.status == Status.NOT_ACCEPTED
    assert ticket.not_accepted_code == "fire"
    note = Notification.objects.get(recipient=world.citizen, kind="hotline.emergency")
    assert note.params["emergency_number"] == "119"


def test_a_petition_is_not_accepted_with_its_reason(world):
    ticket = report(world)
    services.not_accept(number=ticket.number, actor=world.dispatcher, reason="petition",
                        note="请到信访局反映")  # fmt: skip
    note = Notification.objects.get(recipient=world.citizen, kind="hotline.not_accepted")
    assert note.params["note"] == "请到信访局反映"
    with pytest.raises(ValidationError) as error:
        services.not_accept(number=report(world).number, actor=world.operator, reason="bored")
    assert "reason" in error.value.message_dict


def test_a_department_cannot_take_and_a_stranger_is_told_nothing(world):
    ticket = report(world)
    with pytest.raises(TicketNotFound):
        services.take(number=ticket.number, actor=world.handler, category="street-light")
    with pytest.raises(TicketNotFound):
        services.take(number=ticket.number, actor=world.other_citizen, category="street-light")


def test_the_citizen_cannot_take_their_own_ticket(world):
    ticket = report(world)
    with pytest.raises(PermissionDenied):
        services.take(number=ticket.number, actor=world.citizen, category="street-light")


def test_taking_twice_is_refused_naming_the_status(world):
    ticket = report(world)
    services.take(number=ticket.number, actor=world.operator, category="street-light")
    with pytest.raises(ValidationError) as error:
        services.take(number=ticket.number, actor=world.operator, category="street-light")
    assert "status" in error.value.message_dict


def test_dispatch_to_a_lead_and_co_handlers(world):
    with at(2026, 12, 7, 9):
        ticket = report(world)
        services.take(number=ticket.number, actor=world.operator, category="street-light")
        ticket = services.dispatch(
            number=ticket.number,
            actor=world.dispatcher,
            department="440100-CG",
            co_departments=["440100-JT", "440100-CG"],
            note="请核查路灯",
        )
    assert ticket.status == Status.DISPATCHED
    shares = {(a.department.code, a.role, a.status) for a in ticket.assignments.all()}
    assert shares == {("440100-CG", "lead", "pending"), ("440100-JT", "co", "pending")}
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert matter.department.code == "440100-CG"
    assert matter.started_at == ticket.accepted_at  # the clock runs on from 受理
    assert Notification.objects.filter(recipient=world.citizen, kind="hotline.dispatched").exists()


def test_only_a_dispatcher_dispatches(world):
    ticket = report(world)
    services.take(number=ticket.number, actor=world.operator, category="street-light")
    with pytest.raises(PermissionDenied):
        services.dispatch(number=ticket.number, actor=world.operator, department="440100-CG")
    with pytest.raises(ValidationError) as error:
        services.dispatch(number=ticket.number, actor=world.dispatcher, department="nowhere")
    assert "department" in error.value.message_dict


def test_redispatch_withdraws_the_earlier_dispatch(world):
    ticket = report(world)
    services.take(number=ticket.number, actor=world.operator, category="street-light")
    services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-JT")
    services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-CG")
    statuses = dict(
        Assignment.objects.filter(ticket=ticket).values_list("department__code", "status")
    )
    assert statuses == {"440100-JT": AssignmentStatus.WITHDRAWN, "440100-CG": "pending"}
