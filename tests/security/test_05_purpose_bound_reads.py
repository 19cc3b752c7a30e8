"""Finding 5: "Registry reads are not tied to a purpose. An official queried a person's full
record, including spouse and child with full ID numbers, with no case and a purpose of 'xx'."

Replays the probe over HTTP: free-text purposes, another department's case, a case about
someone else; checks that relatives get their own read entries on their own page; and that
a retired key's later signature and another provider's key do not verify.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from onewindow.accounts.models import Department
from onewindow.cases import drafts
from onewindow.cases.registry_data import ensure_catalogue_grants
from onewindow.catalog.models import ServiceItem
from onewindow.core import crypto, keystore
from onewindow.core.models import AuditEntry
from onewindow.registry import services, signing
from onewindow.registry.models import ExchangeKey, Grant, MaritalStatus, RegistryRead, Relation
from tests.cases.conftest import Staff, valid_form, valid_uploads
from tests.conftest import zh
from tests.factories import CitizenFactory

QUERIES = "/api/v1/exchange/queries/"
KEYS = "/api/v1/exchange/keys/"
MY_READS = "/api/v1/me/registry-reads/"
HOUSING = "440100-ZJ-GG-221"  # 公共租赁住房保障申请, led by the housing bureau (ZJ)
FAMILY = ["name", "marital_status", "spouse", "children"]


@pytest.fixture(autouse=True)
def _no_otp(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(catalogue):
    """A married citizen with a child, who applied for public housing; a stranger; the
    housing bureau's grant (its family fields); civil affairs holding the same grant."""
    ensure_catalogue_grants()
    grant = Grant.objects.get(registry="person", consumer__code="440100-ZJ")
    grant.fields = sorted({*grant.fields, "children"})
    grant.save()
    services.name_purposes(grant, ["housing_security"])
    Grant.objects.create(
        provider=grant.provider,
        registry="person",
        consumer=Department.objects.get(code="440100-MZ"),
        fields=grant.fields,
        purpose="社会救助",
        legal_basis=grant.legal_basis,
        purposes=services.checked_purposes(["social_assistance"]),
        valid_from=grant.valid_from,
        valid_until=grant.valid_until,
    )
    applicant, spouse, child, stranger = (CitizenFactory() for _ in range(4))
    married = {"marital_status": MaritalStatus.MARRIED}
    me = services.save_person(applicant.id_number, applicant.real_name or "张晓明", **married)
    wife = services.save_person(spouse.id_number, "王丽", **married)
    son = services.save_person(child.id_number, "张小宇")
    services.save_person(stranger.id_number, "李四")
    services.relate(me, wife, Relation.SPOUSE)
    services.relate(son, me, Relation.PARENT)
    item = ServiceItem.objects.get(code=HOUSING)
    draft = drafts.start(applicant=applicant, item_code=HOUSING)
    form = {name: str(value) for name, value in valid_form(item).items()} | draft.form_data
    drafts.save(applicant=applicant, draft_id=draft.pk, form=form, uploads=valid_uploads(item))
    case = drafts.submit(applicant=applicant, draft_id=draft.pk)
    staff = Staff()
    return {
        "applicant": applicant,
        "spouse": spouse,
        "child": child,
        "stranger": stranger,
        "case": case,
        "housing": staff.reviewer("440100-ZJ"),
        "civil_affairs": staff.reviewer("440100-MZ"),
    }


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ask(user, key, **body):
    payload = {"registry": "person", "key": key, "fields": FAMILY} | body
    return api(user).post(QUERIES, payload, format="json")


def test_the_probe_a_free_text_purpose_without_a_case_is_refused_and_audited(world):
    target = world["applicant"].id_number

    response = ask(world["housing"], target, purpose="xx")

    assert response.status_code == 400
    body = response.json()
    assert "purpose" in body
    assert "data" not in body
    assert "social_assistance" in body["purpose"][0]  # names what would be accepted
    read = RegistryRead.objects.get(query_id=body["query_id"])
    assert (read.outcome, read.purpose) == ("refused", "xx")
    assert AuditEntry.objects.filter(
        action="registry.read_refused", object_id=body["query_id"]
    ).exists()
    assert not read.disclosures.exists()


