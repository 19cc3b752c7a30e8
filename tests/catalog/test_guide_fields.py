"""The service guide carries the fields of the national standard for guides (办事指南要素):
acceptance conditions, where and when, phones, copies, result and delivery, forms and samples
as PDFs, the law with its version, and the steps the law requires in person."""

import io

import pytest
from pypdf import PdfReader

from onewindow.catalog.models import ServiceItem

PASSPORT = "440100-CRJ-XK-224"  # 普通护照签发: fingerprints in person
RESTAURANT = "440100-SCJG-XK-326"  # 开办餐饮店一件事: joint handling with its source


def test_every_item_carries_the_guide_fields(catalogue):
    for item in ServiceItem.objects.all():
        assert item.acceptance_conditions, item.code
        assert item.acceptance_conditions_en, item.code
        assert item.service_locations[0]["address"], item.code
        assert item.consultation_phone, item.code
        assert item.complaint_phone, item.code
        assert item.delivery_methods, item.code
        assert item.reviewed_on, item.code
        for material in item.materials.all():
            assert material.copies == (1 if material.source_kind == "upload" else 0), item.code


def test_the_guide_shows_conditions_place_phones_steps_and_law_version(client, catalogue):
    item = ServiceItem.objects.get(code=PASSPORT)
    html = client.get(f"/services/{PASSPORT}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert item.acceptance_conditions in html
    assert "广州市天河区华利路61号" in html
    assert "12345" in html
    assert "现场采集人像和指纹" in html
    assert "需预约" in html
    assert f"{item.legal_basis[0]['version']}" in html
    assert "1 个环节需本人到场" in html
    assert f"/services/{PASSPORT}/form-blank.pdf" in html
    assert f"/services/{PASSPORT}/form-sample.pdf" in html


def test_the_guide_in_english_shows_the_english_guide_fields(client, catalogue):
    item = ServiceItem.objects.get(code=PASSPORT)
    html = client.get(f"/services/{PASSPORT}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert item.acceptance_conditions_en.replace("'", "&#x27;") in html
    assert "61 Huali Road" in html
    assert "Appointment needed" in html
    assert "Steps in person" in html


def test_a_jointly_handled_item_shows_its_source(client, catalogue):
    html = client.get(f"/services/{RESTAURANT}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "国发〔2024〕3号" in html


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("kind", ["blank", "sample"])
def test_the_forms_are_valid_pdfs_with_the_chinese_labels(client, catalogue, kind):
    item = ServiceItem.objects.get(code=RESTAURANT)
    response = client.get(f"/services/{RESTAURANT}/form-{kind}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _text(response.content)
    assert f"{item.name}申请表" in text
    for field in item.form_schema["properties"].values():
        assert field["title"] in text
    assert ("样表" in text) == (kind == "sample")
    if kind == "sample":
        assert "餐饮服务经营者" in text  # the example value of the first choice


def test_an_unknown_form_kind_is_404(client, catalogue):
    assert client.get(f"/services/{RESTAURANT}/form-other.pdf").status_code == 404


def test_the_api_publishes_the_guide_fields(client, catalogue):
    data = client.get(f"/api/v1/services/{PASSPORT}/").json()
    assert data["acceptance_conditions"]
    assert data["in_person_steps"][0]["appointment"] is True
    assert data["locations"][0]["address"] == "广州市天河区华利路61号"
    assert data["consultation_phone"] == "12345"
    assert data["output"]["delivery"]
    assert data["forms"]["sample"] == f"/services/{PASSPORT}/form-sample.pdf"
    assert all("copies" in m for m in data["materials"])
    restaurant = client.get(f"/api/v1/services/{RESTAURANT}/").json()
    assert restaurant["joint_handling_source"]["document_number"] == "国发〔2024〕3号"
