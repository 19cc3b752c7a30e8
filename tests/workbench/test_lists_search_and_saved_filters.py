"""The workbench's lists besides the inbox: 已办 lists the cases I acted on, the search finds a
case by number, applicant or service within my departments' cases, saved searches are mine,
and each tab shows its count."""

import re
from datetime import date

import pytest

from onewindow.accounts.models import SavedFilter
from onewindow.cases import services
from onewindow.catalog.models import ServiceItem
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import zh
from tests.workbench.conftest import PARALLEL, SCJG, case_links, signed_in, submit_parallel, text


@pytest.fixture
def two_cases(staff, enterprise):
    """Two applications; the market regulation clerk accepted the first one only."""
    first = submit_parallel(enterprise, date(2026, 11, 2))
    second = submit_parallel(enterprise, date(2026, 11, 3))
    with at(date(2026, 11, 3)):
        services.accept(number=first.number, actor=staff.clerk(SCJG))
    return first, second


@pytest.mark.django_db
def test_done_lists_only_the_cases_i_acted_on(staff, two_cases):
    first, _second = two_cases
    page = text(signed_in(staff.clerk(SCJG)).get("/workbench/done/"))
    assert case_links(page) == [first.number]
    # A reviewer of the same department who did nothing has done nothing.
    assert case_links(text(signed_in(staff.reviewer(SCJG)).get("/workbench/done/"))) == []


@pytest.mark.django_db
def test_search_finds_a_case_by_number_applicant_or_service(staff, enterprise, two_cases):
    first, second = two_cases
    client = signed_in(staff.reviewer(SCJG))
    item = ServiceItem.objects.get(code=PARALLEL)

    def found(query: str) -> list[str]:
        response = client.get("/workbench/search/", query)
        assert response.status_code == 200
        return case_links(text(response))

    assert found({"q": first.number}) == [first.number]
    assert first.number in found({"q": first.number[:-2]})  # the start of a number
    newest_first = [second.number, first.number]
    assert found({"q": enterprise.enterprise_name}) == newest_first
    assert found({"q": enterprise.phone}) == newest_first  # exact, through the blind index
    assert found({"q": enterprise.phone[:7]}) == []  # a phone is never matched by a part
    assert found({"q": PARALLEL}) == newest_first
    assert found({"q": item.name[:4]}) == newest_first
    assert found({"q": first.number, "status": "submitted"}) == []
    assert found({"status": "in_review"}) == [first.number]
    assert found({"submitted_from": "2026-11-03", "submitted_to": "2026-11-03"}) == [second.number]
    assert found({"q": "没有这样的办件"}) == []


@pytest.mark.django_db
def test_search_pages_by_key(staff, enterprise, settings):
    settings.ONEWINDOW_WORKBENCH_PAGE_SIZE = 2
    numbers = [submit_parallel(enterprise).number for _ in range(3)]
    client = signed_in(staff.clerk(SCJG))
    first = text(client.get("/workbench/search/", {"q": PARALLEL}))
    assert case_links(first) == numbers[::-1][:2]
    after = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = text(client.get(after.replace("&amp;", "&")))
    assert case_links(second) == [numbers[0]]


@pytest.mark.django_db
def test_another_department_finds_and_has_done_nothing(staff, enterprise, two_cases):
    first, _second = two_cases
    other = signed_in(staff.clerk("440100-MZ"))
    assert case_links(text(other.get("/workbench/search/", {"q": first.number}))) == []
    assert case_links(text(other.get("/workbench/search/", {"q": PARALLEL}))) == []
    assert case_links(text(other.get("/workbench/done/"))) == []


@pytest.mark.django_db
def test_bad_filters_are_named_and_show_nothing(staff, two_cases):
    client = signed_in(staff.clerk(SCJG))
    page = text(
        client.get(
            "/workbench/search/",
            {"q": "x", "submitted_from": "2026-11-05", "submitted_to": "2026-11-01"},
        )
    )
    assert zh("The end of the period is before its start.") in page
    assert case_links(page) == []
    assert zh("This page link is not valid; start again from the first page.") in text(
        client.get("/workbench/done/?after=abc")
    )


@pytest.mark.django_db
def test_saved_searches_are_kept_per_official(staff, two_cases):
    _first, _second = two_cases
    clerk = staff.clerk(SCJG)
    client = signed_in(clerk)
    response = client.post(
        "/workbench/search/saved/", {"name": "受理中", "query": "status=in_review"}
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=clerk)
    page = text(client.get("/workbench/search/"))
    assert "受理中" in page
    assert "/workbench/search/?status=in_review" in page

    other = signed_in(staff.reviewer(SCJG))
    assert "受理中" not in text(other.get("/workbench/search/"))
    assert other.post(f"/workbench/search/saved/{saved.pk}/delete/").status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    assert client.post(f"/workbench/search/saved/{saved.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.exists()


@pytest.mark.django_db
def test_each_tab_shows_its_count(staff, two_cases):
    with at(date(2026, 11, 3)):
        page = text(signed_in(staff.clerk(SCJG)).get("/workbench/"))
    # The clerk: one case to accept (the second), one acted on (the first).
    tabs = page.split('class="wb-tabs"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'wb-tab-count">([^<]+)<', tabs) == ["1", "1"]


@pytest.mark.django_db
def test_citizens_and_visitors_cannot_use_the_lists(client, enterprise):
    assert client.get("/workbench/search/?q=1").status_code == 302
    citizen = signed_in(enterprise)
    assert citizen.get("/workbench/search/?q=1").status_code == 403
    assert citizen.get("/workbench/done/").status_code == 403
