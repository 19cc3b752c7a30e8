"""The security administrator lists Open311 clients and revokes keys in the admin; the page
never shows a key, and other duties do not see the clients."""

from __future__ import annotations

import pytest

from onewindow.accounts.models import Role
from onewindow.core.models import AuditEntry
from onewindow.hotline import open311_intake
from onewindow.hotline.models import Open311Client
from tests.hotline.open311_fixtures import categories  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/hotline/open311client/"


def test_the_security_administrator_revokes_a_key(duty_client):
    client, key = open311_intake.issue_key(name="Street app")
    admin = duty_client(Role.SECURITY_ADMINISTRATOR)
    page = admin.get(CHANGELIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Street app" in text
    assert client.key_prefix in text
    assert key not in text
    assert client.key_hash not in text
    response = admin.post(CHANGELIST, {"action": "revoke", "_selected_action": [client.pk]})
    assert response.status_code == 302
    assert not Open311Client.objects.get().active
    assert AuditEntry.objects.filter(action="open311.key_revoked").exists()
    with pytest.raises(open311_intake.Open311Error):
        open311_intake.client_for(key)


@pytest.mark.parametrize("duty", [Role.SYSTEM_ADMINISTRATOR, Role.AUDIT_ADMINISTRATOR])
def test_other_duties_do_not_see_the_clients(duty_client, duty):
    open311_intake.issue_key(name="Street app")
    assert duty_client(duty).get(CHANGELIST).status_code == 403


def test_the_demo_publishes_one_key_that_works_and_one_request(client, categories):  # noqa: F811
    from onewindow.demo import open311 as demo_open311

    key = demo_open311.ensure()
    assert key == demo_open311.DEFAULT_KEY
    assert demo_open311.ensure() == key  # a second run keeps the client and its request
    assert open311_intake.client_for(key).name == demo_open311.NAME
    assert Open311Client.objects.count() == 1
    [request] = client.get("/open311/v2/requests.json").json()
    assert request["service_code"] == "street-light"
    assert request["media_url"] == demo_open311.REQUEST["media_url"]
