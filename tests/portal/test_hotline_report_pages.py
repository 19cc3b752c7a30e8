"""Reporting to 12345 on the web: the landing page, the form signed in or with a phone number
proven by an SMS code, the standard-address lookup, the confirmation with the look-up code,
and the look-up by number and code for a caller without an account."""

import pytest
from django.test import Client

from onewindow.hotline import portal_selectors
from onewindow.hotline.models import Channel, Kind, Ticket
from tests.factories import CitizenFactory
from tests.portal import hotline_fixtures

pytestmark = pytest.mark.django_db
hotline, sms_console = hotline_fixtures.hotline, hotline_fixtures.sms_console

REPORT, DONE, LOOKUP = "/hotline/report/", "/hotline/report/done/", "/hotline/tickets/"
PHONE = "13800138000"


def english(**kwargs) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)


def street_light(**changes) -> dict:
    form = {
        "kind": Kind.COMPLAINT,
        "category": "street-light",
        "title": "Street light out outside No. 42",
        "description": "The street light outside 中山七路42号 has been out for a week.",
        "address": "中山七路42号",
        "action": "report",
        "idempotency_key": "k-street-light-1",
    }
    return form | changes


def test_the_landing_page_names_the_kinds_and_sends_emergencies_elsewhere(client):
    page = english().get("/hotline/").content.decode()
    for kind in ("Question", "Request for help", "Complaint", "Praise", "Suggestion"):
        assert kind in page
    for number in ("110", "119", "120"):
        assert f'href="tel:{number}"' in page
    assert 'href="/hotline/report/?kind=complaint"' in page


def test_the_hall_home_page_links_to_the_hotline(hotline):
    page = english().get("/").content.decode()
    assert 'href="/hotline/"' in page


def test_an_anonymous_caller_reports_with_a_code_texted_to_the_phone(hotline, sms_console):
    browser = english()
    page = browser.post(REPORT, street_light(phone=PHONE, action="send_code")).content.decode()
    assert "138****8000" in page
    assert "Street light out outside No. 42" in page  # what was typed comes back
    response = browser.post(REPORT, street_light(phone=PHONE, code=sms_console()))
    assert response.status_code == 302
    assert response["Location"] == DONE
    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.WEB
    assert ticket.caller is None
    assert ticket.caller_phone == PHONE
    assert ticket.category.code == "street-light"
    done = browser.get(DONE).content.decode()
    assert ticket.number in done
    assert portal_selectors.lookup_code(ticket.number) in done
    # The same browser may follow its ticket; the timeline starts with its reception.
    page = browser.get(f"/hotline/tickets/{ticket.number}/").content.decode()
    assert "The street light outside" in page


def test_a_wrong_code_is_a_field_error_and_makes_no_ticket(hotline, sms_console):
    browser = english()
    browser.post(REPORT, street_light(phone=PHONE, action="send_code"))
    right = sms_console()
    wrong = "000000" if right != "000000" else "111111"
    response = browser.post(REPORT, street_light(phone=PHONE, code=wrong))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_code"' in page
    assert not Ticket.objects.exists()
    # the right code still works: a wrong try does not spend it
    assert browser.post(REPORT, street_light(phone=PHONE, code=right)).status_code == 302


def test_missing_fields_are_named_in_the_error_summary(hotline):
    page = english().post(REPORT, {"action": "report"}).content.decode()
    for field in ("id_kind", "id_title", "id_description", "id_phone", "id_code"):
        assert f'href="#{field}"' in page
    assert not Ticket.objects.exists()


def test_a_signed_in_citizen_needs_no_code_and_sees_the_ticket_in_my_tickets(hotline):
    citizen = CitizenFactory()
    browser = english()
    browser.force_login(citizen)
    assert 'name="code"' not in browser.get(REPORT).content.decode()
    response = browser.post(REPORT, street_light(category="", anonymous="on"))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.caller == citizen
    assert ticket.category is None
    assert ticket.anonymous
    mine = browser.get("/my/tickets/").content.decode()
    assert ticket.number in mine
    assert "Street light out outside No. 42" in mine


def test_sending_the_form_twice_makes_one_ticket(hotline):
    browser = english()
    browser.force_login(CitizenFactory())
    browser.post(REPORT, street_light())
    browser.post(REPORT, street_light())
    assert Ticket.objects.count() == 1


def test_a_standard_address_found_fills_the_address_and_the_location(hotline):
    browser = english()
    browser.force_login(CitizenFactory())
    page = browser.get("/hotline/places/", {"address": "中山七路"}).content.decode()
    assert 'value="440103-000001"' in page
    assert "中山七路42号" in page
    found = browser.post(REPORT, street_light(action="find_place", address="中山七路"))
    assert 'value="440103-000001"' in found.content.decode()
    browser.post(REPORT, street_light(address="中山七路", place="440103-000001"))
    ticket = Ticket.objects.get()
    assert "中山七路42号" in ticket.address
    assert str(ticket.latitude) == "23.123196"
    assert str(ticket.longitude) == "113.227009"


def test_an_unknown_standard_address_is_refused_on_the_address_field(hotline):
    browser = english()
    browser.force_login(CitizenFactory())
    page = browser.post(REPORT, street_light(place="440103-999999")).content.decode()
    assert 'href="#id_address"' in page
    assert not Ticket.objects.exists()


def test_the_confirmation_page_shows_nothing_without_a_report():
    assert english().get(DONE)["Location"] == REPORT


def test_a_caller_without_an_account_looks_up_the_ticket_by_number_and_code(hotline):
    reporter = english()
    reporter.force_login(CitizenFactory())
    reporter.post(REPORT, street_light())
    ticket = Ticket.objects.get()
    code = portal_selectors.lookup_code(ticket.number)
    stranger = english()
    assert stranger.get(f"/hotline/tickets/{ticket.number}/").status_code == 404
    wrong = stranger.post(LOOKUP, {"number": ticket.number, "code": "ABCDEFGH"})
    assert "No ticket has this number and code" in wrong.content.decode()
    found = stranger.post(LOOKUP, {"number": ticket.number.lower(), "code": code.lower()})
    assert found["Location"] == f"/hotline/tickets/{ticket.number}/"
    page = stranger.get(found["Location"]).content.decode()
    assert "Street light out outside No. 42" in page
    assert "Rate the reply" not in page


def test_another_citizen_cannot_see_a_ticket_even_by_guessing_its_number(hotline):
    reporter = english()
    reporter.force_login(CitizenFactory())
    reporter.post(REPORT, street_light())
    ticket = Ticket.objects.get()
    other = english()
    other.force_login(CitizenFactory())
    assert other.get(f"/hotline/tickets/{ticket.number}/").status_code == 404
    assert other.get("/hotline/tickets/WEB000000000/").status_code == 404
    assert ticket.number not in other.get("/my/tickets/").content.decode()


def test_my_tickets_asks_to_sign_in():
    response = english().get("/my/tickets/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_report_form_is_in_chinese_by_default(hotline):
    page = Client().get(REPORT).content.decode()
    assert "路灯不亮或损坏" in page
    assert "不确定" in page
