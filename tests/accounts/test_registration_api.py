"""POST /api/v1/accounts/register: real-name registration with an SMS code, through the API."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from onewindow.accounts.models import RealNameVerification, User
from onewindow.core.identifiers import generate_id_number, generate_uscc
from tests.conftest import zh
from tests.identity import api_code, entity_record, person_record

pytestmark = pytest.mark.django_db
URL = "/api/v1/accounts/register"
ID_NUMBER = generate_id_number("440104", date(1991, 3, 8))
PHONE = "13800138000"


def citizen(code="000000", **overrides):
    body = {
        "kind": "citizen",
        "username": "lihua",
        "password": "Li-Hua-2026!",
        "real_name": "李华",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "code": code,
    }
    return {**body, **overrides}


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def lihua():
    return person_record("李华", ID_NUMBER)


def test_a_citizen_registers_with_a_code_and_gets_a_masked_account(client, lihua, console):
    response = client.post(URL, citizen(api_code(client, PHONE, console)), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "citizen"
    assert body["id_number_masked"] == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert ID_NUMBER not in response.content.decode()
    user = User.objects.get(username="lihua")
    assert user.id_number == ID_NUMBER
    assert user.check_password("Li-Hua-2026!")
    assert RealNameVerification.objects.get(user=user).provider == "registry"


def test_the_code_is_spent_once(client, lihua, console):
    code = api_code(client, PHONE, console)
    assert client.post(URL, citizen(code), format="json").status_code == 201
    again = client.post(URL, citizen(code, username="other"), format="json")
    assert again.status_code == 400
    assert "code" in again.json()


def test_the_legal_representative_registers_the_enterprise(client, lihua, console):
    entity = entity_record(lihua)
    body = {
        "kind": "enterprise",
        "username": "acme",
        "password": "Acme-Corp-2026!",
        "name": entity.name,
        "uscc": entity.uscc.lower(),
        "representative_name": "李华",
        "representative_id_number": ID_NUMBER,
        "phone": "13900139000",
        "code": api_code(client, "13900139000", console),
    }
    response = client.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    user = User.objects.get(username="acme")
    assert user.uscc == entity.uscc
    assert user.real_name_verification.representative_index == lihua.id_number_index


def test_someone_else_cannot_register_the_enterprise(client, lihua, console):
    entity = entity_record(lihua)
    other_id = generate_id_number("440106", date(1985, 1, 2))
    person_record("赵六", other_id)
    body = {
        "kind": "enterprise",
        "username": "acme",
        "password": "Acme-Corp-2026!",
        "name": entity.name,
        "uscc": entity.uscc,
        "representative_name": "赵六",
        "representative_id_number": other_id,
        "phone": "13900139000",
        "code": api_code(client, "13900139000", console),
    }
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert "representative_id_number" in response.json()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")}, "id_number"),
        ({"id_number": ""}, "id_number"),
        ({"real_name": ""}, "real_name"),
        ({"real_name": "李四"}, "id_number"),
        ({"id_number": generate_id_number("440106", date(1970, 1, 1))}, "id_number"),
        ({"password": "12345678"}, "password"),
        ({"kind": "alien"}, "kind"),
        ({"code": ""}, "code"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_creates_nothing(
    client, lihua, console, overrides, field
):
    code = api_code(client, PHONE, console)
    response = client.post(URL, citizen(**({"code": code} | overrides)), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.exists()


def test_an_entity_not_in_the_registry_is_refused(client, lihua, console):
    body = {
        "kind": "enterprise",
        "username": "bad",
        "password": "Acme-Corp-2026!",
        "name": "某公司",
        "uscc": generate_uscc("440106"),
        "representative_name": "李华",
        "representative_id_number": ID_NUMBER,
        "phone": "13900139000",
        "code": api_code(client, "13900139000", console),
    }
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert "uscc" in response.json()


def test_a_duplicate_identity_or_username_is_told_only_after_the_code(client, lihua, console):
    assert client.post(URL, citizen(api_code(client, PHONE, console)), format="json").status_code
    again = client.post(
        URL,
        citizen(api_code(client, "13700137000", console), username="other", phone="13700137000"),
        format="json",
    )
    assert again.status_code == 400
    assert again.json()["id_number"] == [
        zh(
            "An account already uses this identity. "
            "If you did not register it, reclaim your identity."
        )
    ]
    other_id = generate_id_number("440106", date(1970, 1, 1))
    person_record("王五", other_id)
    same_name = client.post(
        URL,
        citizen(
            api_code(client, "13600136000", console),
            real_name="王五",
            id_number=other_id,
            phone="13600136000",
        ),
        format="json",
    )
    assert same_name.status_code == 400
    assert "username" in same_name.json()
    assert User.objects.count() == 1


def test_errors_are_translated_to_the_requested_language(client, lihua):
    bad = citizen(id_number="440106199002301234")
    zh = client.post(URL, bad, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    en = client.post(URL, bad, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "Ask for a verification code first" in en["code"][0]
    assert en["code"][0] != zh["code"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"username": "bad name!"}, "username"), ({"real_name": "名" * 65}, "real_name")],
)
def test_usernames_and_names_are_checked_like_the_model_fields(
    client, lihua, console, overrides, field
):
    response = client.post(
        URL, citizen(api_code(client, PHONE, console), **overrides), format="json"
    )
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
