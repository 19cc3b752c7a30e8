"""Open311 clients the project did not write work against a live server unchanged.

``georeport`` 0.3.1 (PyPI) lists services, reads definitions and requests, in JSON and XML;
it has no call to post a request or read a token (its README: "does not currently support the
creation of new 311 service requests"). ``open311`` 1.1 and ``three`` 0.8.0, the older Python
clients, do not import on Python 3 (``from api import API``; ``itertools.ifilter``), so
posting and tokens go through ``civicbot`` 0.4.0's ``Open311Client`` (PyPI), whose
``create_request`` sends the spec's form with ``dry_run=False, confirm="SEND"``.
"""

from __future__ import annotations

import pytest
import requests
from civicbot import Endpoint, HttpError, HttpTransport, Open311Client
from civicbot.http import RateLimiter
from georeport import GeoReport

from onewindow.hotline import open311_intake
from onewindow.hotline.models import Channel, Ticket
from tests.hotline.open311_fixtures import load_categories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(live_server, transactional_db):
    load_categories()
    _client, key = open311_intake.issue_key(name="Third-party client")
    return f"{live_server.url}/open311/v2", key


def civicbot(root: str, fmt: str = "json") -> Open311Client:
    endpoint = Endpoint(id="onewindow", name="OneWindow", base_url=root, write=True)
    transport = HttpTransport(rate_limiter=RateLimiter(min_interval=0))
    return Open311Client(endpoint, transport, jurisdiction_id="440100", fmt=fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_lists_services_and_reads_a_definition(server, fmt):
    root, _key = server
    client = GeoReport(root, jurisdiction="440100", output_format=fmt)
    services = client.get_service_list()
    assert len(services) == 30
    light = next(s for s in services if s["service_code"] == "street-light")
    assert light["service_name"] == "路灯不亮或损坏"
    assert light["type"] == "realtime"
    definition = client.get_service_definition("street-light")
    assert definition["service_code"] == "street-light"
    attributes = definition["attributes"]
    if fmt == "xml":  # xmltodict: one list under the item element
        attributes = attributes["attribute"]
    assert [a["code"] for a in attributes][:2] == ["kind", "title"]


def test_civicbot_posts_a_request_and_georeport_reads_it_back(server):
    root, key = server
    poster = civicbot(root)
    prepared = poster.create_request(
        "street-light",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        validate_remote=True,  # civicbot checks the form against our services and definition
        lat=23.135,
        lng=113.32,
        address_string="天河路 100 号",
        description="天河路 100 号门口的路灯一直不亮",
        attributes={"kind": "complaint"},
        first_name="三",
        last_name="张",
        phone="13800138000",
        media_url="https://example.com/light.jpg",
    )
    [answer] = prepared.response
    number = answer["service_request_id"]
    ticket = Ticket.objects.get(number=number)
    assert ticket.channel == Channel.OPEN311
    assert ticket.kind == "complaint"

    for fmt in ("json", "xml"):
        reader = GeoReport(root, jurisdiction="440100", output_format=fmt)
        request = reader.get_service_request(number)
        assert request["service_request_id"] == number
        assert request["status"] == "open"
        assert request["service_code"] == "street-light"
        assert request["media_url"] == "https://example.com/light.jpg"
        listed = reader.get_service_requests(service_code="street-light", status="open")
        listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one → a dict
        assert number in [r["service_request_id"] for r in listed]
        assert reader.get_service_requests(service_request_id=number)

    # the token answered with it resolves to the same id
    assert poster.get_token(answer["token"]) == [
        {"service_request_id": number, "token": answer["token"]}
    ]


def test_clients_see_the_spec_errors(server):
    root, _key = server
    poster = civicbot(root)
    with pytest.raises(HttpError) as refused:
        poster.create_request(
            "street-light",
            dry_run=False,
            confirm="SEND",
            api_key="not-a-key",
            address_string="天河路 1 号",
        )
    assert refused.value.status == 403
    assert '"code": 403' in refused.value.body
    with pytest.raises(HttpError) as unknown:
        poster.get_service_definition("no-such-thing")
    assert unknown.value.status == 404
    with pytest.raises(requests.HTTPError) as missing:
        GeoReport(root, output_format="xml").get_service_definition("no-such-thing")
    assert missing.value.response.status_code == 404
    assert b"<errors><error><code>404</code>" in missing.value.response.content
    assert not Ticket.objects.exists()
