"""The department inbox by status: by default the lead department's dispatched and handling
tickets and the co-handled ones; a status filter or ``all`` reaches the replied and closed ones
of its lead department too, never another department's."""

from onewindow.hotline import services
from onewindow.hotline.inbox import department_inbox, inbox_count
from onewindow.hotline.models import Status
from tests.hotline.helpers import handled, report


def closed(w):
    ticket = handled(w)
    services.reply(number=ticket.number, actor=w.handler, reply="已修复路灯。")
    services.check_reply(number=ticket.number, actor=w.dispatcher, approve=True)
    return services.callback(number=ticket.number, actor=w.operator, score=5)


def numbers(page) -> set[str]:
    return {t.number for t in page.rows}


def test_the_inbox_by_status_keeps_to_the_departments_own_tickets(world):
    done = closed(world)
    open_ = handled(world)
    co = report(world)
    services.take(number=co.number, actor=world.operator, category=world.light)
    services.dispatch(
        number=co.number, actor=world.dispatcher, department="440100-JT",
        co_departments=["440100-CG"],
    )  # fmt: skip
    assert done.status == Status.CLOSED
    assert open_.status == Status.HANDLING

    assert numbers(department_inbox(world.handler)) == {open_.number, co.number}
    everything = department_inbox(world.handler, all=True)
    assert numbers(everything) == {done.number, open_.number, co.number}
    assert inbox_count(world.handler, all=True) == 3
    closed_only = department_inbox(world.handler, status=Status.CLOSED)
    assert numbers(closed_only) == {done.number}
    assert numbers(department_inbox(world.handler, status=Status.RECEIVED)) == set()
    # the lead of the co-handled ticket sees it; its closed tickets are not theirs
    assert numbers(department_inbox(world.transport, all=True)) == {co.number}
    assert numbers(department_inbox(world.transport, status=Status.CLOSED)) == set()
