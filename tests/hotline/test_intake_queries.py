"""Intake's cost in queries (issue 21: ≥ 500 reports/s): the categories come from a per-process
cache, the audit entry is chained at the end, the ticket number takes no lock."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.hotline import services
from onewindow.hotline.models import Category
from tests.hotline.helpers import co_dispatched, report


def test_a_phone_report_in_a_known_category_reads_no_category_row(world):
    report(world, category="street-light")  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        ticket = report(world, category="street-light", caller=None, caller_phone="13812340001",
                        channel="phone", operator=world.operator)  # fmt: skip
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if 'FROM "hotline_category"' in s]
    assert ticket.proposed_category  # the classifier's proposal
    assert ticket.proposed_department
    # savepoint, number, ticket, event, audit head / entry / head, release (+ place lookups)
    assert len(sql) <= 14, "\n".join(sql)


def test_a_category_saved_is_forgotten_by_the_cache(world):
    assert services.cached_category("street-light").active
    light = Category.objects.get(code="street-light")
    light.active = False
    light.save()
    assert services.cached_category("street-light").active is False


def test_the_inbox_holds_the_lead_and_the_co_handled_tickets_once(world):
    from onewindow.hotline.inbox import department_inbox

    ticket = co_dispatched(world)
    other = report(world)
    services.take(number=other.number, actor=world.operator, category=world.light)
    services.dispatch(number=other.number, actor=world.dispatcher, department="440100-JT")
    assert [t.number for t in department_inbox(world.handler).rows] == [ticket.number]
    co = [t.number for t in department_inbox(world.transport).rows]
    assert sorted(co) == sorted([ticket.number, other.number])
    services.return_dispatch(number=other.number, actor=world.transport, reason="不是我们的")
    assert [t.number for t in department_inbox(world.transport).rows] == [ticket.number]
    assert department_inbox(world.market).rows == []
