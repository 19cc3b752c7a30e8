"""The closed loop's actions on a ticket, one table: the action's name (as ``authority.ACTIONS``
names it), the service that takes it and the input it reads. The workbench's forms and the
API's serializers parse the input; both hand the cleaned values to ``perform``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from onewindow.hotline import services


@dataclass(frozen=True)
class Action:
    service: Callable[..., object]
    fields: tuple[str, ...] = ()  # the service's keyword arguments read from the input
    key: str = "number"  # what identifies the thing acted on: the ticket's number, or else


ACTIONS: dict[str, Action] = {
    "take": Action(services.take, ("category", "kind", "urgent", "department", "note")),
    "not_accept": Action(services.not_accept, ("reason", "note")),
    "dispatch": Action(services.dispatch, ("department", "co_departments", "note")),
    "accept_dispatch": Action(services.accept_dispatch),
    "return_dispatch": Action(services.return_dispatch, ("reason",)),
    "record_opinion": Action(services.record_opinion, ("opinion",)),
    "request_extension": Action(services.request_extension, ("amount", "reason")),
    "decide_extension": Action(services.decide_extension, ("approve", "note"), "extension_id"),
    "reply": Action(services.reply, ("reply", "reply_en")),
    "check_reply": Action(services.check_reply, ("approve", "note")),
    "callback": Action(services.callback, ("score", "comment")),
    "reopen": Action(services.reopen, ("reason",)),
    "reveal_caller": Action(services.reveal_caller, ("purpose",)),
}


def perform(name: str, *, actor, key, data: dict):
    """Take action ``name`` on ``key`` (a ticket's number, or what the action's ``key`` names)
    with the input's values of the action's fields; the service judges them."""
    action = ACTIONS[name]
    arguments = {field: data[field] for field in action.fields if field in data}
    return action.service(**{action.key: key}, actor=actor, **arguments)
