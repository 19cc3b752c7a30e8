"""The department's part and after: accept or return (退单, escalated after two), extension
approved by the hotline, reply, the hotline's check, callback, rating and reopening."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.core.models import AuditEntry
from onewindow.hotline import services
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.models import Status
from onewindow.notifications.models import Notification
from onewindow.supervision.models import Matter
from tests.hotline.helpers import SHANGHAI, at, handled, report


def _taken(world):
    ticket = report(world)
    return services.take(number=ticket.number, actor=world.operator, category="street-light")


def test_the_lead_accepts_and_handles(world):
    ticket = handled(world)
    assert ticket.status == Status.HANDLING
    lead = ticket.assignments.get(role="lead")
    assert lead.status == "accepted"
    assert lead.handler == world.handler
    assert Matter.objects.get(kind="ticket", key=ticket.number).handler == world.handler


def test_another_department_cannot_accept(world):
    ticket = _taken(world)
    services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-CG")
    with pytest.raises(TicketNotFound):
        services.accept_dispatch(number=ticket.number, actor=world.market)


def test_a_return_goes_back_to_the_dispatcher_and_two_returns_escalate(world):
    ticket = _taken(world)
    services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-JT")
    with pytest.raises(ValidationError) as error:
        services.return_dispatch(number=ticket.number, actor=world.transport, reason=" ")
    assert "reason" in error.value.message_dict
    ticket = services.return_dispatch(
        number=ticket.number, actor=world.transport, reason="路灯归城管局管理"
    )
    assert ticket.status == Status.ACCEPTED
    assert ticket.returns == 1
    assert not ticket.escalated
    # the returning department no longer sees it
    with pytest.raises(TicketNotFound):
        services.accept_dispatch(number=ticket.number, actor=world.transport)
    services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-SCJG")
    ticket = services.return_dispatch(number=ticket.number, actor=world.market, reason="非本局职责")
    assert ticket.returns == 2
    assert ticket.escalated
    assert Notification.objects.filter(
        recipient=world.supervisor, kind="hotline.escalated"
    ).exists()
    assert Notification.objects.filter(
        recipient=world.centre_head, kind="hotline.escalated"
    ).exists()
    assert not Notification.objects.filter(
        recipient=world.district_supervisor, kind="hotline.escalated"
    ).exists()
    services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-CG")
    assert services.accept_dispatch(number=ticket.number, actor=world.handler).status == (
        Status.HANDLING
    )


def test_a_co_handler_returning_leaves_the_lead_in_charge(world):
    ticket = _taken(world)
    services.dispatch(
        number=ticket.number,
        actor=world.dispatcher,
        department="440100-CG",
        co_departments=["440100-JT"],
    )
    services.accept_dispatch(number=ticket.number, actor=world.handler)
    ticket = services.return_dispatch(number=ticket.number, actor=world.transport, reason="无关")
    assert ticket.status == Status.HANDLING
    assert ticket.returns == 0


def test_an_extension_needs_the_hotlines_approval_and_moves_the_ledger(world):
    with at(2026, 12, 7, 9):
        ticket = handled(world)
        with pytest.raises(ValidationError) as error:
            services.request_extension(number=ticket.number, actor=world.handler, amount=0,
                                       reason="x")  # fmt: skip
        assert "amount" in error.value.message_dict
        extension = services.request_extension(
            number=ticket.number, actor=world.handler, amount=2, reason="需更换灯杆"
        )
        with pytest.raises(PermissionDenied):
            services.decide_extension(extension_id=extension.pk, actor=world.handler, approve=True)
        services.decide_extension(extension_id=extension.pk, actor=world.dispatcher, approve=True)
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert matter.extended == 2
    assert matter.due_on.isoformat() == "2026-12-14"
    ticket.refresh_from_db()
    assert ticket.due_at == datetime(2026, 12, 15, tzinfo=SHANGHAI)
    assert Notification.objects.filter(recipient=world.citizen, kind="hotline.extended").exists()


def test_a_refused_extension_needs_a_note_and_changes_nothing(world):
    ticket = handled(world)
    extension = services.request_extension(
        number=ticket.number, actor=world.handler, amount=1, reason="忙"
    )
    with pytest.raises(ValidationError) as error:
        services.decide_extension(extension_id=extension.pk, actor=world.dispatcher, approve=False)
    assert "note" in error.value.message_dict
    services.decide_extension(
        extension_id=extension.pk, actor=world.dispatcher, approve=False, note="期限内可完成"
    )
    assert Matter.objects.get(kind="ticket", key=ticket.number).extended == 0


def test_reply_check_callback_closes_the_loop_on_time(world):
    with at(2026, 12, 7, 9):
        ticket = handled(world)
    with at(2026, 12, 8, 9):
        ticket = services.reply(number=ticket.number, actor=world.handler, reply="已修复路灯。")
        assert ticket.status == Status.REPLIED
        assert not Notification.objects.filter(kind="hotline.replied").exists()
        ticket = services.check_reply(number=ticket.number, actor=world.dispatcher, approve=True)
        assert ticket.status == Status.CALLBACK
        assert Notification.objects.filter(recipient=world.citizen, kind="hotline.replied").exists()
        with pytest.raises(ValidationError) as error:
            services.callback(number=ticket.number, actor=world.operator, score=6)
        assert "score" in error.value.message_dict
        ticket = services.callback(number=ticket.number, actor=world.operator, score=5)
    assert ticket.status == Status.CLOSED
    assert ticket.score == 5
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert matter.state == "closed"
    assert matter.late is False
    actions = [e.action for e in ticket.events.all()]
    assert actions == [
        "reported", "taken", "dispatched", "accepted", "replied", "reply_approved", "callback",
        "closed",
    ]  # fmt: skip
    audited = set(
        AuditEntry.objects.filter(object_id=ticket.number).values_list("action", flat=True)
    )
    assert {"hotline.replied", "hotline.reply_approved", "hotline.callback"} <= audited


def test_a_reply_sent_back_is_handled_again_on_the_same_clock(world):
    ticket = handled(world)
    services.reply(number=ticket.number, actor=world.handler, reply="已处理")
    with pytest.raises(ValidationError) as error:
        services.check_reply(number=ticket.number, actor=world.dispatcher, approve=False)
    assert "note" in error.value.message_dict
    ticket = services.check_reply(
        number=ticket.number, actor=world.dispatcher, approve=False, note="请写明修复时间"
    )
    assert ticket.status == Status.HANDLING
    assert Matter.objects.get(kind="ticket", key=ticket.number).state == "open"


def test_a_late_reply_closes_the_ledger_row_late(world):
    with at(2026, 12, 7, 9):
        ticket = handled(world)
    with at(2026, 12, 14, 9):
        services.reply(number=ticket.number, actor=world.handler, reply="已修复")
    assert Matter.objects.get(kind="ticket", key=ticket.number).late is True


def _answered(world, ticket):
    services.reply(number=ticket.number, actor=world.handler, reply="已修复")
    return services.check_reply(number=ticket.number, actor=world.dispatcher, approve=True)


def test_the_citizen_rates_2_reopens_and_a_third_time_escalates(world):
    ticket = handled(world)
    _answered(world, ticket)
    with pytest.raises(TicketNotFound):
        services.rate(number=ticket.number, citizen=world.other_citizen, score=1)
    ticket = services.rate(number=ticket.number, citizen=world.citizen, score=2, comment="没修好")
    assert ticket.score == 2
    ticket = services.reopen(number=ticket.number, actor=world.citizen, reason="还是不亮")
    assert ticket.status == Status.HANDLING
    assert ticket.reopen_count == 1
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert matter.stage == "reopened-1"
    assert matter.state == "open"
    _answered(world, ticket)
    services.callback(number=ticket.number, actor=world.operator, score=2)
    ticket = services.reopen(number=ticket.number, actor=world.operator, reason="市民不满意")
    assert ticket.reopen_count == 2
    _answered(world, ticket)
    ticket = services.reopen(number=ticket.number, actor=world.citizen, reason="仍不满意")
    assert ticket.reopen_count == 2
    assert ticket.escalated
    assert ticket.status == Status.CALLBACK
    assert Notification.objects.filter(
        recipient=world.supervisor, kind="hotline.escalated"
    ).exists()
    assert Notification.objects.filter(
        recipient=world.citizen, kind="hotline.citizen_escalated"
    ).exists()


def test_a_department_cannot_reopen_or_call_back(world):
    ticket = handled(world)
    _answered(world, ticket)
    with pytest.raises(PermissionDenied):
        services.reopen(number=ticket.number, actor=world.handler, reason="x")
    with pytest.raises(PermissionDenied):
        services.callback(number=ticket.number, actor=world.handler, score=3)
