"""A request posted through Open311 follows the hotline's closed loop, and what a client reads
follows it: the department once dispatched, the due date the ledger computed, the checked
reply once it goes to the citizen, closed after the callback."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from onewindow.hotline import open311_intake, services
from onewindow.hotline.models import Ticket

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday


@time_machine.travel(NOW, tick=False)
def test_a_client_reads_the_ticket_move_through_the_loop(client, world):
    _client, key = open311_intake.issue_key(name="Street app")
    posted = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "street-light",
            "address_string": "天河路 100 号",
            "description": "天河路 100 号门口的路灯一直不亮",
            "locale": "en",
        },
    ).json()[0]
    number = posted["service_request_id"]

    def read():
        return client.get(f"/open311/v2/requests/{number}.json", {"locale": "en"}).json()[0]

    first = read()
    assert (first["status"], first["status_notes"]) == ("open", "Received")
    assert first["agency_responsible"] == ""
    assert first["expected_datetime"] is None

    services.take(number=number, actor=world.operator, category="street-light")
    services.dispatch(number=number, actor=world.dispatcher, department="440100-CG")
    services.accept_dispatch(number=number, actor=world.handler)
    handling = read()
    ticket = Ticket.objects.get(number=number)
    assert handling["status"] == "open"
    assert handling["status_notes"] == "Being handled"
    assert handling["agency_responsible"] == (
        ticket.lead_department.name_en or ticket.lead_department.name
    )
    assert ticket.due_at is not None  # the ledger's due date, copied on the ticket
    assert handling["expected_datetime"] == ticket.due_at.astimezone(NOW.tzinfo).isoformat(
        timespec="seconds"
    )
    assert handling["updated_datetime"] >= handling["requested_datetime"]

    services.reply(
        number=number, actor=world.handler, reply="路灯已修复。", reply_en="The light is fixed."
    )
    assert read()["status_notes"] == "Replied"  # not shown before the hotline checks it
    services.check_reply(number=number, actor=world.dispatcher, approve=True)
    assert read()["status_notes"] == "The light is fixed."
