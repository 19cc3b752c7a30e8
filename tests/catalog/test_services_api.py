"""GET /api/v1/services/ and /api/v1/services/{code}/: public, filtered, in the OpenAPI schema."""

import yaml
from django.utils import translation

from onewindow.catalog.models import ServiceItem


def test_the_list_is_public_and_paginated(client, catalogue):
    response = client.get("/api/v1/services/", {"limit": 10})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == ServiceItem.objects.filter(published=True).count() == 113
    assert len(body["results"]) == 10
    first = body["results"][0]
    assert {"code", "name", "name_en", "domain", "lead_department", "promised_limit"} <= set(first)
    assert first["guide_url"] == f"/services/{first['code']}/"


def test_filters_and_search_narrow_the_list(client, catalogue):
    marriage = client.get("/api/v1/services/", {"domain": "marriage"}).json()
    assert marriage["count"] == ServiceItem.objects.filter(domain="marriage").count() > 0
    assert {r["domain"] for r in marriage["results"]} == {"marriage"}

    found = client.get("/api/v1/services/", {"q": "结婚登记"}).json()
    assert "结婚登记" in found["results"][0]["name"]

    by_event = client.get("/api/v1/services/", {"life_event": "business_startup"}).json()
    assert by_event["count"] > 0

    by_department = client.get("/api/v1/services/", {"department": "440100-SW"}).json()
    assert by_department["count"] > 0


def test_an_unknown_filter_value_is_a_translated_400(client, catalogue):
    with translation.override("zh-hans"):
        response = client.get(
            "/api/v1/services/", {"domain": "astrology"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    assert response.status_code == 400
    assert "domain" in response.json()
    assert "astrology" in str(response.json()["domain"])


def test_the_detail_carries_materials_form_process_and_faq(client, catalogue):
    item = ServiceItem.objects.filter(process__pattern="parallel_review").first()
    body = client.get(f"/api/v1/services/{item.code}/").json()
    assert body["code"] == item.code
    assert body["process"]["pattern"] == "parallel_review"
    assert len(body["process"]["parameters"]["parallel"]) >= 2
    assert body["process"]["bpmn_url"] == f"/services/{item.code}/process.bpmn"
    assert body["materials"]
    assert all("source" in m for m in body["materials"])
    assert body["form_schema"]["type"] == "object"
    assert body["fee"]["free"] in (True, False)


def test_an_unknown_or_withdrawn_code_is_404(client, catalogue):
    assert client.get("/api/v1/services/NO-SUCH-CODE/").status_code == 404
    item = ServiceItem.objects.first()
    item.published = False
    item.save()
    assert client.get(f"/api/v1/services/{item.code}/").status_code == 404
    assert (
        client.get("/api/v1/services/").json()["count"] == 112
    )  # 100 + 10 community + 2 ID card + 1 subsidy - 1


def test_both_endpoints_are_in_the_openapi_schema(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert "/api/v1/services/" in schema["paths"]
    assert "/api/v1/services/{code}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/services/"]["get"]["parameters"]}
    assert {"q", "domain", "life_event", "department", "limit", "offset"} <= parameters
