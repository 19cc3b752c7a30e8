"""Who sees which ticket and which caller: a citizen their own, a department those dispatched
to it, the 12345 centre all, a supervisor their division's; the caller's identity only where
the category needs it and never for a report (举报); every reveal is logged with its purpose."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.core.models import AuditEntry
from onewindow.hotline import selectors, services
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.inbox import department_inbox
from tests.hotline.helpers import handled, report


def _consumer_ticket(world, **kwargs):
    ticket = report(world, title="商家拒绝退款", **kwargs)
    services.take(number=ticket.number, actor=world.operator, category="consumer-dispute")
    services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-SCJG")
    return services.accept_dispatch(number=ticket.number, actor=world.market)


def test_each_viewer_sees_the_right_tickets(world):
    mine = handled(world)
    theirs = report(world, caller=world.other_citizen)
    assert list(selectors.citizen_tickets(world.citizen)) == [mine]
    assert selectors.ticket_for(world.citizen, mine.number) == mine
    for outsider in (world.other_citizen, world.transport, AnonymousUser()):
        with pytest.raises(TicketNotFound):
            selectors.ticket_for(outsider, mine.number)
    assert selectors.ticket_for(world.handler, mine.number) == mine
    with pytest.raises(TicketNotFound):
        selectors.ticket_for(world.handler, theirs.number)  # not dispatched to 城管
    assert selectors.ticket_for(world.operator, theirs.number) == theirs
    assert selectors.ticket_for(world.supervisor, theirs.number) == theirs  # city supervisor
    with pytest.raises(TicketNotFound):
        selectors.ticket_for(world.district_supervisor, theirs.number)  # 天河区 only


def test_queues_are_for_their_roles(world):
    mine = handled(world)
    waiting = report(world)
    assert department_inbox(world.handler).rows == [mine]
    assert department_inbox(world.transport).rows == []
    assert waiting in selectors.dispatcher_queue(world.dispatcher)
    assert mine not in selectors.dispatcher_queue(world.dispatcher)  # being handled
    assert list(selectors.dispatcher_queue(world.dispatcher, status="handling")) == [mine]
    for outsider in (world.handler, world.citizen, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            selectors.dispatcher_queue(outsider)
    for outsider in (world.operator, world.citizen, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            department_inbox(outsider)


def test_caller_history_finds_earlier_calls_by_phone(world):
    first = report(world, caller=None, caller_phone="13900001111", channel="phone")
    report(world, caller=None, caller_phone="13900002222", channel="phone")
    assert list(selectors.caller_history(world.operator, "139 0000 1111")) == [first]
    with pytest.raises(PermissionDenied):
        selectors.caller_history(world.handler, "13900001111")


def test_a_street_light_caller_is_confidential_to_the_department(world):
    ticket = handled(world)
    view = selectors.caller_view(world.handler, ticket)
    assert view.hidden
    assert not view.may_reveal
    assert view.phone == world.citizen.phone[:3] + "****" + world.citizen.phone[-4:]
    assert world.citizen.real_name not in view.name
    with pytest.raises(PermissionDenied):
        services.reveal_caller(number=ticket.number, actor=world.handler, purpose="核实")


def test_a_consumer_dispute_caller_is_revealed_to_the_department_with_a_purpose(world):
    ticket = _consumer_ticket(world)
    assert selectors.caller_view(world.market, ticket).may_reveal
    with pytest.raises(ValidationError) as error:
        services.reveal_caller(number=ticket.number, actor=world.market, purpose="")
    assert "purpose" in error.value.message_dict
    shown = services.reveal_caller(number=ticket.number, actor=world.market, purpose="联系退款")
    assert shown == {"name": world.citizen.real_name, "phone": world.citizen.phone}
    entry = AuditEntry.objects.get(action="hotline.caller_revealed", object_id=ticket.number)
    assert entry.data["purpose"] == "联系退款"
    assert entry.actor.endswith(":scjg")


def test_anonymity_asked_by_the_caller_is_kept(world):
    ticket = _consumer_ticket(world, anonymous=True)
    with pytest.raises(PermissionDenied):
        services.reveal_caller(number=ticket.number, actor=world.market, purpose="联系")


def test_a_report_never_shows_the_reporter_to_a_department(world):
    ticket = _consumer_ticket(world, kind="report")
    view = selectors.caller_view(world.market, ticket)
    assert view.hidden
    assert view.phone == ""
    with pytest.raises(PermissionDenied):
        services.reveal_caller(number=ticket.number, actor=world.market, purpose="联系")
    # the hotline itself may, for a stated purpose, and it is logged
    assert services.reveal_caller(number=ticket.number, actor=world.operator, purpose="回访")
    with pytest.raises(TicketNotFound):
        services.reveal_caller(number=ticket.number, actor=world.transport, purpose="x")


def test_a_citizen_sees_only_public_steps_without_officials_names(world):
    ticket = _consumer_ticket(world)
    services.reveal_caller(number=ticket.number, actor=world.market, purpose="联系退款")
    steps = selectors.timeline(world.citizen, ticket)
    assert "caller_revealed" not in [s["action"] for s in steps]
    assert all(s["actor"] == "" for s in steps)
    assert "caller_revealed" in [s["action"] for s in selectors.timeline(world.dispatcher, ticket)]
