"""The inbox: intake and review work of the user's departments merged oldest due first,
paged by key (pages never overlap, forwards and back), filtered by service, status and
due date, and a constant number of queries per page."""

import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from onewindow.accounts import services as account_services
from onewindow.accounts.models import Department, Role
from onewindow.cases.models import Case, ReviewTask, Status, TaskStatus
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import INSPECTION, PARALLEL
from tests.cases.test_single_department_lifecycle import at
from tests.factories import PASSWORD
from tests.workbench.conftest import SCJG, XF, case_links, signed_in, text

TODAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
_numbers = iter(range(1, 10_000))


def make_case(item, applicant, status, **dates) -> Case:
    return Case.objects.create(
        number=f"440100-20261102-{next(_numbers):05d}",
        division_code="440100",
        item=item,
        applicant=applicant,
        lead_department=item.lead_department,
        status=status,
        workflow_state="{}",
        submitted_at=NOW,
        received_on=TODAY,
        **dates,
    )


def make_task(item, applicant, department, due, status=TaskStatus.OPEN) -> ReviewTask:
    case = make_case(item, applicant, Status.IN_REVIEW, promised_due=due)
    return ReviewTask.objects.create(
        case=case,
        division_code="440100",
        department=department,
        stage="review",
        workflow_task=str(uuid.uuid4()),
        status=status,
        opened_at=NOW,
        due_on=due,
    )


@pytest.fixture
def desk(staff, enterprise, settings):
    """A clerk and reviewer of market regulation with 30 pieces of work, and others' work."""
    settings.ONEWINDOW_WORKBENCH_PAGE_SIZE = 7
    official = account_services.create_official(
        username="amr-desk", password=PASSWORD, real_name="何多岗"
    )
    scjg, xf = Department.objects.get(code=SCJG), Department.objects.get(code=XF)
    for role in (Role.WINDOW_CLERK, Role.REVIEWER):
        account_services.assign_role(user=official, department=scjg, role=role)
    food, production = (ServiceItem.objects.get(code=c) for c in (PARALLEL, INSPECTION))
    expected = []  # (due, kind, id, number): the order the inbox must show
    for i in range(22):
        item = production if i % 6 == 0 else food
        task = make_task(item, enterprise, scjg, TODAY + timedelta(days=1 + i % 5))
        expected.append((task.due_on, "review", task.pk, task.case.number))
    for i in range(3):
        task = make_task(food, enterprise, scjg, TODAY + timedelta(days=2 + i), TaskStatus.WAITING)
        expected.append((task.due_on, "waiting", task.pk, task.case.number))
    for i in range(5):
        case = make_case(food, enterprise, Status.SUBMITTED, intake_due=TODAY + timedelta(days=i))
        expected.append((case.intake_due, "intake", case.pk, case.number))
    # Work of another department and a closed task: never in this inbox.
    make_task(food, enterprise, xf, TODAY)
    make_task(food, enterprise, scjg, TODAY, TaskStatus.APPROVED)
    expected.sort()
    return official, expected


def pages(client, url: str, rel: str, visited: list | None = None) -> list[list[str]]:
    """Follow the ``rel`` links from ``url``; the case numbers of each page."""
    found = []
    while url:
        if visited is not None:
            visited.append(url)
        with at(TODAY):
            page = text(client.get(url))
        found.append(case_links(page))
        link = re.search(rf'<a class="wb-pager-link" href="([^"]+)" rel="{rel}"', page)
        url = link.group(1) if link else None
    return found


@pytest.mark.django_db
def test_pages_follow_the_due_date_never_overlap_and_go_back_the_same_way(desk):
    official, expected = desk
    client = signed_in(official)
    urls: list[str] = []
    forward = pages(client, "/workbench/", "next", urls)
    assert [len(p) for p in forward] == [7, 7, 7, 7, 2]
    assert [n for page in forward for n in page] == [row[3] for row in expected]
    # Each link carries the key of the row to seek from, never an offset.
    last = expected[27]
    assert urls[-1] == f"/workbench/?after={last[0].isoformat()}.{last[1]}.{last[2]}"

    # From the last page back to the first through the "previous page" links.
    backward = pages(client, urls[-1], "prev")
    assert list(reversed(backward)) == forward
    assert 'rel="prev"' not in text(client.get("/workbench/"))


@pytest.mark.django_db
def test_every_page_costs_the_same_few_queries(desk):
    official, expected = desk
    client = signed_in(official)
    client.get("/workbench/")  # the session is loaded once
    counts = []
    for due, kind, pk, _number in (expected[6], expected[20]):
        with CaptureQueriesContext(connection) as queries:
            page = text(client.get(f"/workbench/?after={due.isoformat()}.{kind}.{pk}"))
        assert len(case_links(page)) == 7
        counts.append(len(queries))
    # Session and user, roles, one narrow query per source (5), one per table on the page:
    # never one per row.
    assert max(counts) <= 11


@pytest.mark.django_db
def test_filters_by_service_status_and_due_date(desk):
    official, expected = desk
    client = signed_in(official)
    production = {
        row[3] for row in expected if Case.objects.get(number=row[3]).item.code == INSPECTION
    }
    with at(TODAY):
        by_code = case_links(text(client.get(f"/workbench/?service={INSPECTION}")))
        by_name = case_links(text(client.get("/workbench/?service=食品生产")))
        intake = case_links(text(client.get("/workbench/?status=intake")))
        waiting = case_links(text(client.get("/workbench/?status=waiting")))
        soon = pages(client, "/workbench/?due_within=1", "next")
    assert set(by_code) == set(by_name) == production
    assert intake == [row[3] for row in expected if row[1] == "intake"]
    assert waiting == [row[3] for row in expected if row[1] == "waiting"]
    assert [n for page in soon for n in page] == [
        row[3] for row in expected if row[0] <= TODAY + timedelta(days=1)
    ]


@pytest.mark.django_db
def test_paging_keeps_the_filters(desk):
    official, expected = desk
    client = signed_in(official)
    with at(TODAY):
        reviews = pages(client, "/workbench/?status=review", "next")
    assert [n for page in reviews for n in page] == [r[3] for r in expected if r[1] == "review"]


@pytest.mark.django_db
def test_invalid_filters_and_page_links_are_explained_in_chinese(desk):
    official, _expected = desk
    client = signed_in(official)
    page = text(client.get("/workbench/?due_within=400&status=nonsense"))
    assert case_links(page) == []
    with translation.override("zh-hans"):
        too_many = translation.gettext(
            "Ensure this value is less than or equal to %(limit_value)s."
        ) % {"limit_value": 365}
    assert too_many in page
    assert "nonsense" in page  # Django's "Select a valid choice. nonsense is not one …"
    broken = text(client.get("/workbench/?after=yesterday"))
    with translation.override("zh-hans"):
        assert (
            translation.gettext("This page link is not valid; start again from the first page.")
            in broken
        )


@pytest.mark.django_db
def test_htmx_gets_only_the_results_region(desk):
    official, expected = desk
    response = signed_in(official).get("/workbench/?status=intake", HTTP_HX_REQUEST="true")
    page = text(response)
    assert "<html" not in page
    assert page.lstrip().startswith('<section id="inbox-results"')
    assert case_links(page) == [row[3] for row in expected if row[1] == "intake"]
    assert "HX-Request" in response["Vary"]
