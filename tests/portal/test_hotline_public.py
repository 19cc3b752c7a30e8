"""The hotline's public view: weekly statistics per department from the ledger, the published
replies and their Atom feed, for anyone without signing in, never showing who called."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from xml.etree import ElementTree

import feedparser
import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from onewindow.hotline.models import Category, Kind, Status, Ticket
from onewindow.hotline.public import Week, last_complete_week, published_replies
from onewindow.supervision import services as ledger
from tests.factories import DepartmentFactory

ATOM = "{http://www.w3.org/2005/Atom}"
WEEK = Week(2026, 47)  # Monday 16 to Sunday 22 November 2026
CALLER_NAME, CALLER_PHONE, ADDRESS = "张秘密", "13912345678", "天河路秘密小区9栋"


def at(day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(2026, 11, day, hour))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """An ended week's figures are cached; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(db):
    roads = DepartmentFactory(code="440100-TEST-CG", name="测试城管局")
    roads.name_en = "Test Urban Management Bureau"
    roads.save()
    water = DepartmentFactory(code="440100-TEST-SW", name="测试水务局")
    light = Category.objects.create(
        code="t-light", name="路灯不亮", name_en="Street light out", group="城市管理",
        department=roads, limit=5,
    )  # fmt: skip
    noise = Category.objects.create(
        code="t-noise", name="噪音扰民", name_en="Noise", group="城市管理",
        department=roads, limit=5,
    )  # fmt: skip
    leak = Category.objects.create(
        code="t-leak", name="水管漏水", name_en="Water leak", group="水务",
        department=water, limit=3,
    )  # fmt: skip
    return {"roads": roads, "water": water, "light": light, "noise": noise, "leak": leak}


_numbers = iter(range(1, 10_000))


def ticket(
    category,
    *,
    received,
    closed=None,
    due=None,
    score=None,
    public=False,
    reply="已修复，感谢您的反馈。",
    kind=Kind.COMPLAINT,
    title="路灯不亮",
):
    """A ticket and its ledger row, as the hotline's services leave them."""
    number = f"T{next(_numbers):08d}"
    status = Status.CLOSED if closed else Status.HANDLING
    made = Ticket.objects.create(
        number=number, division_code="440106", channel="web", kind=kind, category=category,
        title=title, description=f"{ADDRESS}门口{title}", address=ADDRESS,
        caller_name=CALLER_NAME, caller_phone=CALLER_PHONE, received_at=received,
        lead_department=category.department, status=status, public_allowed=public,
        reply=reply if closed else "", reply_en="Repaired, thank you." if closed else "",
        replied_at=closed, closed_at=closed, score=score,
    )  # fmt: skip
    ledger.track(
        kind="ticket", key=number, title=title, department=category.department,
        division_code="440106", started_at=received, unit="working_days", limit=category.limit,
    )  # fmt: skip
    if closed:
        ledger.close(kind="ticket", key=number, at=closed)
    return made


@pytest.fixture
def week_of_tickets(city):
    light, noise, leak = city["light"], city["noise"], city["leak"]
    # roads: 3 in this week; 2 closed this week, one of them late (5 working days from 16 Nov
    # end with 23 Nov: closed on the 24th is late)
    ticket(light, received=at(16), closed=at(18), score=5, public=True)
    ticket(light, received=at(17))
    ticket(noise, received=at(18), closed=at(20), score=2)
    ticket(light, received=at(9), closed=at(16), score=4)  # older, closed on time this week
    # water: 1 received, closed late in this week (received two weeks before: 3 working days)
    ticket(leak, received=at(19))
    ticket(leak, received=at(2), closed=at(17), score=1)
    # outside the week
    ticket(light, received=at(24), closed=at(25), score=5)
    return city


def statistics_page(client, week=str(WEEK), language="zh-hans"):
    return client.get(
        reverse("portal:hotline-statistics"), {"week": week}, HTTP_ACCEPT_LANGUAGE=language
    )


