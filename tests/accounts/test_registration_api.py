"""POST /api/v1/accounts/register: citizens with ID numbers, enterprises with USCCs."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from onewindow.accounts.models import User
from onewindow.core.identifiers import generate_id_number, generate_uscc

pytestmark = pytest.mark.django_db
URL = "/api/v1/accounts/register"
ID_NUMBER = generate_id_number("440104", date(1991, 3, 8))


def citizen(**overrides):
    body = {
        "kind": "citizen",
        "username": "lihua",
        "password": "Li-Hua-2026!",
        "real_name": "李华",
        "id_number": ID_NUMBER,
        "phone": "13800138000",
    }
    return {**body, **overrides}


@pytest.fixture
def client():
    return APIClient()


def test_a_citizen_registers_and_gets_a_masked_account(client):
    response = client.post(URL, citizen(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "citizen"
    assert body["id_number_masked"] == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert ID_NUMBER not in response.content.decode()
    user = User.objects.get(username="lihua")
    assert user.id_number == ID_NUMBER
    assert user.check_password("Li-Hua-2026!")


def test_an_enterprise_registers_with_its_credit_code(client):
    uscc = generate_uscc("440106")
    response = client.post(
        URL,
        {
            "kind": "enterprise",
            "username": "acme",
            "password": "Acme-Corp-2026!",
            "name": "广州市示例贸易有限公司",
            "uscc": uscc.lower(),
            "phone": "13900139000",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert User.objects.get(username="acme").uscc == uscc


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")}, "id_number"),
        ({"id_number": ""}, "id_number"),
        ({"real_name": ""}, "real_name"),
        ({"phone": "12345"}, "phone"),
        ({"password": "12345678"}, "password"),
        ({"kind": "alien"}, "kind"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_creates_nothing(client, overrides, field):
    response = client.post(URL, citizen(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.exists()


def test_an_invalid_credit_code_is_refused(client):
    response = client.post(
        URL,
        {
            "kind": "enterprise",
            "username": "bad",
            "password": "Acme-Corp-2026!",
            "name": "某公司",
            "uscc": "91350100M000100Y44",
            "phone": "13900139000",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "uscc" in response.json()


def test_a_duplicate_id_number_or_username_is_refused(client):
    assert client.post(URL, citizen(), format="json").status_code == 201
    again = client.post(URL, citizen(username="other"), format="json")
    assert again.status_code == 400
    assert "id_number" in again.json()
    same_name = client.post(
        URL, citizen(id_number=generate_id_number("440106", date(1970, 1, 1))), format="json"
    )
    assert same_name.status_code == 400
    assert "username" in same_name.json()
    assert User.objects.count() == 1


def test_errors_are_translated_to_the_requested_language(client):
    bad = citizen(id_number="440106199002301234")
    zh = client.post(URL, bad, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    en = client.post(URL, bad, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "date of birth" in en["id_number"][0]
    assert "出生日期" in zh["id_number"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"username": "bad name!"}, "username"), ({"real_name": "名" * 65}, "real_name")],
)
def test_usernames_and_names_are_checked_like_the_model_fields(client, overrides, field):
    response = client.post(URL, citizen(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.exists()


def test_an_overlong_enterprise_name_is_reported_under_name():
    from django.core.exceptions import ValidationError

    from onewindow.accounts import services

    with pytest.raises(ValidationError) as exc:
        services.register_enterprise(
            username="longname",
            password="Acme-Corp-2026!",
            name="公" * 129,
            uscc=generate_uscc("440106"),
            phone="13900139000",
        )
    assert "name" in exc.value.message_dict
