"""The public disclosure pages: anyone reads published documents by agency, by category and by
index number; drafts never show; a repealed rule stays, marked with its date and replacement."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from onewindow.disclosure.models import DocumentStatus
from onewindow.disclosure.vocab import Category
from tests.disclosure import factories

pytestmark = pytest.mark.django_db


def test_home_lists_every_art_20_category_with_counts_agencies_and_latest(client, agencies):
    scjg, mz = agencies
    factories.published(scjg, title="广州市食品经营许可管理办法", category=Category.RULES)
    factories.published(mz, title="2026年民政事业发展统计公报", category=Category.STATISTICS)
    factories.published(mz, title="未发布的草稿", status=DocumentStatus.DRAFT, index_number=None)
    page = client.get(reverse("portal:disclosure")).content.decode()
    for code, _label in Category.choices:
        assert reverse("portal:disclosure-category", args=[code]) in page
    assert page.count("disclosure-category") >= 0
    assert "广州市食品经营许可管理办法" in page
    assert "2026年民政事业发展统计公报" in page
    assert scjg.name in page
    assert mz.name in page
    assert "未发布的草稿" not in page


def test_the_hall_links_to_disclosure(client, db):
    assert reverse("portal:disclosure") in client.get(reverse("portal:home")).content.decode()


def test_agency_page_shows_its_guide_and_catalogue_grouped_by_category(client, agencies):
    scjg, mz = agencies
    factories.published(scjg, title="市场监管行政处罚裁量基准", category=Category.ENFORCEMENT)
    factories.published(scjg, title="2026年部门预算", category=Category.BUDGETS)
    factories.published(mz, title="民政局的文件", category=Category.BUDGETS)
    page = client.get(reverse("portal:disclosure-agency", args=[scjg.code])).content.decode()
    assert "政府信息公开办公室" in page
    assert "020-83123456" in page
    assert page.index("市场监管行政处罚裁量基准") < page.index("2026年部门预算")  # Art. 20 order
    assert "民政局的文件" not in page
    no_guide = client.get(reverse("portal:disclosure-agency", args=[mz.code])).content.decode()
    with translation.override("zh-hans"):
        assert translation.gettext("This agency has not published a disclosure guide yet.") in (
            no_guide
        )


def test_an_agency_that_discloses_nothing_or_does_not_exist_is_not_found(client, agencies):
    from tests.factories import DepartmentFactory

    silent = DepartmentFactory(code="440100-QUIET")
    assert client.get(reverse("portal:disclosure-agency", args=[silent.code])).status_code == 404
    assert client.get(reverse("portal:disclosure-agency", args=["NOPE"])).status_code == 404
    assert client.get(reverse("portal:disclosure-category", args=["nope"])).status_code == 404


def test_category_page_lists_documents_across_agencies(client, agencies):
    scjg, mz = agencies
    factories.published(scjg, title="市场监管局2026年预算", category=Category.BUDGETS)
    factories.published(mz, title="民政局2026年预算", category=Category.BUDGETS)
    factories.published(mz, title="民政局规划", category=Category.PLANS)
    page = client.get(reverse("portal:disclosure-category", args=["budgets"])).content.decode()
    assert "市场监管局2026年预算" in page
    assert "民政局2026年预算" in page
    assert "民政局规划" not in page


def test_document_page_shows_the_metadata_table(client, agencies):
    scjg, _ = agencies
    doc = factories.published(
        scjg,
        title="广州市市场监督管理局关于食品小作坊登记的规定",
        number="穗市监规字〔2026〕3号",
        valid_from=date(2026, 4, 1),
    )
    response = client.get(reverse("portal:disclosure-document", args=[doc.index_number]))
    page = response.content.decode()
    assert response.status_code == 200
    for shown in (doc.index_number, scjg.name, "穗市监规字〔2026〕3号", "2026-03-02", "2026-04-01"):
        assert shown in page


def test_a_repealed_rule_stays_marked_with_its_date_and_replacement(client, agencies):
    scjg, _ = agencies
    new = factories.published(scjg, title="食品经营许可办法（2026年修订）")
    old = factories.published(scjg, title="食品经营许可办法（2019年）")
    factories.repeal(old, on=date(2026, 5, 1), replaced_by=new)
    page = client.get(reverse("portal:disclosure-document", args=[old.index_number])).content
    page = page.decode()
    assert "2026-05-01" in page
    assert new.index_number in page
    assert "disclosure-ended" in page
    replacement = client.get(reverse("portal:disclosure-document", args=[new.index_number]))
    assert old.index_number in replacement.content.decode()  # "this document replaces"
    catalogue = client.get(reverse("portal:disclosure-agency", args=[scjg.code])).content.decode()
    assert "食品经营许可办法（2019年）" in catalogue  # never hidden


def test_a_draft_has_no_public_page(client, agencies):
    scjg, _ = agencies
    draft = factories.published(
        scjg, title="草稿", status=DocumentStatus.REVIEW, index_number="440100-SCJGX/2026-99999"
    )
    assert client.get(f"/disclosure/documents/{draft.index_number}/").status_code == 404


def test_pages_speak_english_with_english_content(client, agencies):
    scjg, _ = agencies
    doc = factories.published(scjg, title="中文标题", title_en="Food business licensing rules")
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("portal:disclosure-document", args=[doc.index_number]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Food business licensing rules" in page
    assert "Index number" in page
