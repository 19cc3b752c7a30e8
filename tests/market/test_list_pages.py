"""The workbench page of the abnormal-operation list (经营异常名录): a head sees their
departments' entries and filters them, takes an enterprise listed as unreachable off with a
note; a bad note changes nothing; another district's head, a citizen and nobody signed in are
refused."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from onewindow.market import inspections, lists
from onewindow.market.credit_models import ListEntry, ListReason, Removal
from onewindow.market.models import Result
from onewindow.workbench import market_list_views
from tests.factories import CitizenFactory
from tests.market.world import TH, XF, drawn_plan, team

PAGE = reverse("workbench:market-lists")


def unreachable(w) -> ListEntry:
    """A visit that could not reach its enterprise, published: the enterprise is listed."""
    plan = drawn_plan(w)
    visit = plan.inspections.order_by("rank").first()
    people = team(visit)
    with time_machine.travel(date(2027, 3, 10)):
        inspections.record_finding(
            visit, actor=people[TH],
            data={"result": Result.UNREACHABLE, "description": "登记住所已另作他用"},
        )  # fmt: skip
        inspections.record_finding(
            visit, actor=people[XF], data={"result": Result.NOT_OPERATING, "description": "无人"}
        )
        inspections.close_record(
            visit, actor=people[TH], data={"refused": True, "refusal_note": "无人在场，两人见证"}
        )
        inspections.publish([visit], actor=w.head)
    return ListEntry.objects.get(reason=ListReason.UNREACHABLE)


@pytest.fixture
def listed(world):
    """One enterprise unreachable, and on 1 July 2027 every non-filer listed."""
    entry = unreachable(world)
    with time_machine.travel(date(2027, 7, 1)):
        lists.list_non_filers(2026)
    return entry


def reached_url(entry, query=""):
    return reverse("workbench:market-list-reached", args=[entry.pk]) + query


def test_a_head_sees_and_filters_the_list(world, listed, client, monkeypatch):
    monkeypatch.setattr(market_list_views, "PAGE", 20)
    client.force_login(world.head)
    home = client.get(reverse("workbench:market")).content.decode()
    assert PAGE in home
    page = client.get(PAGE)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == ListEntry.objects.count()
    assert len(page.context["page"].object_list) == 20  # paginated
    assert page.context["links"]["next"].endswith("page=2")

    only = client.get(PAGE, {"reason": "unreachable", "open": "true"})
    assert [e.pk for e in only.context["page"]] == [listed.pk]
    body = only.content.decode()
    assert listed.entity.name in body
    assert listed.entity.uscc in body
    assert listed.basis in body
    assert reverse("workbench:market-inspection", args=[listed.inspection.pk]) in body
    assert listed.inspection.reference in body
    assert listed.department.display_name in body
    assert reached_url(listed) in body
    filed = client.get(PAGE, {"reason": "no_report"})
    assert listed.pk not in [e.pk for e in filed.context["page"]]
    assert reached_url(listed).encode() not in filed.content
    assert client.get(PAGE, {"open": "false"}).context["page"].paginator.count == 0
    bad = client.get(PAGE, {"reason": "nonsense", "open": "maybe"})
    assert bad.status_code == 400
    assert bad.context["page"].paginator.count == 0

    second = client.get(PAGE, {"reason": "no_report", "page": 2}, HTTP_HX_REQUEST="true")
    assert second.status_code == 200
    assert b"<h1>" not in second.content
    assert "reason=no_report" in second.context["links"]["previous"]


def test_a_head_takes_an_unreachable_enterprise_off_with_a_note(world, listed, client):
    client.force_login(world.head)
    with time_machine.travel(date(2027, 7, 20)):
        done = client.post(
            reached_url(listed, "?reason=unreachable"), {"note": "复核时在登记住所联系到经营者"}
        )
    assert done.status_code == 302
    assert done.url == f"{PAGE}?reason=unreachable"
    listed.refresh_from_db()
    assert (listed.removed_on, listed.removal, listed.removed_by) == (
        date(2027, 7, 20), Removal.REACHED, world.head,
    )  # fmt: skip
    page = client.get(done.url).content.decode()
    assert str(Removal.REACHED.label) in page
    assert reached_url(listed) not in page
    again = client.post(reached_url(listed), {"note": "再次"})
    assert again.status_code == 403  # no longer on the list


def test_a_bad_note_is_shown_on_the_form_and_nothing_changes(world, listed, client):
    client.force_login(world.head)
    for note in ("", "   ", "很长" * 200):
        bad = client.post(reached_url(listed, "?reason=unreachable"), {"note": note})
        assert bad.status_code == 400
        assert bad.context["page"].object_list[0].form.errors["note"]
    listed.refresh_from_db()
    assert listed.removed_on is None
    filer = ListEntry.objects.filter(reason=ListReason.NO_REPORT).first()
    assert client.post(reached_url(filer), {"note": "已联系"}).status_code == 403
    filer.refresh_from_db()
    assert filer.removed_on is None


def test_others_are_refused(world, listed, client):
    client.force_login(world.yx_head)  # another district's head
    page = client.get(PAGE)
    assert page.status_code == 200
    assert listed.entity.name not in page.content.decode()
    assert client.post(reached_url(listed), {"note": "已联系"}).status_code == 404
    officer = world.inspectors[TH][0].user  # an enforcement officer keeps no list
    client.force_login(officer)
    assert client.get(PAGE).status_code == 403
    assert client.post(reached_url(listed), {"note": "已联系"}).status_code == 403
    assert PAGE not in client.get(reverse("workbench:market")).content.decode()
    client.force_login(CitizenFactory())
    assert client.get(PAGE).status_code == 403
    assert client.post(reached_url(listed), {"note": "已联系"}).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302
    assert client.post(reached_url(listed), {"note": "已联系"}).status_code == 302
    listed.refresh_from_db()
    assert listed.removed_on is None
