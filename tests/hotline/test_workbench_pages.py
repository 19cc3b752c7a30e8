"""The 12345 workbench pages: the dispatcher's queue with filters and deadline colours, a
department's inbox, the ticket page offering each role its actions, and the actions' POSTs."""

import pytest
from django.urls import reverse

from onewindow.hotline import services
from onewindow.hotline.models import Status, Ticket
from tests.hotline.helpers import at, handled, report


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_queue_lists_waiting_tickets_with_filters(client, world):
    waiting = report(world, title="井盖丢失")
    other = report(world, title="公交晚点")
    response = _page(client, world.dispatcher, reverse("workbench:hotline-queue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert waiting.number in body
    assert other.number in body
    response = client.get(reverse("workbench:hotline-queue"), {"q": "井盖"})
    body = response.content.decode()
    assert waiting.number in body
    assert other.number not in body


def test_overdue_tickets_show_a_red_card_in_the_queue(client, world):
    with at(2026, 12, 7, 9):
        ticket = report(world)
        services.take(number=ticket.number, actor=world.operator, category="street-light")
    with at(2026, 12, 14, 9):
        response = _page(client, world.dispatcher, reverse("workbench:hotline-queue"))
        body = response.content.decode()
    assert "wb-row-red" in body
    assert "card-red" in body


def test_the_queue_is_for_the_centre_a_department_goes_to_its_inbox(client, world):
    response = _page(client, world.handler, reverse("workbench:hotline-queue"))
    assert response.status_code == 302
    assert response.url == reverse("workbench:hotline-inbox")
    assert _page(client, world.supervisor, reverse("workbench:hotline-queue")).status_code == 403
    client.force_login(world.citizen)
    assert client.get(reverse("workbench:hotline-queue")).status_code == 403
    client.logout()
    assert client.get(reverse("workbench:hotline-queue")).status_code == 302


def test_the_department_inbox_shows_its_own_tickets(client, world):
    ticket = handled(world)
    body = _page(client, world.handler, reverse("workbench:hotline-inbox")).content.decode()
    assert ticket.number in body
    body = _page(client, world.transport, reverse("workbench:hotline-inbox")).content.decode()
    assert ticket.number not in body
    assert _page(client, world.operator, reverse("workbench:hotline-inbox")).status_code == 403


def test_the_ticket_page_offers_each_role_its_actions(client, world):
    ticket = report(world)
    url = reverse("workbench:hotline-ticket", args=[ticket.number])
    body = _page(client, world.operator, url).content.decode()
    assert f'action="/workbench/hotline/{ticket.number}/take/"' in body
    assert "dispatch/" not in body
    assert _page(client, world.handler, url).status_code == 404
    assert _page(client, world.other_citizen, url).status_code == 403  # not an official


def test_take_dispatch_accept_reply_check_callback_through_the_pages(client, world):
    ticket = report(world)
    base = f"/workbench/hotline/{ticket.number}/"
    client.force_login(world.operator)
    response = client.post(base + "take/", {"take-category": "street-light", "take-kind": "help"})
    assert response.status_code == 302
    client.force_login(world.dispatcher)
    response = client.post(base + "dispatch/", {"dispatch-department": "440100-CG"})
    assert response.status_code == 302
    client.force_login(world.handler)
    body = client.get(base).content.decode()
    assert "accept-dispatch/" in body
    assert world.citizen.real_name not in body  # a street light: the caller is confidential
    assert client.post(base + "accept-dispatch/").status_code == 302
    assert client.post(base + "reply/", {"reply-reply": "已修复"}).status_code == 302
    client.force_login(world.dispatcher)
    assert client.post(base + "check-reply/", {"check_reply-approve": "yes"}).status_code == 302
    client.force_login(world.operator)
    assert client.post(base + "callback/", {"callback-score": "4"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.score == 4


def test_a_bad_form_is_shown_again_with_its_errors(client, world):
    ticket = handled(world)
    client.force_login(world.handler)
    response = client.post(f"/workbench/hotline/{ticket.number}/return-dispatch/", {})
    assert response.status_code == 400
    assert "wb-error-summary" in response.content.decode()


def test_a_wrong_role_is_refused_with_a_message(client, world):
    ticket = report(world)
    services.take(number=ticket.number, actor=world.operator, category="street-light")
    client.force_login(world.operator)
    response = client.post(
        f"/workbench/hotline/{ticket.number}/dispatch/", {"dispatch-department": "440100-CG"}
    )
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == Status.ACCEPTED


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pages_render_in_both_languages(client, world, language):
    ticket = handled(world)
    client.force_login(world.handler)
    response = client.get(f"/workbench/hotline/{ticket.number}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
