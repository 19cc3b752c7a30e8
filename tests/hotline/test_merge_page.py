"""The ticket page proposes open tickets about the same place and problem to the 12345 centre,
and merges one into another: handled once, the merged caller gets the main ticket's reply."""

import pytest
from django.test import Client

from onewindow.hotline import services
from onewindow.hotline.models import Status, Ticket
from tests.conftest import zh
from tests.factories import CitizenFactory
from tests.hotline.helpers import report

pytestmark = pytest.mark.django_db

ADDRESS = "荔湾区中山七路42号"  # a standard address of the registry


@pytest.fixture
def two_lights(world, places):
    first = report(world, address=ADDRESS, description="中山七路42号门口路灯不亮。")
    second = report(
        world, caller=CitizenFactory(), address=ADDRESS, description="中山七路42号路灯坏了不亮。"
    )
    for ticket in (first, second):
        services.take(number=ticket.number, actor=world.operator, category="street-light")
    return first, second


@pytest.fixture
def places(db):
    from onewindow.registry import geo

    geo.load_places()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_centre_sees_the_duplicate_and_merges_it(world, two_lights):
    first, second = two_lights
    client = _client(world.dispatcher)
    page = client.get(f"/workbench/hotline/{second.number}/").content.decode()
    assert first.number in page
    assert f"/workbench/hotline/{second.number}/merge/" in page
    answer = client.post(f"/workbench/hotline/{second.number}/merge/", {"into": first.number})
    assert answer.status_code == 302
    assert answer["Location"] == f"/workbench/hotline/{first.number}/"
    merged = Ticket.objects.get(number=second.number)
    assert (merged.status, merged.merged_into.number) == (Status.MERGED, first.number)


def test_a_department_neither_sees_proposals_nor_merges(world, two_lights):
    first, second = two_lights
    for ticket in (first, second):
        services.dispatch(number=ticket.number, actor=world.dispatcher, department="440100-CG")
    client = _client(world.handler)
    page = client.get(f"/workbench/hotline/{second.number}/").content.decode()
    assert "/merge/" not in page
    client.post(f"/workbench/hotline/{second.number}/merge/", {"into": first.number})
    assert Ticket.objects.get(number=second.number).status == Status.DISPATCHED


def test_merging_into_an_unknown_ticket_names_it_and_changes_nothing(world, two_lights):
    _first, second = two_lights
    client = _client(world.operator)
    answer = client.post(f"/workbench/hotline/{second.number}/merge/", {"into": "19990101000001"})
    assert answer["Location"] == f"/workbench/hotline/{second.number}/"
    page = client.get(answer["Location"]).content.decode()
    assert zh("There is no ticket with this number.") in page
    assert Ticket.objects.get(number=second.number).status == Status.ACCEPTED
