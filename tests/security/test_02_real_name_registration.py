"""Finding 2: anyone could register as any person or enterprise that had no account yet —
`POST /api/v1/accounts/register` took a citizen's ID number and name with no SMS code and no
check against the population registry. Replayed here over HTTP; each attempt is now refused.

"A person whose identity was taken reclaims it through a verified path": the online reclaim
asked only for the name and ID number the impostor already knew, so anyone could take over any
citizen's account with it. With the built-in provider it is now refused; a window clerk who
checked the original ID card reclaims the identity in the workbench."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from onewindow.accounts.identity import selectors as identity_selectors
from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.models import AgentAuthorization, IdentityReclaim, User
from onewindow.core.identifiers import generate_id_number
from onewindow.core.models import AuditEntry
from tests.cases.conftest import pdf_bytes, staff  # noqa: F401 - the fixture
from tests.identity import api_code, entity_record, person_record

pytestmark = pytest.mark.django_db
URL = "/api/v1/accounts/register"
VICTIM_ID = generate_id_number("440106", date(1988, 6, 15), sex="M")


@pytest.fixture
def victim():
    return person_record("张晓明", VICTIM_ID)


def impostor_body(code="", **changes):
    body = {
        "kind": "citizen",
        "username": "impostor",
        "password": "Str0ng-Secret-2026",
        "real_name": "张晓明",
        "id_number": VICTIM_ID,
        "phone": "13700137000",
        "code": code,
    }
    return body | changes


def test_the_probe_request_without_an_sms_code_is_refused(victim):
    body = impostor_body()
    del body["code"]
    response = APIClient().post(URL, body, format="json")
    assert response.status_code == 400
    assert "code" in response.json()
    assert not User.objects.exists()


def test_an_id_number_with_another_name_is_refused_even_with_a_code(victim, console):
    client = APIClient()
    code = api_code(client, "13700137000", console)
    response = client.post(URL, impostor_body(code, real_name="李四"), format="json")
    assert response.status_code == 400
    assert "do not match" in str(response.json()["id_number"]) or response.json()["id_number"]
    assert not User.objects.exists()


def test_an_id_number_not_in_the_registry_is_refused(console):
    client = APIClient()
    code = api_code(client, "13700137000", console)
    response = client.post(URL, impostor_body(code), format="json")
    assert response.status_code == 400
    assert "id_number" in response.json()
    assert not User.objects.exists()


def test_nobody_but_the_legal_representative_registers_the_enterprise(victim, console):
    entity = entity_record(victim, name="广州市天河示范科技有限公司")
    stranger = generate_id_number("440111", date(1990, 1, 1))
    person_record("钱七", stranger)
    client = APIClient()
    body = {
        "kind": "enterprise",
        "username": "fake-enterprise",
        "password": "Str0ng-Secret-2026",
        "name": entity.name,
        "uscc": entity.uscc,
        "representative_name": "钱七",
        "representative_id_number": stranger,
        "phone": "13700137000",
        "code": api_code(client, "13700137000", console),
    }
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert "representative_id_number" in response.json()
    assert not User.objects.filter(uscc=entity.uscc).exists()


def reclaim_form(code, **changes):
    return {
        "real_name": "张晓明",
        "id_number": VICTIM_ID,
        "username": "zhang.xiaoming",
        "phone": "13800138000",
        "code": code,
        "password": "Real-Person-2026",
        "password_confirm": "Real-Person-2026",
    } | changes


def test_knowing_a_name_and_id_number_does_not_reclaim_an_account_online(victim, console):
    # The legitimate citizen registered; an attacker knows her name and ID number.
    api = APIClient()
    code = api_code(api, "13700137000", console)
    body = impostor_body(code, username="zhang.xiaoming", password="Real-Person-2026")
    assert api.post(URL, body, format="json").status_code == 201
    owner = User.objects.get(username="zhang.xiaoming")
    audit_before = AuditEntry.objects.count()

    attacker = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = attacker.get("/register/reclaim/").content.decode()
    assert "service hall window" in page
    assert 'name="password"' not in page
    attacker.post("/register/code/", {"phone": "13900139000", "purpose": "register"})
    form = reclaim_form(console(), username="attacker", phone="13900139000")
    response = attacker.post("/register/reclaim/", form)
    assert response.status_code == 200
    assert "Nothing was changed" in response.content.decode()
    assert "_auth_user_id" not in attacker.session
    owner.refresh_from_db()
    assert owner.is_active
    assert owner.id_number == VICTIM_ID
    assert not User.objects.filter(username="attacker").exists()
    assert not IdentityReclaim.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_the_person_reclaims_an_identity_taken_with_their_name_and_number_at_the_window(
    victim,
    console,
    staff,  # noqa: F811 - the fixture
    settings,
):
    # The impostor knew the name and the number, which the registry alone cannot tell apart.
    settings.ONEWINDOW_REQUIRE_OTP = False  # the clerk signed in as by the TOTP form
    api = APIClient()
    code = api_code(api, "13700137000", console)
    assert api.post(URL, impostor_body(code), format="json").status_code == 201
    impostor = User.objects.get(username="impostor")

    # The true person comes to the window with the ID card and a new phone.
    clerk = staff.clerk("440100-GA")
    window = Client(HTTP_ACCEPT_LANGUAGE="en")
    window.force_login(clerk)
    page = "/workbench/identity-reclaim/"
    form = {
        "id_card_checked": "on",
        "real_name": "张晓明",
        "id_number": VICTIM_ID,
        "phone": "13800138000",
        "username": "zhang.xiaoming",
    }
    window.post(page, form | {"action": "send_code"})
    response = window.post(page, form | {"code": console()})
    assert response.status_code == 200
    assert "impostor" in response.content.decode()
    impostor.refresh_from_db()
    assert not impostor.is_active
    assert impostor.id_number == ""
    owner = User.objects.get(username="zhang.xiaoming")
    assert owner.id_number == VICTIM_ID
    assert not owner.has_usable_password()
    reclaim = IdentityReclaim.objects.get(new_user=owner)
    assert reclaim.frozen_user == impostor
    assert reclaim.verified_by == clerk
    assert "account.registered" in [entry["action"] for entry in reclaim.activity]
    entry = AuditEntry.objects.get(action="identity.reclaimed")
    assert entry.actor == f"{clerk.pk}:{clerk.username}"
    assert entry.data["verified"] == "in person"

    # The person signs in by SMS code to the new phone and sees what the impostor did.
    person = Client(HTTP_ACCEPT_LANGUAGE="en")
    person.post("/login/sms/", {"action": "send_code", "phone": "13800138000"})
    assert (
        person.post("/login/sms/", {"phone": "13800138000", "code": console()}).status_code == 302
    )
    page = person.get("/account/identity/").content.decode()
    assert "impostor" in page
    assert "account.registered" in page
    # The frozen account cannot sign in any more.
    refused = Client().post("/login/", {"username": "impostor", "password": "Str0ng-Secret-2026"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in refused.wsgi_request.session


def test_an_agent_cannot_act_for_the_enterprise_until_it_confirms(
    victim, console, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    entity = entity_record(victim, name="广州市天河示范科技有限公司")
    api = APIClient()
    body = {
        "kind": "enterprise",
        "username": "the-enterprise",
        "password": "Str0ng-Company-2026",
        "name": entity.name,
        "uscc": entity.uscc,
        "representative_name": "张晓明",
        "representative_id_number": VICTIM_ID,
        "phone": "13900139000",
        "code": api_code(api, "13900139000", console),
    }
    assert api.post(URL, body, format="json").status_code == 201
    agent_id = generate_id_number("440106", date(1995, 5, 5))
    person_record("孙八", agent_id)
    agent_body = impostor_body(
        api_code(api, "13600136000", console),
        username="agent",
        real_name="孙八",
        id_number=agent_id,
        phone="13600136000",
    )
    assert api.post(URL, agent_body, format="json").status_code == 201
    agent = User.objects.get(username="agent")

    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(agent)
    letter = SimpleUploadedFile(
        "letter.pdf", pdf_bytes("authorization"), content_type="application/pdf"
    )
    response = browser.post(
        "/account/identity/agents/",
        {"enterprise_name": entity.name, "uscc": entity.uscc, "letter": letter},
    )
    assert response.status_code == 302, response.content.decode()[-6000:]
    request = AgentAuthorization.objects.get(agent=agent)
    assert request.status == "pending"
    assert list(identity_selectors.enterprises_represented_by(agent)) == []

    # The agent cannot confirm itself; the enterprise can.
    assert (
        browser.post(
            f"/account/identity/agents/{request.pk}/decision/", {"decision": "confirm"}
        ).status_code
        == 404
    )
    enterprise = Client()
    enterprise.force_login(User.objects.get(username="the-enterprise"))
    enterprise.post(f"/account/identity/agents/{request.pk}/decision/", {"decision": "confirm"})
    assert [u.username for u in identity_selectors.enterprises_represented_by(agent)] == [
        "the-enterprise"
    ]


def test_the_case_the_impostor_filed_is_listed_to_the_person_who_reclaims(
    victim,
    console,
    catalogue,
    staff,  # noqa: F811 - the fixture
    settings,
    tmp_path,
):
    from onewindow.cases import services as case_services
    from onewindow.catalog.models import ServiceItem
    from tests.cases.conftest import SINGLE, valid_form, valid_uploads

    settings.MEDIA_ROOT = tmp_path
    api = APIClient()
    code = api_code(api, "13700137000", console)
    assert api.post(URL, impostor_body(code), format="json").status_code == 201
    impostor = User.objects.get(username="impostor")
    item = ServiceItem.objects.get(code=SINGLE)
    case = case_services.submit(
        applicant=impostor, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
    )

    reclaim = identity_services.reclaim_identity(
        username="zhang.xiaoming",
        real_name="张晓明",
        id_number=VICTIM_ID,
        phone="13800138000",
        verified_by=staff.clerk("440100-GA"),
        id_card_checked=True,
    )
    person = Client(HTTP_ACCEPT_LANGUAGE="en")
    person.force_login(reclaim.new_user)
    page = person.get("/account/identity/").content.decode()
    assert "case.submitted" in page
    assert case.number in page
