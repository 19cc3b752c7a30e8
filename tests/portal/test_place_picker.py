"""The place picker on the apply page: a search that filters the districts and streets where
the item is handled (htmx, server-side), radio options grouped by district, a refusal that
names the field; and the guide's "where to apply" with each centre's address and hours."""

import pytest
from django.test import Client

from onewindow.cases import drafts
from onewindow.cases.models import Draft
from onewindow.catalog.models import ItemInstance
from onewindow.core.models import AuditEntry
from onewindow.registry import services as registry_services
from tests.factories import CitizenFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

ASSISTANCE = "440100-MZ-GG-505"  # 临时救助申请: at every street and town
LIEDE, SHITAN = "440106013", "440118102"


@pytest.fixture
def resident(citizen):
    registry_services.save_person(citizen.id_number, citizen.real_name, household_division=LIEDE)
    return citizen


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(client) -> Draft:
    response = client.get(f"/services/{ASSISTANCE}/apply/")
    assert response.status_code == 302
    return Draft.objects.get(pk=response.url.split("/")[2])


def radios(html: str) -> int:
    return html.count('type="radio" name="place"')


def test_the_apply_page_says_where_the_application_goes_and_offers_a_search(resident):
    client = signed_in(resident)
    draft = start(client)
    html = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert 'id="place-title"' in html
    assert "猎德街道" in html
    assert f'hx-get="/drafts/{draft.pk}/places/"' in html
    assert 'type="search"' in html
    assert radios(html) <= 41  # the registered place plus at most 40 options, never all 176


def test_the_search_filters_the_tree_on_the_server(resident):
    client = signed_in(resident)
    draft = start(client)
    by_street = client.get(f"/drafts/{draft.pk}/places/", {"q": "石滩"}).content.decode()
    assert f'value="{SHITAN}"' in by_street
    assert f'value="{LIEDE}"' not in by_street
    assert "增城区" in by_street  # grouped under its district (a <details> of the tree)
    by_district = client.get(f"/drafts/{draft.pk}/places/", {"q": "Tianhe"}).content.decode()
    assert radios(by_district) == 1 + 21  # the registered place + Tianhe's 21 streets
    # The district -> street tree: the district's <details> is open while filtering.
    assert '<details class="place-district" open>' in by_district
    assert "<summary>天河区 " in by_district
    nothing = client.get(f"/drafts/{draft.pk}/places/", {"q": "火星"}).content.decode()
    assert radios(nothing) == 1


def test_choosing_a_street_routes_the_submission_there(resident):
    client = signed_in(resident)
    draft = start(client)
    response = client.post(f"/drafts/{draft.pk}/place/", {"place": SHITAN})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.place == SHITAN
    assert AuditEntry.objects.filter(action="draft.place_chosen", object_id=str(draft.pk)).exists()
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert "石滩镇" in page
    assert f'value="{SHITAN}" id="place-{SHITAN}" checked' in page


def test_a_place_where_the_item_is_not_handled_is_refused_naming_the_field(resident):
    client = signed_in(resident)
    draft = start(client)
    response = client.post(f"/drafts/{draft.pk}/place/", {"place": "440304"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error_division"' in html
    assert "福田区" in html
    draft.refresh_from_db()
    assert draft.place == ""


def test_another_citizens_draft_and_anonymous_visitors_get_nothing(resident):
    draft = start(signed_in(resident))
    other = signed_in(CitizenFactory())
    assert other.get(f"/drafts/{draft.pk}/places/", {"q": "天河"}).status_code == 404
    assert other.post(f"/drafts/{draft.pk}/place/", {"place": SHITAN}).status_code == 404
    anonymous = Client().get(f"/drafts/{draft.pk}/places/", {"q": "天河"})
    assert anonymous.status_code == 302
    assert "/login/" in anonymous.url


def test_a_submitted_draft_keeps_its_place(resident):
    draft = start(signed_in(resident))
    drafts.choose_place(applicant=resident, draft_id=draft.pk, place=SHITAN)
    draft.refresh_from_db()
    assert draft.place == SHITAN


def test_the_guide_lists_where_to_apply_with_address_and_hours(client):
    html = client.get(f"/services/{ASSISTANCE}/").content.decode()
    assert 'id="where-title"' in html
    assert html.count('class="place-group"') == 11  # one per district
    assert "天河区猎德街道便民服务中心" in html
    assert "9:00-12:00" in html
    city = client.get("/services/440100-WJ-XK-121/").content.decode()
    assert "广州市政务服务中心" in city
    assert "华利路61号" in city


def test_the_api_lists_an_items_instances_and_filters_them(client):
    body = client.get(f"/api/v1/services/{ASSISTANCE}/instances/", {"q": "天河"}).json()
    assert body["count"] == 21
    first = body["results"][0]
    assert first["level"] == "street"
    assert first["division"]["parent"] == "440106"
    assert first["service_centre"]["hours_en"].startswith("Monday to Friday")
    assert first["department"]["code"].endswith("-JD")
    everything = client.get(f"/api/v1/services/{ASSISTANCE}/instances/").json()
    assert everything["count"] == ItemInstance.objects.filter(item__code=ASSISTANCE).count() == 176
    assert client.get("/api/v1/services/NO-SUCH/instances/").status_code == 404
