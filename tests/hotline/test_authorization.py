"""Every hotline route against a real ticket, as someone who must be refused: nobody signed in,
another citizen, an official of another department. Each is refused (sign-in, 403 or 404),
sees nothing of the ticket and changes nothing; a made-up number gets the same answer."""

import pytest
from django.test import Client
from django.urls import reverse

from onewindow.core.models import AuditEntry
from onewindow.hotline import services
from onewindow.hotline.models import Ticket
from tests.hotline.helpers import handled

WB_ACTIONS = [
    "take", "not-accept", "dispatch", "accept-dispatch", "return-dispatch", "record-opinion",
    "request-extension", "reply", "check-reply", "callback", "reopen", "reveal-caller", "merge",
]  # fmt: skip
API_ACTIONS = [
    "take", "not-accept", "dispatch", "accept", "return", "opinion", "extensions", "reply", "check",
    "callback", "reopen", "caller",
]  # fmt: skip


def _routes(number, extension):
    yield "GET", f"/workbench/hotline/{number}/"
    yield "POST", f"/workbench/hotline/{number}/extensions/{extension}/decision/"
    for action in WB_ACTIONS:
        yield "POST", f"/workbench/hotline/{number}/{action}/"
    yield "GET", f"/api/v1/hotline/tickets/{number}/"
    yield "POST", f"/api/v1/hotline/tickets/{number}/extensions/{extension}/decision/"
    for action in API_ACTIONS:
        yield "POST", f"/api/v1/hotline/tickets/{number}/{action}/"


def _call(client, method, path):
    if method == "GET":
        return client.get(path)
    if path.startswith("/api/"):
        return client.post(
            path, {"reason": "x", "purpose": "x", "opinion": "x"}, content_type="application/json"
        )
    return client.post(path, {})


@pytest.mark.parametrize("who", ["anonymous", "other-citizen", "other-department"])
def test_outsiders_are_refused_everywhere_and_change_nothing(world, who):
    ticket = handled(world, caller_name="张保密")
    extension = services.request_extension(
        number=ticket.number, actor=world.handler, amount=1, reason="换杆"
    )
    user = {"anonymous": None, "other-citizen": world.other_citizen,
            "other-department": world.transport}[who]  # fmt: skip
    client = Client()
    if user is not None:
        client.force_login(user)
    before = (Ticket.objects.get(pk=ticket.pk).version, AuditEntry.objects.count())
    problems = []
    for (method, path), (_m, fake_path) in zip(
        _routes(ticket.number, extension.pk), _routes("20991231999999", 999999), strict=True
    ):
        response = _call(client, method, path)
        if user is None:
            ok = response.status_code in (401, 403) or (
                response.status_code == 302 and response["Location"].startswith("/login/")
            )
        else:
            ok = response.status_code in (403, 404)
        if not ok:
            problems.append(f"{method} {path}: {response.status_code}")
        elif "张保密" in response.content.decode(errors="replace"):
            problems.append(f"{method} {path}: shows the caller")
        elif _call(client, method, fake_path).status_code != response.status_code:
            problems.append(f"{method} {path}: tells a real ticket from a made-up one")
    assert not problems, "\n".join(problems)
    assert (Ticket.objects.get(pk=ticket.pk).version, AuditEntry.objects.count()) == before


def test_lists_refuse_outsiders(world):
    client = Client()
    for path in ("/workbench/hotline/", "/workbench/hotline/inbox/", "/api/v1/hotline/tickets/"):
        response = client.get(path)
        assert response.status_code in (302, 401, 403)
    client.force_login(world.other_citizen)
    for path in (reverse("workbench:hotline-queue"), "/api/v1/hotline/tickets/"):
        assert client.get(path).status_code == 403
