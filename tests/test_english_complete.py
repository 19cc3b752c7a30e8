"""English complete: with English active, no Chinese shows in <main> outside lang="zh" text."""

import re

import pytest
from lxml import html as lxml_html

from onewindow.cases import services
from onewindow.catalog.models import ServiceItem
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

pytestmark = pytest.mark.django_db

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
