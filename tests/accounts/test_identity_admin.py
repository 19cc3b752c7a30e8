"""Officials follow up a reclaim in the admin: the frozen account's activity, read-only."""

from datetime import date

import pytest

from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.models import IdentityReclaim, Role
from onewindow.core.identifiers import generate_id_number
from tests.factories import OfficialFactory
from tests.identity import person_record

pytestmark = pytest.mark.django_db


def test_the_reclaim_and_the_frozen_accounts_activity_show_read_only(duty_client):
    id_number = generate_id_number("440106", date(1980, 2, 2))
    person_record("周九", id_number)
    identity_services.register_citizen(
        username="taker",
        password="Str0ng-Taker-2026",
        real_name="周九",
        id_number=id_number,
        phone="13700137000",
    )
    reclaim = identity_services.reclaim_identity(
        username="owner",
        real_name="周九",
        id_number=id_number,
        phone="13800138000",
        verified_by=OfficialFactory(role=Role.WINDOW_CLERK),
        id_card_checked=True,
    )
    client = duty_client("security_administrator")
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.get(f"/admin/accounts/identityreclaim/{reclaim.pk}/change/").content.decode()
    assert "account.registered" in page
    assert "taker" in page
    assert reclaim.verified_by.username in page
    assert 'type="submit" value="Save"' not in page
    assert client.post(f"/admin/accounts/identityreclaim/{reclaim.pk}/delete/").status_code == 403
    assert IdentityReclaim.objects.count() == 1
