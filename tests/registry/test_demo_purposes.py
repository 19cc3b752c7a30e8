"""The demo's exchange walk-through (docs/demo.md): the tax bureau reads the demo enterprise
for the statutory purpose its grant names, and a free-text purpose is refused."""

from rest_framework.test import APIClient

from onewindow.cases.registry_data import ensure_catalogue_grants
from onewindow.demo import registry as demo_registry
from onewindow.demo.accounts import DEMO_ACCOUNTS
from tests.cases.conftest import Staff

QUERIES = "/api/v1/exchange/queries/"


def test_the_demo_tax_query_is_served_for_its_statutory_purpose_only(catalogue):
    demo_registry.ensure()
    ensure_catalogue_grants()
    assert demo_registry.name_purposes() == len(demo_registry.DEMO_PURPOSES)
    assert demo_registry.name_purposes() == 0  # safe to run twice
    uscc = next(a.uscc for a in DEMO_ACCOUNTS if a.username == "enterprise")
    client = APIClient()
    client.force_authenticate(Staff().reviewer("440100-SW"))
    body = {"registry": "entity", "key": uscc, "fields": ["name", "status"]}

    served = client.post(QUERIES, body | {"purpose": "tax_administration"}, format="json")
    refused = client.post(QUERIES, body | {"purpose": "纳税人登记状态核验"}, format="json")

    assert served.status_code == 200, served.json()
    assert served.json()["purpose_code"] == "tax_administration"
    assert refused.status_code == 400
    assert "purpose" in refused.json()
