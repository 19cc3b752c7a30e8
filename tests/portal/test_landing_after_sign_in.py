"""Where people land after signing in: officials on their workbench, citizens and enterprises
on their own page (/my/); a safe ``next`` still wins, an unsafe one is ignored."""

import pytest

from tests.factories import PASSWORD, CitizenFactory, EnterpriseFactory, OfficialFactory


def sign_in(client, user, next_url: str | None = None):
    data = {"username": user.username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/login/", data)


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.mark.django_db
def test_an_official_lands_on_the_workbench(client):
    response = sign_in(client, OfficialFactory(role="window_clerk"))
    assert response.status_code == 302
    assert response["Location"] == "/workbench/"


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [CitizenFactory, EnterpriseFactory])
def test_citizens_and_enterprises_land_on_their_own_page(client, factory):
    response = sign_in(client, factory())
    assert response.status_code == 302
    assert response["Location"] == "/my/"


@pytest.mark.django_db
def test_a_safe_next_wins_and_an_unsafe_one_is_ignored(client):
    official = OfficialFactory(role="window_clerk")
    assert sign_in(client, official, "/workbench/search/?q=1")["Location"] == (
        "/workbench/search/?q=1"
    )
    client.logout()
    assert sign_in(client, official, "https://evil.example/")["Location"] == "/workbench/"
