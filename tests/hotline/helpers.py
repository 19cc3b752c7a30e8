"""Helpers of the hotline tests: a clock, and tickets brought to a given step."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from onewindow.hotline import services

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10, minute=0):
    return time_machine.travel(
        datetime(year, month, day, hour, minute, tzinfo=SHANGHAI), tick=False
    )


def report(w, **kwargs):
    values = {
        "channel": "web",
        "kind": "help",
        "title": "路灯不亮",
        "description": "天河路100号门前路灯连续三晚不亮。",
        "caller": w.citizen,
        "address": "天河路100号",
    }
    values.update(kwargs)
    return services.report(**values)


def handled(w, **kwargs):
    """A ticket taken, dispatched to 城管 and accepted by its handler."""
    ticket = report(w, **kwargs)
    services.take(number=ticket.number, actor=w.operator, category=w.light)
    services.dispatch(number=ticket.number, actor=w.dispatcher, department="440100-CG")
    return services.accept_dispatch(number=ticket.number, actor=w.handler)


def co_dispatched(w, *, lead="440100-CG", co="440100-JT", **kwargs):
    """A ticket taken and dispatched to ``lead`` with ``co`` co-handling it, neither accepted."""
    from onewindow.hotline.models import Ticket

    ticket = report(w, **kwargs)
    services.take(number=ticket.number, actor=w.operator, category=w.light)
    services.dispatch(
        number=ticket.number, actor=w.dispatcher, department=lead, co_departments=[co]
    )
    return Ticket.objects.get(pk=ticket.pk)
