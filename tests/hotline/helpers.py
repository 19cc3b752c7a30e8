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
