"""The 12345 operator's phone console, through its pages: who reaches it, the caller lookup
with earlier tickets, the classifier's proposal in words, take (and dispatch) in one submit with
the proposal confirmed or corrected, and a question answered from the knowledge base."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.hotline import catalogue as hotline_categories
from onewindow.hotline import services
from onewindow.hotline.models import Channel, Kind, Status, Ticket
from tests.conftest import restore_migration_data, zh
from tests.factories import CitizenFactory, OfficialFactory
from tests.workbench.conftest import signed_in, text

CENTRE = "440100-12345"
CONSOLE = reverse("workbench:hotline-console")
CALLER = reverse("workbench:hotline-console-caller")
PROPOSAL = reverse("workbench:hotline-console-proposal")
KNOWLEDGE = reverse("workbench:hotline-console-knowledge")
LIGHT = {
    "title": "小区门口路灯不亮",
    "description": "天河路100号小区门口的路灯已经三个晚上不亮了，晚上走路很危险。",
}


@pytest.fixture
def centre(db):
    """The categories, and an operator and a dispatcher of the 12345 centre."""
    restore_migration_data()
    departments_data.load()
    hotline_categories.load()
    department = Department.objects.get(code=CENTRE)
    operator = OfficialFactory(role=Role.HOTLINE_OPERATOR, department=department)
    dispatcher = OfficialFactory(role=Role.DISPATCHER, department=department)
    return operator, dispatcher


def entry(**overrides) -> dict:
    return {
        "caller_phone": "13812340009",
        "caller_name": "李先生",
        "kind": Kind.COMPLAINT,
        **LIGHT,
        "address": "天河路100号",
        "token": "call-1",
        **overrides,
    }


def proposed(client, data: dict) -> tuple[str, str]:
    """The checked (top) category and department of the proposal shown for ``data``."""
    page = text(client.post(PROPOSAL, data))
    category = re.search(r'name="category" value="([^"]+)"[^>]* checked', page)
    department = re.search(r'name="department" value="([^"]+)"[^>]* checked', page)
    assert category, page
    assert department, page
    return category.group(1), department.group(1)


def test_only_the_hotline_centre_reaches_the_console(client, centre, catalogue):
    assert client.get(CONSOLE).status_code == 302  # to the sign-in page
    citizen = CitizenFactory()
    clerk = OfficialFactory(
        role=Role.WINDOW_CLERK, department=Department.objects.get(code="440100-CG")
    )
    for refused in (citizen, clerk):
        other = signed_in(refused)
        assert other.get(CONSOLE).status_code == 403
        assert other.post(CALLER, {"caller_phone": "13900000001"}).status_code == 403
        assert other.post(PROPOSAL, LIGHT).status_code == 403
        assert other.get(KNOWLEDGE, {"q": "结婚登记"}).status_code == 403
        assert other.post(CONSOLE, entry(action="take")).status_code == 403
    assert not Ticket.objects.exists()
    _operator, _dispatcher = centre
    for allowed in centre:
        assert signed_in(allowed).get(CONSOLE).status_code == 200


def test_the_caller_is_found_by_phone_with_a_masked_name_and_earlier_tickets(centre):
    operator, _dispatcher = centre
    caller = CitizenFactory(real_name="张晓明", phone="13912340001")
    earlier = services.report(
        channel=Channel.WEB,
        kind=Kind.HELP,
        title="路灯不亮",
        description="家门口路灯不亮",
        caller=caller,
    )
    page = text(signed_in(operator).post(CALLER, {"caller_phone": "139 1234 0001"}))
    assert "张*明" in page
    assert "张晓明" not in page
    assert "139****0001" in page
    assert "13912340001" not in page
    assert earlier.number in page
    assert zh("Request for help") in page

    unknown = text(signed_in(operator).post(CALLER, {"caller_phone": "13812340009"}))
    assert "138****0009" in unknown
    assert zh("None: this is the caller's first ticket.") in unknown


def test_the_proposal_reads_as_words_and_bars_not_numbers(centre):
    operator, _dispatcher = centre
    page = text(signed_in(operator).post(PROPOSAL, LIGHT))
    assert zh("Proposed category") in page
    assert zh("Proposed department") in page
    assert page.count('name="category"') == 3
    assert page.count('name="department"') == 3
    words = [zh(w) for w in ("very likely", "likely", "possible", "unlikely")]
    assert any(word in page for word in words)
    assert "<meter" in page
    assert 'id="hc-proposal-status" hx-swap-oob="innerHTML"' in page  # read out once
    visible = re.sub(r"<[^>]+>", " ", page)
    assert not re.search(r"\b0\.\d", visible), "a raw probability is shown"


def test_an_operator_takes_a_call_confirming_the_proposal(centre):
    operator, _dispatcher = centre
    client = signed_in(operator)
    page = text(client.get(CONSOLE))
    assert zh("Take the call") in page
    assert zh("Take and dispatch") not in page
    category, department = proposed(client, entry())
    response = client.post(
        CONSOLE,
        entry(category=category, department=department, action="take"),
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.PHONE
    assert ticket.operator == operator
    assert ticket.status == Status.ACCEPTED
    assert ticket.category.code == category
    assert ticket.caller_phone == "13812340009"
    assert ticket.caller_name == "李先生"
    assert ticket.proposed_category == category
    assert ticket.proposal_corrected is False
    assert ticket.number in text(client.get(CONSOLE))  # the message after the redirect

    # an operator who is not a dispatcher cannot dispatch by posting the button anyway
    refused = client.post(CONSOLE, entry(category=category, action="dispatch", token="call-2"))
    assert refused.status_code == 403
    assert Ticket.objects.count() == 1


def test_a_dispatcher_corrects_the_proposal_and_dispatches_in_one_submit(centre):
    _operator, dispatcher = centre
    client = signed_in(dispatcher)
    assert zh("Take and dispatch") in text(client.get(CONSOLE))
    category, department = proposed(client, entry())
    data = entry(
        category=category,
        department=department,
        other_category="road-damage",
        other_department="440100-JT",
        action="dispatch",
    )
    assert client.post(CONSOLE, data).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.status == Status.DISPATCHED
    assert ticket.category.code == "road-damage"
    assert ticket.lead_department.code == "440100-JT"
    assert ticket.proposal_corrected is True
    # the same form sent again (a double click) makes no second ticket
    assert client.post(CONSOLE, data).status_code == 302
    assert Ticket.objects.count() == 1


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_written(centre):
    operator, _dispatcher = centre
    client = signed_in(operator)
    page = text(client.post(CONSOLE, entry(title="", action="take")))
    assert 'id="id_title_error"' in page
    page = text(client.post(CONSOLE, entry(action="take")))  # no category confirmed
    assert 'id="id_other_category_error"' in page
    assert zh("Confirm the proposed category or choose another.") in page
    assert "天河路100号" in page  # what was typed stays
    assert not Ticket.objects.exists()


def test_a_question_answered_from_an_article_closes_on_the_spot(centre, catalogue):
    services.build_knowledge()
    operator, _dispatcher = centre
    client = signed_in(operator)
    page = text(client.get(KNOWLEDGE, {"q": "结婚登记"}))
    code = re.search(r'name="answer" value="([^"]+)"', page).group(1)
    assert 'form="hc-form"' in page
    response = client.post(
        CONSOLE,
        entry(
            kind=Kind.CONSULTATION,
            title="结婚登记要带什么",
            description="想问一下结婚登记需要带哪些材料",
            answer=code,
        ),
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.status == Status.ANSWERED
    assert ticket.closed_at is not None
    assert ticket.events.filter(action="answered").exists()


def test_without_scripts_the_buttons_post_the_whole_console_back(centre):
    operator, _dispatcher = centre
    client = signed_in(operator)
    caller = CitizenFactory(real_name="王丽", phone="13912340002")
    page = text(client.post(CONSOLE, entry(caller_phone=caller.phone, action="lookup")))
    assert "王*" in page
    assert zh("Proposed category") in page
    assert 'value="小区门口路灯不亮"' in page
    page = text(client.post(CONSOLE, entry(action="lookup", q="结婚登记")))
    assert zh("Knowledge base") in page
    assert not Ticket.objects.exists()


def test_in_english_the_console_and_its_panels_show_no_chinese(centre):
    from tests.test_english_complete import chinese_outside_zh

    operator, _dispatcher = centre
    client = signed_in(operator)
    client.cookies["django_language"] = "en"
    page = text(client.get(CONSOLE, HTTP_ACCEPT_LANGUAGE="en"))
    assert "12345 phone console" in page
    assert chinese_outside_zh(page) == []
    light = {"title": "Street light out", "description": "The street light at my gate is out."}
    panel = text(client.post(PROPOSAL, light, HTTP_ACCEPT_LANGUAGE="en"))
    assert chinese_outside_zh(f"<main>{panel}</main>") == []