def test_statistics_show_each_department_week_from_the_ledger_without_sign_in(
    client, week_of_tickets
):
    with time_machine.travel(at(30), tick=False):
        response = statistics_page(client)
    assert response.status_code == 200
    rows = {r.code: r for r in response.context["statistics"].departments}
    roads, water = rows["440100-TEST-CG"], rows["440100-TEST-SW"]
    # received: clocks started in the week; closed: closed in the week, on time or not
    assert (roads.received, roads.closed, roads.on_time) == (3, 3, 3)
    assert (water.received, water.closed, water.on_time) == (1, 1, 0)
    assert roads.on_time_rate == 100
    assert water.on_time_rate == 0
    assert (roads.rated, roads.satisfaction) == (3, pytest.approx(11 / 3))
    assert (water.rated, water.satisfaction) == (1, 1)
    assert roads.top == [("路灯不亮", 2), ("噪音扰民", 1)]
    assert water.top == [("水管漏水", 1)]
    assert [r.code for r in response.context["statistics"].departments][:1] == ["440100-TEST-CG"]
    page = response.content.decode()
    assert "测试城管局" in page
    assert "测试水务局" in page
    assert "75.0 %" in page  # 3 of the week's 4 closed tickets on time
    chart = json.loads(
        re.search(r'id="hotline-chart-data" type="application/json">(.*?)</script>', page)[1]
    )
    assert chart["received"][:2] == [3, 1]
    assert chart["on_time_rate"][:2] == [100.0, 0.0]
    assert "vendor/echarts-6.1.0/echarts.min.js" in page
    assert "portal/js/hotline-statistics.js" in page


def test_a_late_closure_lowers_the_on_time_rate(client, city):
    # 3 working days from Monday 16 November end on Thursday 19: closing on the 23rd is late
    ticket(city["leak"], received=at(16), closed=at(23, 9))
    ticket(city["leak"], received=at(16), closed=at(17))
    statistics = statistics_page(client, "2026-W48").context["statistics"]
    (water,) = statistics.departments
    assert (water.closed, water.on_time, water.on_time_rate) == (1, 0, 0)
    statistics = statistics_page(client).context["statistics"]
    (water,) = statistics.departments
    assert (water.received, water.closed, water.on_time) == (2, 1, 1)


def test_statistics_default_to_the_last_complete_week(client, week_of_tickets):
    with time_machine.travel(at(25), tick=False):
        response = client.get(reverse("portal:hotline-statistics"))
        assert last_complete_week() == WEEK
    assert response.status_code == 200
    assert response.context["week"] == WEEK


def test_statistics_in_english_name_departments_and_categories_in_english(client, week_of_tickets):
    with time_machine.travel(at(30), tick=False):
        response = statistics_page(client, language="en")
    page = response.content.decode()
    assert "Test Urban Management Bureau" in page
    assert "Street light out (2)" in page
    assert "Week 47 of 2026" in page


def test_an_unknown_week_is_refused_with_an_error_naming_the_week(client, db):
    response = statistics_page(client, "2026-W99")
    assert response.status_code == 400
    assert "week" in response.context["form"].errors
    with translation.override("en"):
        response = statistics_page(client, "last week", language="en")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_week_without_tickets_says_so(client, week_of_tickets):
    with time_machine.travel(at(30), tick=False):
        response = statistics_page(client, "2026-W40", language="en")
    assert response.status_code == 200
    assert "No tickets were received or closed in this week." in response.content.decode()
    assert "echarts" not in response.content.decode()


def test_the_statistics_never_show_who_called(client, week_of_tickets):
    with time_machine.travel(at(30), tick=False):
        page = statistics_page(client).content.decode()
    assert CALLER_NAME not in page
    assert CALLER_PHONE not in page
    assert ADDRESS not in page


@given(st.dates(min_value=date(2000, 1, 3), max_value=date(2090, 12, 25)))
def test_a_week_holds_its_days_and_reads_back_from_its_name(day):
    week = Week.of(day)
    assert week.monday <= day <= week.sunday
    assert week.monday.weekday() == 0
    assert (week.sunday - week.monday).days == 6
    assert Week.parse(str(week)) == week
    assert week.shifted(1).monday == week.monday + timedelta(days=7)


@pytest.mark.parametrize("value", ["", "2026-47", "2026-W1", "2026-W00", "2025-W53", "W49"])
def test_a_malformed_week_does_not_parse(value):
    with pytest.raises(ValueError):  # noqa: PT011 (any malformed week)
        Week.parse(value)


# -- published replies ----------------------------------------------------------------------


@pytest.fixture
def replies(city):
    shown = ticket(city["light"], received=at(16), closed=at(18), public=True, title="路灯坏了")
    ticket(city["light"], received=at(16), closed=at(19), public=False, title="私人诉求")
    ticket(city["light"], received=at(16), public=True, title="尚未办结")
    ticket(
        city["noise"], received=at(16), closed=at(20), public=True, kind=Kind.REPORT,
        title="举报某商户",
    )  # fmt: skip
    newest = ticket(city["leak"], received=at(17), closed=at(21), public=True, title="水管爆了")
    return {"shown": shown, "newest": newest}


