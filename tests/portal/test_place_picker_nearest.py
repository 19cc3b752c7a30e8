"""The place picker preselects "where I am registered" only where the item is handled there;
"not handled in …" is said only once the applicant picks such a place, and then the nearest
place that handles it (same district, then city) is offered and selected. Without JavaScript
(a POST and the page) and with htmx (the picker alone)."""

import re

import pytest
from django.test import Client

from onewindow.cases import routing
from onewindow.cases.models import Draft
from onewindow.catalog.models import ItemInstance, ServiceItem
from onewindow.registry import services as registry_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

ASSISTANCE = "440100-MZ-GG-505"  # 临时救助申请: at every street and town, no city instance
LIEDE, TIANHE, FUTIAN = "440106013", "440106", "440304"


def registered_in(citizen, division: str):
    registry_services.save_person(citizen.id_number, citizen.real_name, household_division=division)
    client = Client()
    client.force_login(citizen)
    response = client.get(f"/services/{ASSISTANCE}/apply/")
    assert response.status_code == 302
    return client, Draft.objects.get(pk=response.url.split("/")[2])


def checked(html: str) -> list[str]:
    return re.findall(r'name="place" value="([^"]+)" id="[^"]+" checked', html) + (
        ["registered"] if 'id="place-registered" checked' in html else []
    )


def not_handled_at_liede():
    ItemInstance.objects.filter(item__code=ASSISTANCE, division_id=LIEDE).update(published=False)


def test_where_i_am_registered_is_preselected_where_the_item_is_handled_there(citizen):
    client, draft = registered_in(citizen, LIEDE)
    html = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert checked(html) == ["registered"]
    assert 'id="error_division"' not in html


def test_elsewhere_the_nearest_place_is_preselected_without_an_error(citizen):
    not_handled_at_liede()
    client, draft = registered_in(citizen, LIEDE)
    html = client.get(f"/drafts/{draft.pk}/").content.decode()
    nearest = routing.nearest(ServiceItem.objects.get(code=ASSISTANCE), LIEDE)
    assert nearest.division.parent_id == TIANHE  # a street of the same district
    assert checked(html) == [nearest.division_id]
    assert 'id="error_division"' not in html
    assert "不在" not in html
    assert "not handled" not in html


def test_picking_a_place_that_does_not_handle_it_says_so_and_offers_the_nearest(citizen):
    not_handled_at_liede()
    client, draft = registered_in(citizen, LIEDE)
    nearest = routing.nearest(ServiceItem.objects.get(code=ASSISTANCE), LIEDE)
    response = client.post(f"/drafts/{draft.pk}/place/", {"place": ""})  # where I am registered
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_division"' in html
    assert "猎德街道" in html
    assert nearest.division.name in html
    assert checked(html) == [nearest.division_id]


def test_with_htmx_the_picker_alone_is_redrawn(citizen):
    not_handled_at_liede()
    client, draft = registered_in(citizen, LIEDE)
    nearest = routing.nearest(ServiceItem.objects.get(code=ASSISTANCE), LIEDE)
    url = f"/drafts/{draft.pk}/place/"
    refused = client.post(url, {"place": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert refused.startswith('<section id="place-picker"')
    assert 'id="error_division"' in refused
    assert checked(refused) == [nearest.division_id]
    saved = client.post(url, {"place": nearest.division_id}, HTTP_HX_REQUEST="true")
    html = saved.content.decode()
    assert 'role="status"' in html
    assert 'id="error_division"' not in html
    draft.refresh_from_db()
    assert draft.place == nearest.division_id


def test_registered_outside_the_city_the_nearest_is_in_the_province(citizen):
    client, draft = registered_in(citizen, FUTIAN)
    html = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert 'id="error_division"' not in html
    (chosen,) = checked(html)
    assert chosen.startswith("4401")
    refused = client.post(f"/drafts/{draft.pk}/place/", {"place": FUTIAN}).content.decode()
    assert 'id="error_division"' in refused
    assert "福田区" in refused
    assert checked(refused) == [chosen]
