"""协办意见: a co-handling department that accepted its dispatch records its opinion; the lead
department and the centre read it on the ticket page (beside the reply form) and in the API;
nobody else may record one, and an empty or overlong opinion changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from onewindow.core.models import AuditEntry
from onewindow.hotline import services
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.models import Assignment, Ticket, TicketEvent
from onewindow.supervision.models import Matter
from tests.hotline.helpers import co_dispatched

OPINION = "路灯杆位于交通标志旁，更换时请先联系交通部门封闭车道。"


def _co_handled(w):
    """A ticket dispatched to 城管 (lead) and 交通 (co-handler), both accepted."""
    ticket = co_dispatched(w)
    services.accept_dispatch(number=ticket.number, actor=w.handler)
    services.accept_dispatch(number=ticket.number, actor=w.transport)
    return Ticket.objects.get(pk=ticket.pk)


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _state(ticket):
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    return (
        Ticket.objects.get(pk=ticket.pk).version,
        AuditEntry.objects.count(),
        list(Assignment.objects.filter(ticket=ticket).values_list("opinion", flat=True)),
        (matter.due_at, matter.state, matter.handler_id),
    )


def test_the_co_handler_records_and_the_lead_and_the_centre_read_it(world):
    ticket = _co_handled(world)
    matter_before = Matter.objects.get(kind="ticket", key=ticket.number)
    assignment = services.record_opinion(
        number=ticket.number, actor=world.transport, opinion=f"  {OPINION} "
    )
    assert assignment.opinion == OPINION
    assert assignment.department.code == "440100-JT"
    event = TicketEvent.objects.get(ticket=ticket, action="opinion_recorded")
    assert event.department.code == "440100-JT"
    assert not event.public
    entry = AuditEntry.objects.filter(action="hotline.opinion_recorded").get()
    assert entry.object_id == ticket.number
    assert entry.data["department"] == "440100-JT"
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert (matter.due_at, matter.state, matter.handler_id) == (
        matter_before.due_at,
        matter_before.state,
        matter_before.handler_id,
    )

    page = _client(world.handler).get(f"/workbench/hotline/{ticket.number}/").content.decode()
    assert OPINION in page
    # and beside the lead's reply form
    assert OPINION in page.split('class="hl-reply-opinions"', 1)[1].split("</form>", 1)[0]
    assert (
        OPINION
        in _client(world.dispatcher).get(f"/workbench/hotline/{ticket.number}/").content.decode()
    )

    for reader in (world.handler, world.dispatcher):
        detail = _client(reader).get(f"/api/v1/hotline/tickets/{ticket.number}/").json()
        opinions = {a["department"]: a["opinion"] for a in detail["assignments"]}
        assert opinions == {"440100-CG": "", "440100-JT": OPINION}


def test_the_workbench_form_and_the_api_record_it(world):
    ticket = _co_handled(world)
    client = _client(world.transport)
    page = client.get(f"/workbench/hotline/{ticket.number}/").content.decode()
    assert f"/workbench/hotline/{ticket.number}/record-opinion/" in page
    assert f"/workbench/hotline/{ticket.number}/record-opinion/" not in (
        _client(world.handler).get(f"/workbench/hotline/{ticket.number}/").content.decode()
    )
    response = client.post(
        f"/workbench/hotline/{ticket.number}/record-opinion/", {"record_opinion-opinion": OPINION}
    )
    assert response.status_code == 302
    assert Assignment.objects.get(ticket=ticket, role="co").opinion == OPINION

    response = client.post(
        f"/api/v1/hotline/tickets/{ticket.number}/opinion/",
        {"opinion": "已完成交通疏导方案。"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    co = [a for a in response.json()["assignments"] if a["role"] == "co"]
    assert co[0]["opinion"] == "已完成交通疏导方案。"
    assert "record_opinion" in response.json()["actions"]


def test_the_operation_is_in_the_schema(world):
    schema = _client(None).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/hotline/tickets/{number}/opinion/"]["post"]
    assert operation["operationId"] == "hotline_tickets_opinion"


def test_the_lead_other_departments_citizens_and_anonymous_are_refused(world):
    ticket = _co_handled(world)
    before = _state(ticket)
    with pytest.raises(PermissionDenied):  # the lead department wears no co-handler's hat
        services.record_opinion(number=ticket.number, actor=world.handler, opinion=OPINION)
    with pytest.raises(TicketNotFound):  # another department: as if there were no ticket
        services.record_opinion(number=ticket.number, actor=world.market, opinion=OPINION)
    with pytest.raises(PermissionDenied):
        services.record_opinion(number=ticket.number, actor=world.dispatcher, opinion=OPINION)
    with pytest.raises(PermissionDenied):  # the caller
        services.record_opinion(number=ticket.number, actor=world.citizen, opinion=OPINION)
    with pytest.raises(TicketNotFound):
        services.record_opinion(number=ticket.number, actor=world.other_citizen, opinion=OPINION)
    path = f"/api/v1/hotline/tickets/{ticket.number}/opinion/"
    wb_path = f"/workbench/hotline/{ticket.number}/record-opinion/"
    for user, codes in (
        (world.market, {404}),
        (world.other_citizen, {403}),
        (world.citizen, {403}),
        (None, {401, 403}),
    ):
        response = _client(user).post(path, {"opinion": OPINION}, content_type="application/json")
        assert response.status_code in codes, (user, response.status_code)
        response = _client(user).post(wb_path, {"record_opinion-opinion": OPINION})
        assert response.status_code in (302, 403, 404)
    assert _state(ticket) == before


def test_a_co_handler_must_accept_first(world):
    ticket = co_dispatched(world)
    before = _state(ticket)
    with pytest.raises(ValidationError) as error:
        services.record_opinion(number=ticket.number, actor=world.transport, opinion=OPINION)
    assert "opinion" in error.value.message_dict
    assert _state(ticket) == before


@pytest.mark.parametrize("opinion", ["", "   ", "长" * 2001])
def test_an_empty_or_overlong_opinion_names_the_field_and_changes_nothing(world, opinion):
    ticket = _co_handled(world)
    before = _state(ticket)
    with pytest.raises(ValidationError) as error:
        services.record_opinion(number=ticket.number, actor=world.transport, opinion=opinion)
    assert "opinion" in error.value.message_dict
    response = _client(world.transport).post(
        f"/api/v1/hotline/tickets/{ticket.number}/opinion/",
        {"opinion": opinion},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "opinion" in response.json()
    response = _client(world.transport).post(
        f"/workbench/hotline/{ticket.number}/record-opinion/", {"record_opinion-opinion": opinion}
    )
    assert response.status_code == 400
    assert _state(ticket) == before
