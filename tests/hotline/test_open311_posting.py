"""POST requests: an API key is required, the request becomes a ticket on the Open311 channel
through the hotline's report service (timeline, ledger, audit), and bad input is refused in
the spec's error format naming the parameter."""

from __future__ import annotations

import io

import pytest
from defusedxml import ElementTree as ET
from django.core.management import CommandError, call_command
from django.utils import translation

from onewindow.core.models import AuditEntry
from onewindow.hotline import open311_intake
from onewindow.hotline.models import Channel, Open311Client, Status, Ticket
from tests.hotline.open311_fixtures import api_key, categories  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

STREET_LIGHT = {
    "service_code": "street-light",
    "lat": "23.135",
    "long": "113.32",
    "address_string": "天河路 100 号",
    "description": "天河路 100 号门口的路灯一直不亮",
    "first_name": "三",
    "last_name": "张",
    "phone": "13800138000",
    "email": "zhang@example.com",
    "media_url": "https://example.com/light.jpg",
    "account_id": "acc-7",
    "device_id": "dev-1",
    "attribute[kind]": "complaint",
    "attribute[title]": "路灯不亮",
}


def post(client, data, fmt="json", **extra):
    return client.post(f"/open311/v2/requests.{fmt}", data, **extra)


def test_a_posted_request_becomes_an_open311_ticket(client, api_key):  # noqa: F811
    response = post(client, {**STREET_LIGHT, "api_key": api_key})
    assert response.status_code == 200, response.content
    [answer] = response.json()
    assert list(answer) == ["service_request_id", "token", "service_notice", "account_id"]
    ticket = Ticket.objects.get(number=answer["service_request_id"])
    assert answer["account_id"] == "acc-7"
    assert ticket.open311_token == answer["token"]
    assert (ticket.channel, ticket.kind, ticket.status) == (
        Channel.OPEN311,
        "complaint",
        "received",
    )
    assert ticket.category.code == "street-light"
    assert (ticket.title, ticket.caller_name, ticket.caller_phone) == (
        "路灯不亮",
        "张三",
        "13800138000",
    )
    assert (float(ticket.latitude), float(ticket.longitude)) == (23.135, 113.32)
    assert ticket.public_allowed
    extra = ticket.open311
    assert extra.client.name == "Test client"
    assert (extra.email, extra.media_url, extra.device_id) == (
        "zhang@example.com",
        "https://example.com/light.jpg",
        "dev-1",
    )
    assert extra.attributes == {"kind": "complaint", "title": "路灯不亮"}
    assert ticket.events.exists()  # on the ticket's timeline, as every report is
    assert AuditEntry.objects.filter(action="open311.request_posted", object_id=ticket.number)
    # and read back, with the media URL
    back = client.get(f"/open311/v2/requests/{ticket.number}.json").json()[0]
    assert back["media_url"] == "https://example.com/light.jpg"
    assert back["status"] == "open"


def test_a_token_gives_the_request_id(client, api_key):  # noqa: F811
    answer = post(client, {**STREET_LIGHT, "api_key": api_key}).json()[0]
    for fmt in ("json", "xml"):
        response = client.get(f"/open311/v2/tokens/{answer['token']}.{fmt}")
        assert response.status_code == 200
        if fmt == "json":
            assert response.json() == [
                {"service_request_id": answer["service_request_id"], "token": answer["token"]}
            ]
        else:
            root = ET.fromstring(response.content)
            assert (root.tag, [r.tag for r in root]) == ("service_requests", ["request"])
            assert [c.tag for c in root[0]] == ["service_request_id", "token"]
    assert client.get("/open311/v2/tokens/nothing.json").status_code == 404


def test_posting_in_xml_answers_in_xml(client, api_key):  # noqa: F811
    response = post(client, {**STREET_LIGHT, "api_key": api_key}, fmt="xml")
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    assert [c.tag for c in root[0]] == [
        "service_request_id",
        "token",
        "service_notice",
        "account_id",
    ]
    assert Ticket.objects.filter(number=root[0].findtext("service_request_id")).exists()


