"""Issue 21's "done means", as one story across the modules: the web report, the classifier's
proposal confirmed, a return and a re-dispatch, a late reply carded yellow then red in the
ledger and seen by the supervisor, a poor rating and a reopening, and the callback that closes."""

from datetime import date

import pytest
from django.test import Client

from onewindow.hotline import classifier, services
from onewindow.hotline.models import Status
from onewindow.notifications.models import Notification
from onewindow.supervision import services as ledger
from onewindow.supervision.models import Card, Matter
from tests.hotline.helpers import at

pytestmark = pytest.mark.django_db


def _page(user, path):
    client = Client()
    client.force_login(user)
    answer = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_street_light_from_the_web_to_the_callback(world):
    with at(2026, 12, 7, 9):  # Monday
        ticket = services.report(
            channel="web",
            kind="help",
            title="路灯不亮",
            description="天河路100号门前的路灯连续三个晚上不亮，晚上走路很危险。",
            caller=world.citizen,
            address="天河路100号",
        )
        proposal = classifier.propose(
            classifier.ticket_text(ticket.title, ticket.description, ticket.address)
        )
        category = proposal.categories[0][0]
        department = proposal.departments[0][0]
        assert (category, department) == ("street-light", "440100-CG")
        services.take(number=ticket.number, actor=world.operator, category=category)

        # dispatched to the wrong department first: it returns the ticket, the dispatcher
        # re-routes it to the classifier's proposal
        services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-JT")
        services.return_dispatch(
            number=ticket.number, actor=world.transport, reason="路灯由城市管理部门负责"
        )
        services.dispatch(number=ticket.number, actor=world.dispatcher, department=department)
        ticket = services.accept_dispatch(number=ticket.number, actor=world.handler)
        assert ticket.status == Status.HANDLING
        assert ticket.returns == 1

    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert matter.due_on.isoformat() == "2026-12-10"  # 3 working days (categories.yaml)

    with at(2026, 12, 10, 12):  # the last day: yellow card, to the handler
        assert ledger.raise_cards()["yellow"] >= 1
        assert Matter.objects.get(pk=matter.pk).card == Card.YELLOW
        assert Notification.objects.filter(recipient=world.handler).exists()
    with at(2026, 12, 11, 12):  # overdue: red card, to the supervisor watching the city
        assert ledger.raise_cards()["red"] >= 1
        assert Matter.objects.get(pk=matter.pk).card == Card.RED
        assert Notification.objects.filter(recipient=world.supervisor).exists()
        page = _page(world.supervisor, "/workbench/supervision/")
        assert ticket.number in page

        services.reply(number=ticket.number, actor=world.handler, reply="已安排维修。")
        services.check_reply(number=ticket.number, actor=world.dispatcher, approve=True)
    assert Matter.objects.get(pk=matter.pk).late is True

    with at(2026, 12, 11, 15):  # the citizen is not satisfied and reopens it
        services.rate(number=ticket.number, citizen=world.citizen, score=2, comment="灯还是不亮")
        ticket = services.reopen(number=ticket.number, actor=world.citizen, reason="灯还是不亮")
        assert ticket.reopen_count == 1
        assert ticket.status == Status.HANDLING  # back to the department that replied
    assert Matter.objects.get(kind="ticket", key=ticket.number).state == "open"

    with at(2026, 12, 14, 10):
        services.reply(number=ticket.number, actor=world.handler, reply="已更换灯具，恢复照明。")
        services.check_reply(number=ticket.number, actor=world.dispatcher, approve=True)
        ticket = services.callback(number=ticket.number, actor=world.operator, score=5)
    assert ticket.status == Status.CLOSED
    assert ticket.score == 5
    assert Matter.objects.get(kind="ticket", key=ticket.number).late is False
    timeline = [e.action for e in ticket.events.all()]
    assert timeline.count("returned") == 1
    assert "reopened" in timeline
    assert timeline[-1] == "closed"


def test_a_calendar_edit_moves_the_running_tickets_due_dates(world):
    from onewindow.core import services as calendar

    with at(2026, 12, 4, 10):  # Friday: 3 working days → Wednesday 9 December
        ticket = services.report(
            channel="phone", kind="help", title="路灯不亮", description="路灯不亮。",
            operator=world.operator, caller_phone="13900001111",
        )  # fmt: skip
        services.take(number=ticket.number, actor=world.operator, category="street-light")
        urgent = services.report(
            channel="phone", kind="help", title="停水", description="整栋楼停水。",
            operator=world.operator, caller_phone="13900001112",
        )  # fmt: skip
        services.take(
            number=urgent.number, actor=world.operator, category="water-supply", urgent=True
        )
    before = Matter.objects.get(kind="ticket", key=urgent.number).due_at
    assert Matter.objects.get(kind="ticket", key=ticket.number).due_on.isoformat() == "2026-12-09"
    with at(2026, 12, 5, 10):
        calendar.set_calendar_day(day=date(2026, 12, 7), kind="holiday", name="测试假日")
    matter = Matter.objects.get(kind="ticket", key=ticket.number)
    assert matter.due_on.isoformat() == "2026-12-10"
    ticket.refresh_from_db()
    assert ticket.due_at == matter.due_at
    assert Matter.objects.get(kind="ticket", key=urgent.number).due_at == before  # hours
