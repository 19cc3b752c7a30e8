"""English complete: with English active, no Chinese shows in <main> outside lang="zh" text."""

import re

import pytest
from lxml import html as lxml_html

from onewindow.accounts.models import Department
from onewindow.cases import services
from onewindow.catalog.english import article_en
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.reading import DATA_DIR, read_catalogue
from tests.cases.conftest import (  # noqa: F401
    PARALLEL,
    SINGLE,
    Staff,
    _media,
    valid_form,
    valid_uploads,
)
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.workbench.conftest import signed_in

# CI runs it once, on PostgreSQL: the English pages are the same on either database.
pytestmark = [pytest.mark.django_db, pytest.mark.once]

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")


def chinese_outside_zh(page: str) -> list[str]:
    """The Chinese text in <main> that is not inside an element marked lang="zh…"."""
    tree = lxml_html.fromstring(page)
    mains = tree.xpath("//main")
    assert mains, "the page has no <main>"
    found: list[str] = []

    def walk(element, chinese: bool) -> None:
        lang = (element.get("lang") or "").lower() if isinstance(element.tag, str) else ""
        if lang:
            chinese = lang.startswith("zh")
        if isinstance(element.tag, str) and element.tag in ("script", "style", "template"):
            chinese = True
        if not chinese and isinstance(element.tag, str):
            for attribute in ("title", "aria-label", "placeholder", "alt"):
                value = element.get(attribute) or ""
                if HAN.search(value):
                    found.append(f"@{attribute}: {value.strip()[:80]}")
            if element.text and HAN.search(element.text):
                found.append(element.text.strip()[:80])
        for child in element:
            walk(child, chinese)
            if not chinese and child.tail and HAN.search(child.tail):
                found.append(child.tail.strip()[:80])

    for main in mains:
        walk(main, False)
    return found


def english(client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_guide_in_english_shows_no_chinese(client, catalogue):
    problems = {}
    for item in ServiceItem.objects.filter(published=True):
        found = chinese_outside_zh(english(client, f"/services/{item.code}/"))
        if found:
            problems[item.code] = found
    assert problems == {}


def test_home_and_search_results_in_english_show_no_chinese(client, catalogue):
    assert chinese_outside_zh(english(client, "/")) == []
    for query in ("marriage", "food", "ID card", "business"):
        assert chinese_outside_zh(english(client, f"/services/?q={query}")) == [], query
    assert chinese_outside_zh(english(client, "/services/")) == []


@pytest.mark.parametrize("code", [PARALLEL, "440100-GA-QR-101", SINGLE])
def test_the_application_form_in_english_shows_no_chinese(catalogue, code):
    item = ServiceItem.objects.get(code=code)
    applicant = EnterpriseFactory() if item.applicant == "enterprise" else CitizenFactory()
    client = signed_in(applicant)
    client.cookies["django_language"] = "en"
    response = client.get(f"/services/{code}/apply/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    assert chinese_outside_zh(response.content.decode()) == []


@pytest.fixture
def restaurant_case(catalogue):
    """The restaurant one-stop (market regulation, fire service and city management)."""
    item = ServiceItem.objects.get(code=PARALLEL)
    enterprise = EnterpriseFactory()
    return services.submit(
        applicant=enterprise,
        item_code=PARALLEL,
        form=valid_form(item),
        uploads=valid_uploads(item),
    )


def test_the_citizen_and_workbench_case_pages_in_english_show_no_chinese(settings, restaurant_case):
    settings.ONEWINDOW_REQUIRE_OTP = False
    staff = Staff()
    enterprise = restaurant_case.applicant
    number = restaurant_case.number
    services.accept(number=number, actor=staff.clerk("440100-SCJG"))
    assert chinese_outside_zh(english(signed_in(enterprise), f"/my/cases/{number}/")) == []
    assert chinese_outside_zh(english(signed_in(enterprise), "/my/cases/")) == []
    reviewer = signed_in(staff.reviewer("440100-SCJG"))
    assert chinese_outside_zh(english(reviewer, f"/workbench/cases/{number}/")) == []
    assert chinese_outside_zh(english(reviewer, "/workbench/")) == []


PLACES = {"440100-WJ-GG-111": "440106013"}  # a street-level service: Liede Subdistrict


def test_a_citizen_case_with_registry_extracts_in_english_shows_no_chinese(settings, catalogue):
    """Birth, childbirth and household registration: the registries answer with the couple's own data (names in
    Chinese, marked lang="zh-Hans"); everything else on the page is English."""
    settings.ONEWINDOW_REQUIRE_OTP = False
    citizen = CitizenFactory()
    shown = []
    for code in ("440100-GA-QR-101", "440100-WJ-GG-111", "440100-GA-QR-102"):
        item = ServiceItem.objects.get(code=code)
        case = services.submit(
            applicant=citizen,
            item_code=code,
            form=valid_form(item),
            uploads=valid_uploads(item),
            place=PLACES.get(code, ""),
        )
        page = english(signed_in(citizen), f"/my/cases/{case.number}/")
        shown.append("registry-answer" in page)
        assert chinese_outside_zh(page) == [], code
    assert any(shown)


def test_every_catalogue_entry_has_its_english(catalogue):
    """The loader's data: every item, material, form field and option, and law in English."""
    codes = set(Department.objects.values_list("code", flat=True))
    catalogue = read_catalogue(DATA_DIR, codes)
    assert catalogue.items
    for item in catalogue.items:
        where = item["code"]
        assert item.get("name_en"), where
        assert item.get("summary_en") or not item.get("summary"), where
        for material in item["materials"]:
            assert material.get("name_en"), (where, material["key"])
            assert material.get("condition_en") or not material.get("condition"), where
        for name, field in item["form"].get("properties", {}).items():
            assert field.get("title_en"), (where, name)
            assert not field.get("description") or field.get("description_en"), (where, name)
            if "enum" in field:
                assert len(field.get("enum_en") or []) == len(field["enum"]), (where, name)
                assert all(HAN.search(label) is None for label in field["enum_en"]), (where, name)
        fee = item.get("fee")
        if isinstance(fee, dict):
            assert fee.get("basis_en"), where
        for basis in item["legal_basis"]:
            english_article = basis.get("article_en") or article_en(basis.get("article", ""))
            assert english_article or not basis.get("article"), (where, basis)
        source = item.get("joint_handling_source")
        if source:
            assert source.get("title_en"), where
            assert source.get("issuer_en"), where
        output = item.get("output") or {}
        assert not output.get("description") or output.get("description_en"), where
    for law in catalogue.laws:
        assert law["name_en"], law["name"]
        assert HAN.search(law["name_en"]) is None, law["name"]


def test_every_department_division_and_certificate_type_has_its_english(catalogue):
    from onewindow.catalog.models import CertificateType
    from onewindow.core.models import Division

    assert not Department.objects.filter(name_en="").exists()
    assert not Division.objects.filter(name_en="").exists()
    for certificate in CertificateType.objects.all():
        assert certificate.name_en, certificate.code
        for entry in certificate.fields:
            assert entry.get("title_en"), (certificate.code, entry.get("key"))
