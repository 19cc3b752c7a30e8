"""Once-only prefill in a real application: the registries fill the form and the 免提交
materials through the exchange, the file shows which data came from where, and the person
sees every read on their own page."""

import pytest
from django.test import Client

from onewindow.accounts.models import Role
from onewindow.cases import drafts
from onewindow.cases.models import Status
from onewindow.catalog.models import ServiceItem
from onewindow.registry.models import EntityStatus, RegistryRead
from tests.cases.conftest import valid_form, valid_uploads
from tests.conftest import zh
from tests.factories import CitizenFactory

HOUSING = "440100-ZJ-GG-221"  # 公共租赁住房保障申请: household + marriage from the registry
TRADE = "440100-SWJ-XK-422"  # 对外劳务合作经营资格核准: entity registration from the registry


@pytest.fixture(autouse=True)
def _no_otp(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


def browser_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def apply(applicant, code):
    item = ServiceItem.objects.get(code=code)
    draft = drafts.start(applicant=applicant, item_code=code)
    form = {name: str(value) for name, value in valid_form(item).items()} | draft.form_data
    uploads = valid_uploads(item)
    drafts.save(applicant=applicant, draft_id=draft.pk, form=form, uploads=uploads)
    return drafts.submit(applicant=applicant, draft_id=draft.pk)


def test_the_entity_registry_prefills_the_form_and_says_so(grants, enterprise, company):
    page = browser_for(enterprise).get(f"/services/{TRADE}/apply/", follow=True)

    draft = enterprise.drafts.get()
    assert draft.form_data["legal_rep_name"] == "孙立"
    assert draft.prefilled["legal_rep_name"]["source"] == {
        "kind": "registry",
        "registry": "entity",
        "provider": "广州市市场监督管理局",
    }
    html = page.content.decode()
    assert "孙立" in html
    assert "广州市市场监督管理局" in html
    read = RegistryRead.objects.get(entity=company)
    assert read.consumer.code == "440100-SWJ"
    assert read.reader is None
    assert read.outcome == "served"


def test_registry_materials_are_fetched_signed_and_shown(grants, citizen, resident, staff):
    case = apply(citizen, HOUSING)

    answers = {m.key: m.registry_answer for m in case.materials.filter(source="registry")}
    household = next(a for a in answers.values() if a.get("registry") == "person")
    assert household["case_number"] == case.number
    assert household["provider"]["code"] == "440100-GA"
    assert household["consumer"]["code"] == "440100-ZJ"
    not_connected = [a for a in answers.values() if "unavailable" in a]
    assert not_connected  # real-estate data lives in a system not yet connected
    reads = RegistryRead.objects.filter(case_number=case.number, outcome="served")
    assert reads.filter(person=resident).count() == len(answers) - len(not_connected)
    spouse_entry = reads.get(disclosed_in__isnull=False)  # the marriage data names the spouse
    assert (spouse_entry.person.name, spouse_entry.relation) == ("钱芳", "spouse")
    marriage = next(a for a in answers.values() if "spouse" in a.get("data", {}))
    assert "*" in marriage["data"]["spouse"]["id_number"]  # the grant names no relatives' IDs

    mine = browser_for(citizen).get(f"/my/cases/{case.number}/").content.decode()
    assert zh("Signature verified") in mine
    assert "钱芳" in mine  # the spouse, from the marriage data
    assert citizen.id_number not in mine

    reviewer = staff.official("440100-ZJ", Role.REVIEWER)
    theirs = browser_for(reviewer).get(f"/workbench/cases/{case.number}/").content.decode()
    assert zh("Signature verified") in theirs
    assert "钱芳" in theirs
    assert citizen.id_number not in theirs


def test_a_tampered_stored_answer_shows_as_not_verifying(grants, citizen, resident, staff):
    case = apply(citizen, HOUSING)
    material = case.materials.filter(registry_answer__registry="person").first()
    material.registry_answer["data"]["name"] = "李四"
    material.save()

    reviewer = staff.official("440100-ZJ", Role.REVIEWER)
    page = browser_for(reviewer).get(f"/workbench/cases/{case.number}/").content.decode()

    assert zh("Signature does not verify") in page


def test_intake_is_warned_of_a_revoked_entity(grants, enterprise, company, staff):
    company.status = EntityStatus.REVOKED
    company.status_changed_on = company.established_on.replace(year=2025)
    company.save()

    case = apply(enterprise, TRADE)

    assert case.applicant_check["flags"][0]["code"] == "revoked"
    clerk = staff.official("440100-SWJ", Role.WINDOW_CLERK)
    page = browser_for(clerk).get(f"/workbench/cases/{case.number}/").content.decode()
    assert zh("Check the applicant's registration before acceptance.") in page


def test_an_active_entity_gives_no_warning(grants, enterprise, company, staff):
    case = apply(enterprise, TRADE)

    assert case.applicant_check["flags"] == []
    clerk = staff.official("440100-SWJ", Role.WINDOW_CLERK)
    page = browser_for(clerk).get(f"/workbench/cases/{case.number}/").content.decode()
    assert zh("Check the applicant's registration before acceptance.") not in page
    assert zh("Registration status") in page


def test_without_a_registry_record_the_application_still_goes_in(grants, citizen):
    case = apply(citizen, HOUSING)  # no Person row for this citizen

    person_answers = [m.registry_answer for m in case.materials.filter(source="registry")]
    assert all("unavailable" in a for a in person_answers)
    assert case.status == Status.SUBMITTED


def test_the_person_sees_who_read_their_record(grants, citizen, resident):
    case = apply(citizen, HOUSING)
    other = CitizenFactory()

    page = browser_for(citizen).get("/my/data-access/")
    nobody = browser_for(other).get("/my/data-access/")

    html = page.content.decode()
    assert page.status_code == 200
    assert case.number in html
    assert "广州市住房和城乡建设局" in html
    assert zh("The case engine, for the application") in html
    assert case.number not in nobody.content.decode()
    assert zh("No department has read your registry records yet.") in nobody.content.decode()


def test_the_source_of_a_prefilled_value_follows_the_page_language(grants, enterprise, company):
    client = browser_for(enterprise)
    client.get(f"/services/{TRADE}/apply/", follow=True)
    draft = enterprise.drafts.get()

    english = client.get(f"/drafts/{draft.pk}/", headers={"accept-language": "en"})

    page = english.content.decode()
    assert "From the legal entity registry (Guangzhou Administration for Market Regulation)" in page


def test_english_data_tracker(grants, citizen, resident):
    apply(citizen, HOUSING)
    client = browser_for(citizen)

    page = client.get("/my/data-access/", headers={"accept-language": "en"})

    assert "Who read my data" in page.content.decode()
