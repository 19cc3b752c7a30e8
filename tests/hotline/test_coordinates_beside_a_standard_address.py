"""A caller's coordinates are checked even when the address names a standard address: bad ones
are refused naming the field as the channel names it (the service and the web form
``latitude``/``longitude``, Open311 ``lat``/``long`` in its error format) and nothing is saved;
good ones are kept beside the standard address."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from onewindow.core.models import AuditEntry
from onewindow.hotline import services
from onewindow.hotline.models import Ticket
from onewindow.registry import geo
from tests.factories import CitizenFactory
from tests.hotline.open311_fixtures import api_key, categories  # noqa: F401 - fixtures
from tests.portal.hotline_fixtures import hotline  # noqa: F401 - fixture

STANDARD = "中山七路42号"  # 440103-000001, a standard address of the registry


@pytest.fixture
def places(db):
    geo.load_places()


def _report(citizen, **values):
    return services.report(
        channel="web",
        kind="help",
        title="路灯不亮",
        description="中山七路42号门前路灯不亮。",
        caller=citizen,
        address=STANDARD,
        **values,
    )


def _nothing_saved(before_audit):
    return not Ticket.objects.exists() and AuditEntry.objects.count() == before_audit


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        ("north", "113.227009", "latitude"),
        ("123", "113.227009", "latitude"),
        ("23.123196", "200", "longitude"),
        ("23.123196", None, "longitude"),
        ("NaN", "113.227009", "latitude"),
    ],
)
def test_the_service_refuses_bad_coordinates_beside_a_standard_address(
    hotline,  # noqa: F811
    latitude,
    longitude,
    field,
):
    citizen = CitizenFactory()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        _report(citizen, latitude=latitude, longitude=longitude)
    assert field in error.value.message_dict
    assert _nothing_saved(before)


def test_the_service_names_the_fields_as_the_channel_does(hotline):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        _report(
            CitizenFactory(),
            latitude="123",
            longitude="500",
            coordinate_fields=("long", "lat"),
        )
    assert set(error.value.message_dict) == {"lat", "long"}


def test_good_coordinates_are_kept_beside_the_standard_address(hotline):  # noqa: F811
    ticket = _report(CitizenFactory(), latitude="23.1232004", longitude=113.2270)
    assert ticket.place_code == "440103-000001"
    assert (ticket.latitude, ticket.longitude) == (Decimal("23.123200"), Decimal("113.227000"))
    ticket = _report(CitizenFactory())
    assert ticket.latitude == Decimal("23.123196")  # the standard address's own point


def test_the_web_form_refuses_bad_coordinates_and_says_so(hotline):  # noqa: F811
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(CitizenFactory())
    form = {
        "kind": "complaint",
        "category": "street-light",
        "title": "Street light out",
        "description": "The street light outside 中山七路42号 has been out for a week.",
        "address": STANDARD,
        "latitude": "123",
        "longitude": "113.227009",
        "action": "report",
        "idempotency_key": "k-coordinates-1",
    }
    before = AuditEntry.objects.count()
    response = browser.post("/hotline/report/", form)
    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors
    assert 'id="id_location_error"' in response.content.decode()
    assert _nothing_saved(before)


@pytest.mark.parametrize(
    ("change", "message"),
    [({"lat": "123"}, "lat is out of range"), ({"long": "east"}, "long is not a number")],
)
def test_open311_refuses_bad_coordinates_beside_a_standard_address(
    client,
    api_key,  # noqa: F811
    places,
    change,
    message,
):
    data = {
        "service_code": "street-light",
        "lat": "23.123196",
        "long": "113.227009",
        "address_string": STANDARD,
        "description": "中山七路42号门口的路灯一直不亮",
        "phone": "13800138000",
        "api_key": api_key,
        "locale": "en",
    }
    before = AuditEntry.objects.count()
    response = client.post("/open311/v2/requests.json", {**data, **change})
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": message}]
    assert _nothing_saved(before)
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == 200, response.content
    assert Ticket.objects.get().place_code == "440103-000001"
