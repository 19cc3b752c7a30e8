"""A citizen's ticket after the reply: the public timeline and the checked reply, the rating,
reopening (twice, then escalation), and what another citizen, an anonymous visitor and a
caller who proved the look-up code may do."""

import pytest
from django.test import Client

from onewindow.hotline import portal_selectors, services
from onewindow.hotline.models import Channel, Kind, Status, Ticket
from tests.factories import CitizenFactory
from tests.portal import hotline_fixtures

pytestmark = pytest.mark.django_db
hotline, hotline_staff = hotline_fixtures.hotline, hotline_fixtures.hotline_staff


def english(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def street_light(caller=None, **extra) -> Ticket:
    values = {
        "channel": Channel.WEB,
        "kind": Kind.COMPLAINT,
        "title": "Street light out outside No. 42",
        "description": "Dark for a week.",
        "address": "中山七路42号",
    }
    if caller is None:
        values["caller_phone"] = "13800138000"
    return services.report(caller=caller, **values | extra)


def page_of(client, ticket) -> str:
    response = client.get(f"/hotline/tickets/{ticket.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_reply_shows_once_checked_with_the_timeline(hotline_staff):
    citizen = CitizenFactory()
    ticket = street_light(citizen)
    me = english(citizen)
    page = page_of(me, ticket)
    assert "Ticket received." in page
    assert "Rate the reply" not in page
    hotline_staff.reply(ticket.number, "The light was repaired today.")
    page = page_of(me, ticket)
    assert "The light was repaired today." in page
    assert "Dispatched to the responsible department." in page
    assert hotline_staff.handler.real_name not in page  # departments by name, officials never
    assert "Rate the reply" in page


def test_a_citizen_rates_the_reply_2_and_reopens_the_ticket(hotline_staff):
    citizen = CitizenFactory()
    ticket = street_light(citizen)
    hotline_staff.reply(ticket.number)
    me = english(citizen)
    response = me.post(
        f"/hotline/tickets/{ticket.number}/rating/", {"score": "2", "comment": "Still dark."}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.score == 2
    assert ticket.score_comment == "Still dark."
    page = page_of(me, ticket)
    assert "Your rating" in page
    assert "You can reopen this ticket 2 more times." in page
    response = me.post(
        f"/hotline/tickets/{ticket.number}/reopen/", {"reason": "The light is still out."}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.HANDLING
    assert ticket.reopen_count == 1
    page = page_of(me, ticket)
    assert "Reopened: the citizen was not satisfied." in page
    assert "Your ticket is open again" in page
    assert "Reopen the ticket" not in page  # handled again first


def test_reopening_twice_then_a_third_time_escalates(hotline_staff):
    citizen = CitizenFactory()
    ticket = street_light(citizen)
    hotline_staff.reply(ticket.number)
    me = english(citizen)
    for times in (1, 2):
        me.post(f"/hotline/tickets/{ticket.number}/reopen/", {"reason": "Still dark."})
        ticket.refresh_from_db()
        assert ticket.reopen_count == times
        hotline_staff.reply_again(ticket.number, f"Repaired again ({times}).")
    page = page_of(me, ticket)
    assert "reopened twice already" in page
    assert "Pass it to the supervisor" in page
    me.post(f"/hotline/tickets/{ticket.number}/reopen/", {"reason": "Still dark."})
    ticket.refresh_from_db()
    assert ticket.escalated
    assert ticket.reopen_count == 2
    page = page_of(me, ticket)
    assert "Reopen the ticket" not in page
    assert "Pass it to the supervisor" not in page


def test_a_rating_without_a_score_is_an_error_on_the_score(hotline_staff):
    citizen = CitizenFactory()
    ticket = street_light(citizen)
    hotline_staff.reply(ticket.number)
    response = english(citizen).post(f"/hotline/tickets/{ticket.number}/rating/", {"score": "9"})
    assert response.status_code == 200
    assert 'href="#id_score"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.score is None


def test_an_empty_reason_does_not_reopen(hotline_staff):
    citizen = CitizenFactory()
    ticket = street_light(citizen)
    hotline_staff.reply(ticket.number)
    response = english(citizen).post(f"/hotline/tickets/{ticket.number}/reopen/", {"reason": ""})
    assert response.status_code == 200
    assert 'href="#id_reason"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.reopen_count == 0


def test_another_citizen_can_neither_see_nor_rate_nor_reopen(hotline_staff):
    citizen = CitizenFactory()
    ticket = street_light(citizen)
    hotline_staff.reply(ticket.number)
    other = english(CitizenFactory())
    assert other.get(f"/hotline/tickets/{ticket.number}/").status_code == 404
    assert (
        other.post(f"/hotline/tickets/{ticket.number}/rating/", {"score": "1"}).status_code == 404
    )
    assert (
        other.post(f"/hotline/tickets/{ticket.number}/reopen/", {"reason": "no"}).status_code == 404
    )
    ticket.refresh_from_db()
    assert ticket.score is None
    assert ticket.reopen_count == 0


def test_an_anonymous_visitor_is_sent_to_sign_in_for_rating(hotline_staff):
    citizen = CitizenFactory()
    ticket = street_light(citizen)
    hotline_staff.reply(ticket.number)
    response = english().post(f"/hotline/tickets/{ticket.number}/rating/", {"score": "1"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    ticket.refresh_from_db()
    assert ticket.score is None


def test_a_caller_who_proved_the_code_reads_the_reply_but_rates_on_the_callback(hotline_staff):
    ticket = street_light()  # reported without an account
    hotline_staff.reply(ticket.number, "The light was repaired today.")
    caller = english()
    code = portal_selectors.lookup_code(ticket.number)
    caller.post("/hotline/tickets/", {"number": ticket.number, "code": code})
    page = page_of(caller, ticket)
    assert "The light was repaired today." in page
    assert "The hotline will call you back" in page
    assert "Rate the reply" not in page
    response = caller.post(f"/hotline/tickets/{ticket.number}/rating/", {"score": "5"})
    assert response.status_code == 302  # to sign in: the web rating needs the account
    ticket.refresh_from_db()
    assert ticket.score is None


def test_officials_use_the_hotline_console_not_these_pages(hotline_staff, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    dispatcher = english(hotline_staff.dispatcher)
    assert dispatcher.get("/my/tickets/").status_code == 403
    assert dispatcher.get("/hotline/report/").status_code == 403


def test_my_tickets_puts_replies_to_rate_first(hotline_staff):
    citizen = CitizenFactory()
    waiting = street_light(citizen, title="Rubbish not collected")
    street_light(citizen, title="Street light out", idempotency_key="second")
    hotline_staff.reply(waiting.number)
    page = english(citizen).get("/my/tickets/").content.decode()
    assert "Replies to rate" in page
    assert page.index("Rubbish not collected") < page.index("Street light out")
