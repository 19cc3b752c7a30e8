"""The demo's hotline: about forty tickets through the real services, in every state of the
loop, one overdue and one near its limit in the ledger; running it again makes nothing new."""

from django.utils import timezone

from onewindow.accounts.models import Department, Role
from onewindow.demo import hotline as demo_hotline
from onewindow.hotline.models import Status, Ticket
from onewindow.hotline.selectors import deadline_colour
from onewindow.supervision.models import Matter
from tests.factories import CitizenFactory, OfficialFactory
from tests.hotline.helpers import at


def test_the_demo_tickets_cover_the_loop(world):
    CitizenFactory(username="citizen")
    for username, role, code in [
        ("hotline", Role.HOTLINE_OPERATOR, "440100-12345"),
        ("dispatch", Role.DISPATCHER, "440100-12345"),
        ("cg_handler", Role.REVIEWER, "440100-CG"),
        ("amr_reviewer", Role.REVIEWER, "440100-SCJG"),
        ("police_reviewer", Role.REVIEWER, "440100-GA"),
    ]:
        OfficialFactory(username=username, role=role, department=Department.objects.get(code=code))
    with at(2026, 12, 9, 16):  # a Wednesday afternoon
        made = demo_hotline.ensure()
        assert made["made"] == made["tickets"] == 40
        assert demo_hotline.ensure()["made"] == 0
        tickets = Ticket.objects.filter(idempotency_key__startswith="demo-hotline-")
        states = set(tickets.values_list("status", flat=True))
        assert states >= set(Status.values) - {Status.MERGED}
        colours = [deadline_colour(t, timezone.now()) for t in tickets]
        assert "red" in colours
        assert "yellow" in colours
        assert tickets.filter(escalated=True).exists()
        assert tickets.filter(reopen_count=1, status=Status.CLOSED).exists()
    red = Ticket.objects.get(idempotency_key="demo-hotline-20")
    assert Matter.objects.get(kind="ticket", key=red.number).due_at < timezone.now()
