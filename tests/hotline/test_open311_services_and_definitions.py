"""GET services and GET a service definition answer the spec's fields and element names, in
Chinese by default and in English when the client asks, and unknown codes in the spec's
error format."""

from __future__ import annotations

import json

import pytest
from defusedxml import ElementTree as ET

from tests.hotline.open311_fixtures import categories  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]


def test_services_json_lists_every_active_category_with_the_spec_fields(client, categories):  # noqa: F811
    response = client.get("/open311/v2/services.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    assert len(services) == categories.filter(active=True).count() == 30
    light = next(s for s in services if s["service_code"] == "street-light")
    assert list(light) == SERVICE_FIELDS
    assert light["service_name"] == "路灯不亮或损坏"
    assert light["group"] == "城市管理"
    assert light["metadata"] is True
    assert light["type"] == "realtime"
    assert "3" in light["description"]


def test_an_inactive_category_is_not_offered(client, categories):  # noqa: F811
    categories.filter(code="tutoring").update(active=False)
    codes = [s["service_code"] for s in client.get("/open311/v2/services.json").json()]
    assert "tutoring" not in codes
    assert client.get("/open311/v2/services/tutoring.json").status_code == 404


@pytest.mark.parametrize(
    "ask", [{"data": {"locale": "en"}}, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}]
)
def test_services_are_named_in_english_when_the_client_asks(client, categories, ask):  # noqa: F811
    response = client.get("/open311/v2/services.json", **ask)
    light = next(s for s in response.json() if s["service_code"] == "street-light")
    assert light["service_name"] == "Street light out or broken"
    assert light["group"] == "City management"
    assert "working days" in light["description"]
    assert response["Content-Language"] == "en"


def test_services_xml_has_the_spec_elements(client, categories):  # noqa: F811
    response = client.get("/open311/v2/services.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    assert {child.tag for child in root} == {"service"}
    light = next(s for s in root if s.findtext("service_code") == "street-light")
    assert [child.tag for child in light] == SERVICE_FIELDS
    assert light.findtext("metadata") == "true"
    assert light.findtext("service_name") == "路灯不亮或损坏"


def test_a_service_definition_lists_its_attributes(client, categories):  # noqa: F811
    definition = client.get("/open311/v2/services/street-light.json").json()
    assert definition["service_code"] == "street-light"
    kind, title, *notes = definition["attributes"]
    assert list(kind) == ATTRIBUTE_FIELDS
    assert (kind["code"], kind["datatype"], kind["required"]) == ("kind", "singlevaluelist", False)
    assert {v["key"] for v in kind["values"]} == {
        "help",
        "complaint",
        "suggestion",
        "consultation",
        "praise",
    }  # never "report": a 举报 keeps its reporter confidential
    assert (title["code"], title["datatype"]) == ("title", "string")
    assert [n["variable"] for n in notes] == [False]  # street lights ask for the place
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3]


def test_a_service_definition_in_xml_has_the_spec_elements(client, categories):  # noqa: F811
    root = ET.fromstring(client.get("/open311/v2/services/wage-arrears.xml").content)
    assert root.tag == "service_definition"
    assert [c.tag for c in root] == ["service_code", "attributes"]
    attributes = root.find("attributes")
    assert {a.tag for a in attributes} == {"attribute"}
    kind = attributes[0]
    assert [c.tag for c in kind] == ATTRIBUTE_FIELDS
    assert kind.findtext("variable") == "true"
    values = kind.find("values")
    assert {v.tag for v in values} == {"value"}
    assert [c.tag for c in values[0]] == ["key", "name"]
    # wage arrears: the department needs the caller's identity, and says so
    assert "name and phone" in json.dumps(
        client.get("/open311/v2/services/wage-arrears.json", {"locale": "en"}).json()
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_code_is_a_404_in_the_spec_error_format(client, categories, fmt):  # noqa: F811
    response = client.get(f"/open311/v2/services/no-such-thing.{fmt}", {"locale": "en"})
    assert response.status_code == 404
    if fmt == "json":
        assert response.json() == [{"code": 404, "description": "service_code not found"}]
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        assert [(e.findtext("code"), e.findtext("description")) for e in root] == [
            ("404", "service_code not found")
        ]


def test_another_jurisdiction_is_not_found(client, categories):  # noqa: F811
    response = client.get("/open311/v2/services.json", {"jurisdiction_id": "110000"})
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    assert client.get("/open311/v2/services.json", {"jurisdiction_id": "440100"}).status_code == 200


def test_the_discovery_document_points_at_this_endpoint(client, categories):  # noqa: F811
    document = client.get("/open311/v2/discovery.json").json()
    assert list(document) == ["changeset", "contact", "key_service", "endpoints"]
    [endpoint] = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = ET.fromstring(client.get("/open311/v2/discovery.xml").content)
    assert root.tag == "discovery"
    assert [e.tag for e in root.find("endpoints")] == ["endpoint"]
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == [
        "text/xml",
        "application/json",
    ]
