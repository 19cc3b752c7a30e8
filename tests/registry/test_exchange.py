"""The exchange: grants allow, refuse and limit; answers are signed; every read is logged."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from onewindow.accounts.models import Department, Role
from onewindow.cases.registry_data import GRANT_PURPOSE, LEGAL_BASIS
from onewindow.core import keystore
from onewindow.core.audit import verify_chain
from onewindow.core.models import AuditEntry
from onewindow.registry import services, signing
from onewindow.registry.models import ExchangeKey, Grant, RegistryRead
from tests.cases.conftest import Staff
from tests.conftest import zh
from tests.factories import CitizenFactory

QUERIES = "/api/v1/exchange/queries/"
KEYS = "/api/v1/exchange/keys/"
MY_READS = "/api/v1/me/registry-reads/"


@pytest.fixture
def staff(departments):
    return Staff()


@pytest.fixture
def grants(departments):
    today = timezone.localdate()
    Grant.objects.create(
        provider=Department.objects.get(code="440100-GA"),
        registry="person",
        consumer=Department.objects.get(code="440100-ZJ"),
        fields=["household_address", "household_division", "marital_status", "name", "spouse"],
        purpose=GRANT_PURPOSE,
        legal_basis=LEGAL_BASIS,
        purposes=services.checked_purposes(["housing_security"]),
        valid_from=today,
        valid_until=today + timedelta(days=3 * 365),
    )


@pytest.fixture
def housing(staff):
    """A reviewer of the housing bureau (ZJ), which holds a grant on the population registry."""
    return staff.reviewer("440100-ZJ")


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ask(user, **body):
    payload = {"registry": "person", "fields": ["name"], "purpose": "housing_security"}
    return client_for(user).post(QUERIES, payload | body, format="json")


def test_a_granted_read_is_served_signed_and_logged(grants, housing, resident, citizen):
    response = ask(housing, key=citizen.id_number, fields=["name", "marital_status", "spouse"])

    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["data"]["name"] == resident.name
    assert answer["data"]["marital_status"] == "married"
    assert answer["data"]["spouse"]["name"] == "钱芳"
    assert answer["provider"]["code"] == "440100-GA"
    assert answer["consumer"]["code"] == "440100-ZJ"
    assert answer["grant"]["legal_basis"].startswith("《公共租赁住房管理办法》")
    assert answer["purpose_code"] == "housing_security"
    keys = APIClient().get(KEYS).json()
    assert signing.verify(answer, keys)
    read = RegistryRead.objects.get(query_id=answer["query_id"])
    assert (read.outcome, read.person, read.reader, read.purpose_code) == (
        "served",
        resident,
        housing,
        "housing_security",
    )
    assert read.purpose == zh("Eligibility review for public rental housing")
    entry = AuditEntry.objects.get(object_id=answer["query_id"])
    assert entry.action == "registry.read_served"
    assert entry.data["response_sm3"] == read.response_digest
    assert citizen.id_number not in str(entry.data)  # the audit log keeps the masked key
    assert verify_chain().ok


def test_fields_outside_the_grant_are_refused_and_logged(grants, housing, resident, citizen):
    response = ask(housing, key=citizen.id_number, fields=["name", "children"])

    assert response.status_code == 403
    assert "children" in response.json()["detail"]
    assert "data" not in response.json()
    read = RegistryRead.objects.get(query_id=response.json()["query_id"])
    assert read.outcome == "refused"
    assert read.person == resident
    assert AuditEntry.objects.filter(action="registry.read_refused").count() == 1


def test_no_grant_is_refused(departments, staff, resident, citizen):
    tax = staff.reviewer("440100-SW")

    response = ask(tax, key=citizen.id_number)

    assert response.status_code == 403
    assert response.json()["detail"] == zh(
        "%(consumer)s holds no grant to read the %(registry)s."
    ) % {"consumer": "国家税务总局广州市税务局", "registry": zh("population registry")}
    assert RegistryRead.objects.get().outcome == "refused"


def test_an_expired_or_revoked_grant_is_refused(grants, housing, resident, citizen):
    grant = Grant.objects.get(registry="person", consumer__code="440100-ZJ")
    grant.valid_from = timezone.localdate() - timedelta(days=400)
    grant.valid_until = timezone.localdate() - timedelta(days=1)
    grant.save()

    expired = ask(housing, key=citizen.id_number)
    assert expired.status_code == 403
    assert expired.json()["detail"] == zh("The grant for this registry has expired.")

    grant.valid_until = timezone.localdate() + timedelta(days=30)
    grant.revoked_at = timezone.now()
    grant.save()
    revoked = ask(housing, key=citizen.id_number)
    assert revoked.status_code == 403
    assert revoked.json()["detail"] == zh("The grant for this registry was revoked.")
    assert RegistryRead.objects.filter(outcome="refused").count() == 2


def test_the_provider_reads_its_own_registry_without_a_grant(departments, staff, resident):
    police = staff.reviewer("440100-GA")

    response = ask(
        police,
        key=resident.id_number,
        fields=["household_address"],
        purpose="household_registration",
    )

    assert response.status_code == 200
    assert response.json()["grant"] is None


def test_an_unknown_person_is_a_logged_not_found(grants, housing):
    stranger = CitizenFactory.build()

    response = ask(housing, key=stranger.id_number)

    assert response.status_code == 404
    assert RegistryRead.objects.get().outcome == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "440106198801011234"}, "key"),  # wrong check digit
        ({"registry": "entity", "key": "91440106MA59XXXXX0"}, "key"),
        ({"registry": "vehicles", "key": "x"}, "registry"),
        ({"fields": ["salary"]}, "fields"),
        ({"fields": []}, "fields"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": " "}, "purpose"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem_and_reads_nothing(
    grants, housing, resident, body, field
):
    response = ask(housing, **({"key": resident.id_number} | body))

    assert response.status_code == 400
    assert field in response.json()
    assert not RegistryRead.objects.exists()


def test_an_official_queries_only_for_their_own_department(grants, staff, housing, resident):
    response = ask(housing, key=resident.id_number, consumer="440100-GA")

    assert response.status_code == 400
    assert "consumer" in response.json()
    citizen_user = CitizenFactory()
    assert ask(citizen_user, key=resident.id_number).status_code == 403  # who asks, not what
    assert not RegistryRead.objects.exists()


def test_a_case_the_department_does_not_handle_is_refused(grants, housing, resident):
    response = ask(housing, key=resident.id_number, case_number="440100-20261122-99999")

    assert response.status_code == 400
    assert "case_number" in response.json()
    read = RegistryRead.objects.get(query_id=response.json()["query_id"])
    assert (read.outcome, read.person) == ("refused", resident)


def test_a_tampered_answer_fails_verification(grants, housing, resident, citizen):
    answer = ask(housing, key=citizen.id_number, fields=["name", "marital_status"]).json()
    keys = signing.published_keys()
    assert signing.verify(answer, keys)

    changed_value = {**answer, "data": {**answer["data"], "marital_status": "divorced"}}
    changed_purpose = {**answer, "purpose": answer["purpose"] + "。"}
    other_key = {**answer, "signature": {**answer["signature"], "key_id": "unknown"}}
    flipped = answer["signature"]["value"]
    flipped = flipped[:-1] + ("0" if flipped[-1] != "0" else "1")
    bad_signature = {**answer, "signature": {**answer["signature"], "value": flipped}}
    for tampered in (changed_value, changed_purpose, other_key, bad_signature):
        assert not signing.verify(tampered, keys)


def test_rotated_keys_still_verify_what_they_signed(grants, housing, resident, citizen):
    first = ask(housing, key=citizen.id_number).json()
    signing.rotate(Department.objects.get(code="440100-GA"))
    second = ask(housing, key=citizen.id_number).json()

    keys = APIClient().get(KEYS).json()
    assert first["signature"]["key_id"] != second["signature"]["key_id"]
    assert signing.verify(first, keys)
    assert signing.verify(second, keys)
    assert [k["retired_at"] is None for k in keys if k["department"] == "440100-GA"].count(
        True
    ) == 1


def test_private_keys_are_never_stored_in_clear(grants, housing, resident, citizen):
    ask(housing, key=citizen.id_number)
    key = ExchangeKey.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key FROM registry_exchangekey")
        (raw,) = cursor.fetchone()
    assert raw.startswith("sm4gcm:v1:")
    assert key.public_key not in raw
    private_key = keystore.unwrap_private_key(signing.KEY_PURPOSE, key.key_id, raw)
    assert len(private_key) == 64
    assert private_key not in raw


def test_the_person_sees_every_read_of_their_record(grants, housing, staff, resident, citizen):
    ask(housing, key=citizen.id_number)
    ask(housing, key=citizen.id_number, fields=["children"])
    someone_else = CitizenFactory()

    mine = client_for(citizen).get(MY_READS).json()
    theirs = client_for(someone_else).get(MY_READS).json()

    assert [(r["fields"], r["outcome"]) for r in mine] == [
        (["children"], "refused"),
        (["name"], "served"),
    ]
    assert mine[1]["purpose"] == zh("Eligibility review for public rental housing")
    assert mine[1]["department"] == "广州市住房和城乡建设局"
    assert mine[1]["reader"] == housing.real_name
    assert theirs == []


def test_official_roles_outside_review_may_query_too(grants, staff, resident):
    clerk = staff.official("440100-ZJ", Role.WINDOW_CLERK)

    assert ask(clerk, key=resident.id_number).status_code == 200