def test_only_closed_replies_the_citizen_allowed_are_published_newest_first(client, replies):
    response = client.get(reverse("portal:hotline-replies"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("水管爆了") < page.index("路灯坏了")
    for hidden in ("私人诉求", "尚未办结", "举报某商户"):
        assert hidden not in page
    assert [r.number for r in published_replies()] == [
        replies["newest"].number,
        replies["shown"].number,
    ]


def test_a_published_reply_never_shows_the_callers_identity(client, replies):
    for url in (
        reverse("portal:hotline-replies"),
        reverse("portal:hotline-reply", args=[replies["shown"].number]),
        reverse("portal:hotline-replies-atom"),
    ):
        page = client.get(url).content.decode()
        assert CALLER_NAME not in page
        assert CALLER_PHONE not in page
        assert ADDRESS not in page


def test_a_reply_page_shows_the_reply_and_an_unpublished_one_is_not_found(client, replies):
    response = client.get(reverse("portal:hotline-reply", args=[replies["shown"].number]))
    assert response.status_code == 200
    assert "已修复，感谢您的反馈。" in response.content.decode()
    private = Ticket.objects.get(title="私人诉求").number
    assert client.get(reverse("portal:hotline-reply", args=[private])).status_code == 404
    assert client.get(reverse("portal:hotline-reply", args=["T-NONE"])).status_code == 404


def test_the_replies_show_in_english_when_the_reply_has_an_english_text(client, replies):
    response = client.get(
        reverse("portal:hotline-reply", args=[replies["shown"].number]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Repaired, thank you." in response.content.decode()
    assert "Street light out" in response.content.decode()


def test_the_replies_page_in_pages_of_twenty(client, city):
    for n in range(23):
        ticket(city["light"], received=at(16), closed=at(18, 8 + n % 10), public=True)
    first = client.get(reverse("portal:hotline-replies"))
    assert len(first.context["page"].object_list) == 20
    second = client.get(reverse("portal:hotline-replies"), {"page": 2})
    assert len(second.context["page"].object_list) == 3


def test_the_atom_feed_is_valid_atom_with_the_required_elements(client, replies):
    response = client.get(reverse("portal:hotline-replies-atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10"
    assert not parsed.bozo, parsed.get("bozo_exception")
    feed = parsed.feed
    assert feed.id.startswith("http://testserver/")
    assert feed.title
    assert feed.author
    assert feed.updated_parsed
    assert any(
        link.rel == "alternate" and link.href.endswith(reverse("portal:hotline-replies"))
        for link in feed.links
    )
    assert any(link.rel == "self" for link in feed.links)
    assert [entry.title for entry in parsed.entries] == ["水管爆了", "路灯坏了"]
    for entry in parsed.entries:
        assert entry.id.startswith("http://testserver/hotline/replies/")
        assert entry.updated_parsed
        assert entry.title
        assert any(link.rel == "alternate" for link in entry.links)
        assert client.get(entry.link).status_code == 200
    assert "已修复" in parsed.entries[0].summary

    # RFC 4287 4.1.1: atom:feed has exactly one id, title and updated, and an author because
    # its entries have none of their own
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{element}")) == 1, element
    assert root.find(f"{ATOM}author/{ATOM}name").text
    for entry in root.findall(f"{ATOM}entry"):
        for element in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{element}")) == 1, element


def test_the_atom_feed_is_empty_but_valid_without_replies(client, db):
    parsed = feedparser.parse(client.get(reverse("portal:hotline-replies-atom")).content)
    assert parsed.version == "atom10"
    assert not parsed.bozo
    assert parsed.entries == []
    assert parsed.feed.updated_parsed


def test_an_ended_week_is_served_from_the_cache_and_the_current_week_is_not(client, city):
    ticket(city["leak"], received=at(16), closed=at(17))
    with time_machine.travel(at(30), tick=False):
        first = statistics_page(client).context["statistics"]
        ticket(city["leak"], received=at(18))
        again = statistics_page(client).context["statistics"]
    assert first.departments[0].received == again.departments[0].received == 1
    with time_machine.travel(at(20), tick=False):  # the week is still running
        now = statistics_page(client).context["statistics"]
    assert now.departments[0].received == 2


def test_the_public_pages_refuse_writes(client, db):
    for name in ("hotline-statistics", "hotline-replies", "hotline-replies-atom"):
        assert client.post(reverse(f"portal:{name}")).status_code == 405
