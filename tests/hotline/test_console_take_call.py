"""The phone console's one write: a call becomes a ticket taken (and dispatched) or answered,
with the classifier's proposal kept so that the operator's confirmation or correction is
recorded for the next training."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.core.models import AuditEntry
from onewindow.hotline import classifier, console, services
from onewindow.hotline.models import Channel, Kind, Status, Ticket

CALL = {
    "kind": Kind.COMPLAINT,
    "title": "小区门口路灯不亮",
    "description": "天河路100号小区门口的路灯三个晚上不亮了",
    "caller_phone": "13812340009",
    "address": "天河路100号",
}


def test_the_proposal_is_kept_and_a_confirmation_recorded(world):
    proposal = classifier.propose(
        console.call_text(CALL["title"], CALL["description"], CALL["address"])
    )
    ticket = services.take_call(
        operator=world.operator,
        category=proposal.categories[0][0],
        department=proposal.departments[0][0],
        idempotency_key="call-1",
        **CALL,
    )
    assert ticket.channel == Channel.PHONE
    assert ticket.status == Status.ACCEPTED
    assert ticket.proposed_category == proposal.categories[0][0]
    assert ticket.proposed_department == proposal.departments[0][0]
    assert ticket.proposal_corrected is False
    reported = AuditEntry.objects.get(action="hotline.reported", object_id=ticket.number)
    assert reported.data["proposed_category"] == proposal.categories[0][0]  # kept by report


def test_a_dispatcher_corrects_and_dispatches_in_one_transaction(world):
    ticket = services.take_call(
        operator=world.dispatcher,
        category="road-damage",
        department="440100-JT",
        dispatch=True,
        idempotency_key="call-2",
        **CALL,
    )
    assert ticket.status == Status.DISPATCHED
    assert ticket.lead_department.code == "440100-JT"
    assert ticket.proposal_corrected is True
    again = services.take_call(
        operator=world.dispatcher,
        category="road-damage",
        department="440100-JT",
        dispatch=True,
        idempotency_key="call-2",
        **CALL,
    )
    assert again.pk == ticket.pk
    assert Ticket.objects.count() == 1


def test_who_may_take_and_dispatch_and_a_refusal_leaves_nothing(world):
    with pytest.raises(PermissionDenied):
        services.take_call(operator=world.handler, category="street-light", **CALL)
    with pytest.raises(PermissionDenied):
        services.take_call(operator=world.operator, category="street-light", dispatch=True, **CALL)
    with pytest.raises(ValidationError) as refused:
        services.take_call(operator=world.operator, category="", **CALL)
    assert "category" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        console.caller(world.citizen, CALL["caller_phone"])
    assert not Ticket.objects.exists()
