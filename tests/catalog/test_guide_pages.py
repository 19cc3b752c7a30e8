"""Service guide pages (办事指南) and the catalogue pages over HTTP, in Chinese and English."""

import pytest
from lxml import etree

from onewindow.catalog.models import ServiceItem


@pytest.fixture
def parallel_item(catalogue):
    return ServiceItem.objects.filter(process__pattern="parallel_review").first()


def test_the_guide_shows_materials_limits_fee_law_and_departments(client, parallel_item):
    item = parallel_item
    html = client.get(f"/services/{item.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert item.name in html
    assert item.lead_department.name in html
    for department in item.co_departments.all():
        assert department.name in html
    for material in item.materials.all():
        assert material.name in html
    assert item.legal_basis[0]["law"] in html
    assert "法定办结时限" in html
    assert "承诺办结时限" in html
    assert f'data-src="/services/{item.code}/process.bpmn"' in html


def test_a_material_from_a_certificate_is_marked_no_need_to_submit(client, catalogue):
    item = ServiceItem.objects.filter(materials__source_kind="certificate").first()
    material = item.materials.filter(source_kind="certificate").first()
    html = client.get(f"/services/{item.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "免提交" in html
    assert material.certificate_type.name in html


def test_the_guide_in_english_uses_the_english_content(client, parallel_item):
    html = client.get(
        f"/services/{parallel_item.code}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert parallel_item.name_en in html
    assert "Statutory time limit" in html
    assert "Materials" in html


def test_the_diagram_is_bpmn_with_labels_in_the_active_language(client, parallel_item):
    url = f"/services/{parallel_item.code}/process.bpmn"
    english = etree.fromstring(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)
    chinese = etree.fromstring(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content)
    xpath = "//*[@id='department_reviews']/@name"
    assert english.xpath(xpath) == ["Parallel review by each department"]
    assert chinese.xpath(xpath) != english.xpath(xpath)


def test_unknown_and_withdrawn_guides_are_404(client, catalogue):
    assert client.get("/services/NOPE/").status_code == 404
    item = ServiceItem.objects.first()
    ServiceItem.objects.filter(pk=item.pk).update(published=False)
    assert client.get(f"/services/{item.code}/").status_code == 404
    assert client.get(f"/services/{item.code}/process.bpmn").status_code == 404


def test_the_catalogue_page_browses_and_searches(client, catalogue):
    home = client.get("/services/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "婚姻登记" in home
    assert "人才服务" in home
    found = client.get("/services/", {"q": "结婚登记"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "内地居民结婚登记" in found.content.decode()


def test_a_bad_filter_value_is_an_error_on_the_page_not_a_crash(client, catalogue):
    response = client.get("/services/", {"domain": "astrology"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