@pytest.mark.parametrize("key", [None, "", "not-a-key"], ids=["missing", "empty", "wrong"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_without_a_valid_api_key_nothing_is_created(client, api_key, key, fmt):  # noqa: F811
    data = {**STREET_LIGHT, "locale": "en"} | ({} if key is None else {"api_key": key})
    before = AuditEntry.objects.count()
    response = post(client, data, fmt=fmt)
    assert response.status_code == 403
    if fmt == "json":
        assert response.json() == [
            {"code": 403, "description": "api_key was not provided or is invalid"}
        ]
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        assert root[0].findtext("code") == "403"
    assert not Ticket.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_revoked_key_is_refused(client, api_key):  # noqa: F811
    open311_intake.revoke_key(client=Open311Client.objects.get())
    assert post(client, {**STREET_LIGHT, "api_key": api_key}).status_code == 403
    assert AuditEntry.objects.filter(action="open311.key_revoked").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"service_code": ""}, "service_code was not provided"),
        ({"service_code": "no-such-thing"}, "service_code not found"),
        (
            {"lat": "", "long": "", "address_string": ""},
            "lat/long, address_string, or address_id are required",
        ),
        ({"long": ""}, "lat and long go together"),
        ({"lat": "north"}, "lat is not a number"),
        ({"lat": "123"}, "lat is out of range"),
        ({"attribute[kind]": "report"}, "attribute[kind] is not one of the service's values"),
        ({"email": "not-an-email"}, "email is not valid"),
        ({"media_url": "ftp://example.com/x"}, "media_url is not valid"),
        ({"jurisdiction_id": "110000"}, "jurisdiction_id not found"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(client, api_key, change, message):  # noqa: F811
    response = post(client, {**STREET_LIGHT, **change, "api_key": api_key, "locale": "en"})
    assert response.status_code in (400, 404)
    assert response.json() == [{"code": response.status_code, "description": message}]
    assert not Ticket.objects.exists()


def test_the_hotline_refusal_names_its_field(client, api_key):  # noqa: F811
    response = post(client, {**STREET_LIGHT, "phone": "12", "api_key": api_key, "locale": "en"})
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400
    assert error["description"].startswith("caller_phone:")
    assert not Ticket.objects.exists()


def test_an_address_alone_is_enough_and_a_description_is_optional(client, api_key):  # noqa: F811
    data = {"service_code": "rubbish", "address_string": "天河路 1 号", "api_key": api_key}
    [answer] = post(client, data).json()
    ticket = Ticket.objects.get(number=answer["service_request_id"])
    assert ticket.description == ticket.title == "垃圾清运不及时"
    assert ticket.kind == "help"
    assert ticket.status == Status.RECEIVED


def test_the_key_command_prints_a_key_once_and_stores_only_its_hash(categories):  # noqa: F811
    out = io.StringIO()
    call_command("open311_key", "City app", stdout=out)
    key = out.getvalue().strip()
    client = Open311Client.objects.get(name="City app")
    assert len(key) >= 40
    assert key not in (client.key_hash, client.key_prefix)
    assert client.key_prefix == key[:8]
    assert open311_intake.client_for(key) == client
    assert AuditEntry.objects.filter(action="open311.key_issued").exists()
    with translation.override("en"), pytest.raises(CommandError, match="already exists"):
        call_command("open311_key", "City app", stdout=io.StringIO())


def test_a_key_in_the_query_string_is_accepted_too(client, api_key):  # noqa: F811
    response = client.post(f"/open311/v2/requests.json?api_key={api_key}", STREET_LIGHT)
    assert response.status_code == 200
    assert Ticket.objects.filter(number=response.json()[0]["service_request_id"]).exists()
