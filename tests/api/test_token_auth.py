"""API authentication by token (``onewindow token USERNAME``) and by session."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_a_printed_token_authenticates_api_calls(capsys):
    user = CitizenFactory()
    call_command("token", user.username)
    token = capsys.readouterr().out.strip()
    client = APIClient()
    assert client.get("/api/v1/accounts/me").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = client.get("/api/v1/accounts/me").json()
    assert body["username"] == user.username
    assert user.id_number not in str(body)


def test_the_same_token_is_printed_twice(capsys):
    user = CitizenFactory()
    call_command("token", user.username)
    call_command("token", user.username)
    first, second = capsys.readouterr().out.split()
    assert first == second


def test_an_unknown_user_gets_no_token():
    with pytest.raises(CommandError, match="no user named"):
        call_command("token", "nobody")
