"""Disclosure search: jieba words in the database's full-text engine, title and document
number above the text, exact and prefix matches first, filters, marked snippets, paging, and
the public API (400 naming a bad parameter)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.disclosure import search
from onewindow.disclosure.models import Validity
from onewindow.disclosure.vocab import Category
from tests.disclosure import factories

pytestmark = pytest.mark.django_db


def ids(query, filters=None, **kwargs):
    return search.search(query, filters or search.Filters(), **kwargs).ids


def test_a_title_match_ranks_above_a_body_match(agencies):
    scjg, _ = agencies
    body = factories.published(scjg, title="工作动态", body="本月开展了食品安全抽检工作。" * 3)
    title = factories.published(scjg, title="食品安全抽检结果公告", body="见附件。")
    assert ids("食品安全抽检")[:2] == [title.pk, body.pk]


def test_a_document_number_finds_its_document_first(agencies):
    scjg, _ = agencies
    factories.published(scjg, title="关于穗市监规字的说明", body="穗市监规字〔2026〕5号的解读")
    doc = factories.published(scjg, title="某某规定", number="穗市监规字〔2026〕5号")
    assert ids("穗市监规字〔2026〕5号")[0] == doc.pk
    assert ids(doc.index_number)[0] == doc.pk


def test_an_exact_title_comes_before_a_prefix_and_a_prefix_before_the_rest(agencies):
    scjg, _ = agencies
    other = factories.published(scjg, title="关于修订食品安全管理办法的通知")
    prefix = factories.published(scjg, title="食品安全管理办法实施细则")
    exact = factories.published(scjg, title="食品安全管理办法")
    assert ids("食品安全管理办法") == [exact.pk, prefix.pk, other.pk]


def test_filters_narrow_by_agency_category_year_and_validity(agencies):
    scjg, mz = agencies
    a = factories.published(scjg, title="养老服务补贴规定", category=Category.RULES)
    b = factories.published(mz, title="养老服务补贴规定（民政）", category=Category.SOCIAL)
    c = factories.published(
        mz,
        title="养老服务补贴旧规定",
        category=Category.SOCIAL,
        published_at=timezone.make_aware(datetime(2024, 6, 1, 9)),
    )
    factories.repeal(c, on=datetime(2025, 1, 1).date())
    assert set(ids("养老服务补贴")) == {a.pk, b.pk, c.pk}
    assert set(ids("养老服务补贴", search.Filters(agency_id=mz.pk))) == {b.pk, c.pk}
    assert set(ids("养老服务补贴", search.Filters(category=Category.SOCIAL))) == {b.pk, c.pk}
    assert ids("养老服务补贴", search.Filters(year=2024)) == [c.pk]
    assert ids("养老服务补贴", search.Filters(validity=Validity.REPEALED)) == [c.pk]
    assert ids("", search.Filters(agency_id=scjg.pk)) == [a.pk]  # no words: the newest


def test_results_page_marks_the_words_and_pages(client, agencies):
    scjg, _ = agencies
    for n in range(23):
        factories.published(scjg, title=f"第{n}号消防安全检查结果公示", body="消防安全<检查>合格。")
    page = client.get(reverse("portal:disclosure-search"), {"q": "消防安全"}).content.decode()
    assert "<mark>消防安全</mark>" in page
    assert "&lt;检查&gt;" in page  # the text is escaped around the marks
    assert "23" in page
    assert 'rel="next"' in page
    second = client.get(reverse("portal:disclosure-search"), {"q": "消防安全", "page": 2})
    assert second.content.decode().count("<mark>消防安全</mark>") >= 3
    assert 'rel="prev"' in second.content.decode()


def test_bad_search_input_is_refused_naming_the_field(client, agencies):
    response = client.get(reverse("portal:disclosure-search"), {"q": "x", "category": "nope"})
    assert response.status_code == 400
    assert 'id="id_category_error"' in response.content.decode()
    response = client.get(reverse("portal:disclosure-search"), {"page": "0"})
    assert response.status_code == 400
    assert 'id="id_page_error"' in response.content.decode()


def test_an_unpublished_document_leaves_the_index(agencies):
    scjg, _ = agencies
    doc = factories.published(scjg, title="将被撤回的公告")
    assert ids("撤回") == [doc.pk]
    doc.status = "returned"
    doc.save()
    search.index_document(doc)
    assert ids("撤回") == []


def test_the_reindex_command_rebuilds_the_index(agencies, capsys):
    scjg, _ = agencies
    doc = factories.published(scjg, title="重建索引测试公告")
    search.index_documents([])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM disclosure_search")
    assert ids("重建索引") == []
    call_command("disclosure_reindex")
    assert ids("重建索引") == [doc.pk]
    assert "indexed 1" in capsys.readouterr().out


@settings(max_examples=40)
@given(st.text(max_size=60))
def test_any_query_text_is_answered_never_raises(query):
    found = search.search(query, search.Filters())
    assert found.total >= 0
    assert "<script" not in search.snippet("<script>" + query, ["script"])


def test_the_api_searches_anonymously(client, agencies):
    scjg, _ = agencies
    doc = factories.published(scjg, title="政府采购意向公开", category=Category.PROCUREMENT)
    response = client.get("/api/v1/disclosure/search/", {"q": "政府采购", "agency": scjg.code})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["index_number"] == doc.index_number
    assert "<mark>" in body["results"][0]["snippet"]
    assert body["results"][0]["url"].endswith(f"/disclosure/documents/{doc.index_number}/")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "nope"}, "category"),
        ({"year": "abc"}, "year"),
        ({"validity": "x"}, "validity"),
        ({"agency": "NOPE"}, "agency"),
        ({"limit": "1000"}, "limit"),
    ],
)
def test_the_api_refuses_bad_parameters_naming_them(client, agencies, params, field):
    response = client.get("/api/v1/disclosure/search/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_search_api_is_in_the_schema(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/disclosure/search/" in schema
