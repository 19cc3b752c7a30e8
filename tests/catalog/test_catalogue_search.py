"""Chinese full-text search finds the right services first, on SQLite and PostgreSQL alike."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.catalog import search
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.selectors import find_items
from onewindow.catalog.vocabulary import Domain, LifeEvent, Pattern


def names(items, n=3):
    return [item.name for item in items[:n]]


def test_business_licence_finds_the_services_that_issue_or_change_it_first(catalogue):
    results = find_items(q="营业执照")
    top = results[0]
    assert "营业执照" in top.name or (
        top.output_certificate and top.output_certificate.code == "business_licence"
    ), names(results)
    assert top.domain == Domain.BUSINESS_STARTUP, names(results)


def test_marriage_registration_finds_marriage_registration_first(catalogue):
    results = find_items(q="结婚登记")
    assert "结婚登记" in results[0].name, names(results)
    assert results[0].domain == Domain.MARRIAGE


def test_talent_finds_the_talent_programme_first(catalogue):
    results = find_items(q="人才")
    assert results[0].process.pattern == Pattern.TALENT_CERTIFICATION, names(results)
    benefits = set(results[0].process_parameters["benefits"])
    assert benefits <= {item.code for item in results[:8]}, names(results, 8)


def test_a_service_is_found_by_its_materials(catalogue):
    listing = ServiceItem.objects.filter(
        materials__certificate_type__code="birth_medical_certificate"
    )
    assert listing.exists()
    results = find_items(q="出生医学证明")
    assert set(listing) <= set(results)


def test_a_service_is_found_by_a_question_of_its_faq(catalogue):
    item = ServiceItem.objects.exclude(faq=[]).order_by("code").last()
    question = item.faq[0]["q"]
    assert item in find_items(q=question)[:10], question


def test_search_combines_with_filters(catalogue):
    everything = find_items(q="许可")
    filtered = find_items(q="许可", domain=Domain.ENVIRONMENT)
    assert filtered
    assert len(filtered) < len(everything)
    assert {item.domain for item in filtered} == {Domain.ENVIRONMENT}


def test_browsing_by_life_event_and_department(catalogue):
    marriage = find_items(life_event=LifeEvent.MARRIAGE)
    assert marriage.exists()
    assert all(LifeEvent.MARRIAGE in {t.event for t in item.life_events.all()} for item in marriage)
    police = find_items(department="440100-GA")
    assert all(
        item.lead_department.code == "440100-GA"
        or "440100-GA" in {d.code for d in item.co_departments.all()}
        for item in police
    )
    # co-handled items count too: e.g. company start-up, where the police approve the seal
    assert any(item.lead_department.code != "440100-GA" for item in police)


def test_a_query_of_punctuation_or_nonsense_finds_nothing(catalogue):
    assert find_items(q="！？…") == []
    assert find_items(q="zzqxj") == []


@given(st.text(max_size=40))
def test_segmenting_never_yields_empty_or_unsafe_words(text):
    for word in search.segment(text):
        assert word
        assert '"' not in word
        assert "'" not in word
        assert " " not in word


@pytest.mark.parametrize("query", ["营业执照", "结婚登记", "人才", "公积金", "施工许可"])
def test_quoted_or_hostile_queries_are_handled_as_text(catalogue, query):
    hostile = f"{query}' \" ); -- * ^ NEAR("
    assert find_items(q=hostile)[0].pk == find_items(q=query)[0].pk
