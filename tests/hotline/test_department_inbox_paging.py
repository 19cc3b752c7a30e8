"""The department inbox (lead and co-handled tickets) in due order, paged by key: the selector,
the page's links and the API's next/previous walk the same rows, forwards and back, on SQLite
and PostgreSQL; another department sees none of them."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from onewindow.hotline import services
from onewindow.hotline.inbox import Key, department_inbox, inbox_count
from tests.hotline.helpers import at, co_dispatched, handled


def co_handled(w):
    """A ticket led by 交通 with 城管 co-handling it (accepted)."""
    ticket = co_dispatched(w, lead="440100-JT", co="440100-CG", title="公交站牌损坏")
    return services.accept_dispatch(number=ticket.number, actor=w.handler)


@pytest.fixture
def inbox(world):
    """Seven tickets for 城管 over a week, lead and co-handled interleaved, due on different
    days; returned in due order."""
    made = []
    for day, make in enumerate((handled, co_handled, handled, co_handled, handled, handled)):
        with at(2026, 3, 2 + day):
            made.append(make(world))
    with at(2026, 3, 1):  # received first, due first
        made.append(co_handled(world))
    made.sort(key=lambda t: (t.due_at, t.received_at, t.pk))
    return [t.number for t in made]


def walk(user, size, **filters):
    """Every page forwards, then back again from the last one."""
    pages = [department_inbox(user, size=size, **filters)]
    while pages[-1].next_key:
        pages.append(department_inbox(user, size=size, after=pages[-1].next_key, **filters))
    back = [pages[-1]]
    while back[-1].previous_key:
        back.append(department_inbox(user, size=size, before=back[-1].previous_key, **filters))
    return [[t.number for t in p.rows] for p in pages], [[t.number for t in p.rows] for p in back]


def test_lead_and_co_handled_tickets_come_in_due_order_across_pages(world, inbox):
    forwards, backwards = walk(world.handler, size=3)
    assert forwards == [inbox[0:3], inbox[3:6], inbox[6:7]]
    assert backwards == [inbox[6:7], inbox[3:6], inbox[0:3]]
    assert inbox_count(world.handler) == 7
    assert inbox_count(world.handler, cap=4) == 5  # the badge stops counting


def test_tickets_without_a_due_time_come_last_and_page_both_ways(world, inbox):
    from onewindow.hotline.models import Ticket

    undated = inbox[1:3]  # one led, one co-handled: their clocks not (yet) in the ticket
    Ticket.objects.filter(number__in=undated).update(due_at=None)
    expected = [n for n in inbox if n not in undated] + sorted(
        undated, key=lambda n: Ticket.objects.get(number=n).received_at
    )
    forwards, backwards = walk(world.handler, size=2)
    assert [n for page in forwards for n in page] == expected
    assert [n for page in reversed(backwards) for n in page] == expected


def test_a_co_handler_sees_only_its_co_handled_tickets_and_another_department_none(world, inbox):
    mine = department_inbox(world.transport)  # leads the three co-handled ones
    assert [t.number for t in mine.rows] == [n for n in inbox if n in {t.number for t in mine.rows}]
    assert len(mine.rows) == 3
    assert all(t.lead_department.code == "440100-JT" for t in mine.rows)
    assert department_inbox(world.market).rows == []
    assert inbox_count(world.market) == 0


def test_the_page_links_walk_the_inbox_by_key(client, world, inbox):
    client.force_login(world.handler)
    url, seen = reverse("workbench:hotline-inbox") + "?kind=help", []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = response.context["page"]
        seen.extend(t.number for t in page.rows)
        assert response.context["count"] == 7
        assert "7件工单" in response.content.decode()  # the heading counts the whole inbox
        url = response.context["links"].get("next")
        if url:
            assert "kind=help" in url  # the filters go with the key
            url = reverse("workbench:hotline-inbox") + url
    assert seen == inbox  # one page of 50


def test_the_page_links_carry_keys_and_a_bad_key_starts_again(client, world, inbox):
    from onewindow.workbench import hotline_views

    client.force_login(world.handler)
    base = reverse("workbench:hotline-inbox")
    original, hotline_views.PAGE = hotline_views.PAGE, 4
    try:
        first = client.get(base)
        assert [t.number for t in first.context["page"].rows] == inbox[:4]
        following = first.context["links"]["next"]
        assert "after=" in following
        second = client.get(base + following)
        assert [t.number for t in second.context["page"].rows] == inbox[4:]
        assert 'rel="prev"' in second.content.decode()
        back = client.get(base + second.context["links"]["previous"])
        assert [t.number for t in back.context["page"].rows] == inbox[:4]
        broken = client.get(base + "?after=yesterday")
        assert broken.status_code == 200
        assert [t.number for t in broken.context["page"].rows] == inbox[:4]
        assert any("not valid" in str(m) or "无效" in str(m) for m in broken.context["messages"])
    finally:
        hotline_views.PAGE = original


def test_the_api_pages_the_department_queue_by_key(client, world, inbox):
    client.force_login(world.handler)
    url = "/api/v1/hotline/tickets/" + "?queue=department&limit=3"
    seen = []
    while url:
        body = client.get(url).json()
        assert body["count"] == 7
        seen.extend(row["number"] for row in body["results"])
        url = body["next"]
        if url:
            assert parse_qs(urlsplit(url).query)["queue"] == ["department"]
    assert seen == inbox
    first = client.get("/api/v1/hotline/tickets/" + "?queue=department&limit=3").json()
    second = client.get(first["next"]).json()
    assert [row["number"] for row in second["results"]] == inbox[3:6]
    again = client.get(second["previous"]).json()
    assert [row["number"] for row in again["results"]] == inbox[:3]
    bad = client.get("/api/v1/hotline/tickets/" + "?queue=department&after=x.y.z")
    assert bad.status_code == 400
    assert "after" in bad.json()
    client.force_login(world.market)
    assert client.get("/api/v1/hotline/tickets/" + "?queue=department").json()["count"] == 0


moments = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
)


@given(due=st.none() | moments, received=moments, pk=st.integers(1, 2**62))
def test_a_key_reads_back_what_it_wrote(due, received, pk):
    key = Key(due, received, pk)
    assert Key.parse(str(key)) == key


@given(text=st.text(max_size=40))
def test_a_malformed_key_is_refused_not_raised(text):
    key = Key.parse(text)
    assert key is None or key.id > 0


def test_keys_beyond_the_database_are_refused():
    assert Key.parse("1.1.9223372036854775808") is None  # past bigint
    assert Key.parse("99999999999999999999.1.1") is None  # past year 9999
    assert Key.parse("-.1.0") is None
    assert Key.parse("-.1.1") == Key(None, datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC), 1)