def test_a_statutory_purpose_the_grant_does_not_name_is_refused(world):
    response = ask(world["housing"], world["applicant"].id_number, purpose="social_assistance")

    assert response.status_code == 400
    assert "purpose" in response.json()


def test_the_case_of_another_department_is_refused(world):
    case = world["case"]

    response = ask(world["civil_affairs"], world["applicant"].id_number, case_number=case.number)

    assert response.status_code == 400
    assert "case_number" in response.json()
    assert "data" not in response.json()


def test_a_case_whose_applicant_is_someone_else_is_refused(world):
    case = world["case"]

    response = ask(world["housing"], world["stranger"].id_number, case_number=case.number)

    assert response.status_code == 400
    assert "case_number" in response.json()
    read = RegistryRead.objects.get(query_id=response.json()["query_id"])
    assert read.outcome == "refused"
    assert read.person.name == "李四"  # the stranger sees the attempt on their own page


def test_relatives_get_their_own_read_entries_and_masked_id_numbers(world):
    case, spouse, child = world["case"], world["spouse"], world["child"]

    response = ask(world["housing"], world["applicant"].id_number, case_number=case.number)

    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["spouse"]["name"] == "王丽"
    assert data["spouse"]["id_number"] != spouse.id_number
    assert data["children"][0]["id_number"] != child.id_number
    assert spouse.id_number not in response.content.decode()
    for relative, relation in ((spouse, "spouse"), (child, "child")):
        theirs = api(relative).get(MY_READS).json()
        entry = next(r for r in theirs if r["case_number"] == case.number and r["relation"])
        assert entry["relation"] == relation
        assert entry["department"] == "广州市住房和城乡建设局"
        assert entry["outcome"] == "served"
    page = Client()
    page.force_login(spouse)
    html = page.get("/my/data-access/").content.decode()
    assert case.number in html
    assert zh("as the spouse of the person whose record was read") in html


def test_the_grant_must_name_relatives_id_numbers_to_disclose_them(world):
    grant = Grant.objects.get(registry="person", consumer__code="440100-ZJ")
    grant.fields = [*grant.fields, "relatives_id_number"]
    grant.save()

    response = ask(world["housing"], world["applicant"].id_number, case_number=world["case"].number)

    assert response.json()["data"]["spouse"]["id_number"] == world["spouse"].id_number


def _resigned(envelope: dict, key: ExchangeKey) -> dict:
    private_key = keystore.unwrap_private_key(signing.KEY_PURPOSE, key.key_id, key.private_key)
    value = crypto.sm2_sign(private_key, key.public_key, signing.canonical(envelope))
    return {**envelope, "signature": {"algorithm": "SM2-SM3", "key_id": key.key_id, "value": value}}


def test_a_retired_keys_later_signature_and_another_providers_key_are_refused(world):
    answer = ask(world["housing"], world["applicant"].id_number, case_number=world["case"].number)
    answer = answer.json()
    police = Department.objects.get(code="440100-GA")
    old = ExchangeKey.objects.get(department=police)
    signing.rotate(police)
    keys = APIClient().get(KEYS).json()
    retired = next(k for k in keys if k["key_id"] == old.key_id)
    assert retired["retired_at"] is not None
    assert signing.verify(answer, keys)  # signed while the key was in force

    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    forged = _resigned({**answer, "issued_at": later, "data": {"name": "冒名"}}, old)
    assert not signing.verify(forged, keys)

    market = signing.active_key(Department.objects.get(code="440100-SCJG"))
    keys = APIClient().get(KEYS).json()
    foreign = _resigned({**answer, "data": {"name": "冒名"}}, market)
    assert not signing.verify(foreign, keys)  # a valid key, but not the named provider's
    market_provider = {"code": "440100-SCJG", "name": "广州市市场监督管理局"}
    renamed = _resigned({**answer, "provider": market_provider, "data": {"name": "冒名"}}, market)
    assert not signing.verify(renamed, keys)  # market regulation does not answer for persons
