"""The application form's error summary, check-your-answers page with its change links,
registry-prefilled fields, district choices and the pre-submission warnings, over HTTP."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from onewindow.cases import drafts
from onewindow.cases.models import Case, Draft
from onewindow.catalog.models import ServiceItem
from onewindow.portal.apply_forms import hall_form
from onewindow.registry import services as registry_services
from onewindow.registry.models import MaritalStatus
from tests.cases.conftest import SINGLE, pdf_bytes, valid_form, valid_uploads
from tests.conftest import zh
from tests.factories import CitizenFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

ASSISTANCE = "440100-MZ-GG-505"  # 临时救助申请: name and ID from the account, phone, hardship
MARRIAGE = "440100-MZ-QR-107"
LIEDE = "440106013"


@pytest.fixture
def resident(citizen):
    registry_services.save_person(citizen.id_number, citizen.real_name, household_division=LIEDE)
    return citizen


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(client, code=ASSISTANCE) -> Draft:
    response = client.get(f"/services/{code}/apply/")
    assert response.status_code == 302, response.content.decode()[:500]
    return Draft.objects.get(pk=response.url.split("/")[2])


def proof():
    return SimpleUploadedFile("proof.pdf", pdf_bytes("proof"))


def good(**changes) -> dict:
    return {
        "phone": "13900001111",
        "hardship": "家中失火",
        "bank_account": "6222020200112233445",
        "materials.hardship_proof": proof(),
        "action": "review",
    } | changes


def field_error(html: str, name: str) -> str:
    found = re.search(rf'<p class="field-error" id="id_{name}_error"[^>]*>(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def test_the_error_summary_links_each_field_and_nothing_is_saved(resident):
    client = signed_in(resident)
    draft = start(client)
    before = dict(draft.form_data)
    response = client.post(
        f"/drafts/{draft.pk}/",
        good(phone="12345", bank_account="abc", hardship="", **{"materials.hardship_proof": ""}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[
        html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
    ]
    assert zh("There is a problem") in summary or "提交前请修改以下问题" in summary
    assert 'tabindex="-1"' in html[: html.index("data-error-summary")][-200:]
    # One link per field in error, in the page's order, naming the field.
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [target for target, _ in links] == [
        "id_phone",
        "id_hardship",
        "id_bank_account",
        "id_materials_hardship_proof",
    ]
    assert links[0][1].startswith("联系电话")
    # Beside the field, the message does not repeat its label, and the field points to it.
    assert field_error(html, "phone")
    assert "联系电话" not in field_error(html, "phone")
    assert field_error(html, "hardship").startswith(zh("Error:"))
    phone_input = re.search(r"<input[^>]+id=\"id_phone\"[^>]*>", html).group(0)
    assert "id_phone_error" in phone_input
    assert 'aria-invalid="true"' in phone_input
    assert "onewindow/js/forms.js" in html
    # Nothing was kept: a malformed value saves nothing, not even the valid ones beside it.
    draft.refresh_from_db()
    assert draft.form_data == before
    assert not draft.materials.exists()


def test_saving_half_a_form_keeps_it_but_a_malformed_value_never(resident):
    client = signed_in(resident)
    draft = start(client)
    assert (
        client.post(f"/drafts/{draft.pk}/", {"hardship": "半填", "action": "save"}).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.form_data["hardship"] == "半填"
    kept = dict(draft.form_data)
    response = client.post(f"/drafts/{draft.pk}/", {"phone": "1", "action": "save"})
    assert response.status_code == 200
    assert 'href="#id_phone"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.form_data == kept


def test_errors_are_translated_in_english(resident):
    client = signed_in(resident)
    client.cookies["django_language"] = "en"
    draft = start(client)
    html = client.post(f"/drafts/{draft.pk}/", good(phone="12345")).content.decode()
    assert "There is a problem" in html
    assert re.search(r'<a href="#id_phone">Contact phone number: [^<]+</a>', html)


def test_check_page_change_links_go_to_the_field_and_back(resident):
    client = signed_in(resident)
    draft = start(client)
    response = client.post(f"/drafts/{draft.pk}/", good())
    assert response.url == f"/drafts/{draft.pk}/review/"
    review = client.get(response.url).content.decode()
    change = f"/drafts/{draft.pk}/?return=check"
    for target in ("id_phone", "id_hardship", "id_bank_account", "id_materials_hardship_proof"):
        assert f'href="{change}#{target}"' in review
    # Fields naming the applicant come from the account: shown with their source, no link.
    assert f'href="{change}#id_applicant_name"' not in review
    assert zh("From your real-name account") in review
    assert zh("Change") == "修改"
    assert "修改" in review

    page = client.get(change).content.decode()
    assert '<input type="hidden" name="return" value="check">' in page
    assert zh("Save and go back to the check page") in page
    response = client.post(
        f"/drafts/{draft.pk}/",
        good(hardship="家中失火，房屋受损", **{"materials.hardship_proof": "", "return": "check"}),
    )
    assert response.url == f"/drafts/{draft.pk}/review/"
    assert "家中失火，房屋受损" in client.get(response.url).content.decode()


def test_registry_fields_are_prefilled_marked_and_read_only(resident, grants):
    client = signed_in(resident)
    draft = start(client)
    assert draft.prefilled["applicant_name"]["source"]["kind"] == "registry"
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert "人口基础信息库" in page or zh("population registry") in page
    name_input = re.search(r"<input[^>]+id=\"id_applicant_name\"[^>]*>", page).group(0)
    assert "readonly" in name_input
    response = client.post(f"/drafts/{draft.pk}/", good(applicant_name="别人"))
    assert response.status_code == 200
    assert 'href="#id_applicant_name"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.form_data["applicant_name"] == resident.real_name


def test_division_fields_offer_district_names_grouped_by_city():
    item = next(
        i
        for i in ServiceItem.objects.all()
        if any(f.get("format") == "division" for f in i.form_schema["properties"].values())
    )
    name = next(
        n for n, f in item.form_schema["properties"].items() if f.get("format") == "division"
    )
    with translation.override("en"):
        choices = hall_form(item).fields[name].choices
    groups = {label: options for label, options in choices[1:]}
    assert "Guangzhou" in " ".join(groups)
    labels = [label for options in groups.values() for _, label in options]
    assert "Tianhe District" in labels
    assert not any(label[:6].isdigit() for label in labels)  # names, not codes


@pytest.fixture
def grants(catalogue):
    from onewindow.cases.registry_data import ensure_catalogue_grants

    ensure_catalogue_grants()


def submit_once(applicant, code=SINGLE) -> Case:
    item = ServiceItem.objects.get(code=code)
    draft = drafts.start(applicant=applicant, item_code=code)
    form = {n: str(v) for n, v in valid_form(item).items()} | draft.form_data
    drafts.save(applicant=applicant, draft_id=draft.pk, form=form, uploads=valid_uploads(item))
    return drafts.submit(applicant=applicant, draft_id=draft.pk)


def test_a_duplicate_case_is_warned_before_starting_and_on_the_check_page(citizen):
    first = submit_once(citizen)
    client = signed_in(citizen)
    page = client.get(f"/services/{SINGLE}/apply/")
    assert page.status_code == 200
    html = page.content.decode()
    assert first.number in html
    assert f'href="/my/cases/{first.number}/"' in html
    assert not Draft.objects.filter(applicant=citizen, case=None).exists()
    # Continuing is a deliberate act.
    response = client.post(f"/services/{SINGLE}/apply/", {"acknowledge": "duplicate"})
    assert response.status_code == 302
    draft = Draft.objects.get(applicant=citizen, case=None)
    item = draft.item
    form = {n: str(v) for n, v in valid_form(item).items()} | draft.form_data
    drafts.save(applicant=citizen, draft_id=draft.pk, form=form, uploads=valid_uploads(item))
    review = client.get(f"/drafts/{draft.pk}/review/").content.decode()
    assert first.number in review
    assert 'id="acknowledge-duplicate"' in review

    refused = client.post(f"/drafts/{draft.pk}/submit/")
    assert refused.status_code == 200
    assert 'href="#acknowledge-duplicate"' in refused.content.decode()
    assert Case.objects.filter(applicant=citizen).count() == 1
    done = client.post(f"/drafts/{draft.pk}/submit/", {"acknowledge": "duplicate"})
    assert done.status_code == 302
    assert Case.objects.filter(applicant=citizen).count() == 2

    # Another citizen applying for the same service is told nothing of it.
    stranger = signed_in(CitizenFactory())
    assert stranger.get(f"/services/{SINGLE}/apply/").status_code == 302


def test_a_married_person_cannot_start_a_marriage_registration(citizen, grants):
    registry_services.save_person(
        citizen.id_number, citizen.real_name, marital_status=MaritalStatus.MARRIED
    )
    client = signed_in(citizen)
    html = client.get(f"/services/{MARRIAGE}/apply/").content.decode()
    assert zh("This application cannot succeed") in html
    assert 'name="acknowledge"' not in html
    forced = client.post(f"/services/{MARRIAGE}/apply/", {"acknowledge": "married"})
    assert forced.status_code == 200
    assert not Draft.objects.filter(applicant=citizen).exists()


def test_errors_listed_away_from_their_fields_name_the_field():
    from onewindow.cases import application

    item = ServiceItem.objects.get(code=ASSISTANCE)
    errors = {"form.phone": ["x"], "reason": ["y"]}
    assert application.titled(item, errors)["form.phone"] == [
        zh("%(label)s: %(message)s")
        % {
            "label": "联系电话",
            "message": "x",
        }
    ]
    assert application.titled(item, errors)["reason"] == ["y"]
