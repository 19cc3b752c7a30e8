"""The public pages of random inspections (双随机一公开): anyone lists the plans from their
commitment on, reads a plan's scope, commitment and frozen lists, downloads the lists exactly
as digested, and after the draw sees the seed and the targets drawn, re-runs the draw to the
same targets, and reads each result once published; never who inspected."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from lxml import html as lxml_html

from onewindow.core.crypto import sm3_hex
from onewindow.market import draw, inspections
from onewindow.market.models import Inspector, Result
from tests.market import world as market_world
from tests.market.world import TH, XF, drawn_plan, member, plan_data
from tests.test_english_complete import chinese_outside_zh

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SIGNER = "王老板"
SECRET_FINDING = "后厨餐具消毒记录缺失，冷库温度记录不全"


@pytest.fixture
def world(db):
    with time_machine.travel(date(2027, 2, 1)):  # before the plans' period, whatever today is
        yield market_world.build()


def committed_plan(w):
    plan = inspections.create_plan(actor=w.head, data=plan_data(w))
    return inspections.commit(plan, actor=w.head)


def signature():
    handle = io.BytesIO(PNG)
    handle.name = "sign.png"
    return handle


def record(inspection, results: dict[str, str]):
    """Both departments' findings on one visit, and the record closed with the party's
    signature (and a photo on market supervision's finding)."""
    with time_machine.travel(date(2027, 3, 10)):
        for code, result in results.items():
            finding = inspections.record_finding(
                inspection,
                actor=member(inspection, code),
                data={"result": result, "description": SECRET_FINDING, "visited_on": "2027-03-10"},
            )
            if code == TH:
                photo = io.BytesIO(b"\xff\xd8\xff" + b"1" * 9)
                photo.name = "photo.jpg"
                inspections.add_photo(finding, actor=member(inspection, code), upload=photo)
        return inspections.close_record(
            inspection,
            actor=member(inspection, TH),
            data={"signed_by": SIGNER},
            signature=signature(),
        )


def get(client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, language)
    return response.content.decode()


def plan_url(plan) -> str:
    return reverse("portal:market-inspection", args=[plan.number])


def lists_url(plan) -> str:
    return reverse("portal:market-inspection-lists", args=[plan.number])


def drawn_rows(page: str) -> list[tuple[str, str]]:
    """(enterprise, USCC) of each row of the drawn list, in the page's order."""
    rows = lxml_html.fromstring(page).xpath('//table[@id="drawn-targets"]/tbody/tr')
    return [(r.xpath("string(./th)").strip(), r.xpath("string(./td/code)").strip()) for r in rows]


def result_rows(page: str) -> dict[str, str]:
    """USCC → the text of its row in the published results."""
    rows = lxml_html.fromstring(page).xpath('//table[@id="published-results"]/tbody/tr')
    return {r.xpath("string(./td/code)").strip(): r.text_content() for r in rows}


def label(choice, language: str) -> str:
    with translation.override(language):
        return str(choice.label)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_and_a_plan_answer_anonymously_in_both_languages(client, world, language):
    plan = drawn_plan(world)
    listing = get(client, reverse("portal:market-inspections"), language)
    page = get(client, plan_url(plan), language)
    with translation.override(language):
        title = plan.display_title
        joint = translation.gettext("Joint inspection")
        lead = world.th.display_name
        items = [world.th_item.display_name, world.xf_item.display_name]
        district = plan.district.display_name
        method = world.th_item.get_method_display()
    assert title == (plan.title_en if language == "en" else plan.title)
    for html in (listing, page):
        assert plan.number in html
        assert title in html
        assert joint in html
        assert lead in html
        assert district in html
        assert all(item in html for item in items)
    assert plan_url(plan) in listing
    assert lists_url(plan) in page
    assert world.xf.display_name in page
    assert method in page
    assert world.th_item.display_legal_basis in page
    assert plan.commitment in page
    assert plan.lists_digest in page
    if language == "en":
        assert not chinese_outside_zh(listing)
        assert not chinese_outside_zh(page)


def test_the_list_reads_as_many_queries_for_two_plans_as_for_one(client, world):
    committed_plan(world)
    with CaptureQueriesContext(connection) as one:
        get(client, reverse("portal:market-inspections"), "zh-hans")
    drawn_plan(world)
    with CaptureQueriesContext(connection) as two:
        listing = get(client, reverse("portal:market-inspections"), "zh-hans")
    assert listing.count('class="card"') == 2
    assert len(two) == len(one)


def test_a_draft_plan_is_not_public(client, world):
    draft = inspections.create_plan(actor=world.head, data=plan_data(world))
    assert client.get(plan_url(draft)).status_code == 404
    assert client.get(lists_url(draft)).status_code == 404
    assert client.get(reverse("portal:market-inspection", args=["SJ-NOPE"])).status_code == 404
    assert draft.number not in get(client, reverse("portal:market-inspections"), "zh-hans")


@pytest.mark.parametrize("language", LANGUAGES)
def test_before_the_draw_the_seed_and_the_drawn_list_are_absent(client, world, language):
    plan = committed_plan(world)
    page = get(client, plan_url(plan), language)
    assert plan.seed not in page
    assert plan.commitment in page  # SM3 of the seed, published before the draw
    assert 'id="drawn-targets"' not in page
    lists, _content = inspections.read_lists(plan)
    assert lists["targets"]
    assert not [t["uscc"] for t in lists["targets"] if t["uscc"] in page]


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_the_draw_the_seed_and_the_targets_drawn_in_order_show(client, world, language):
    plan = drawn_plan(world)
    page = get(client, plan_url(plan), language)
    assert plan.revealed_seed in page
    expected = [
        (i.target.entity.name, i.target.entity.uscc) for i in plan.inspections.order_by("rank")
    ]
    assert len(expected) == 6  # ceil(30 × 20 %)
    assert drawn_rows(page) == expected


def test_the_lists_download_is_the_stored_file_and_re_runs_to_the_targets_drawn(client, world):
    plan = committed_plan(world)
    before = client.get(lists_url(plan))
    plan = inspections.run_draw(plan, actor=world.head)
    response = client.get(lists_url(plan))
    stored = inspections.read_lists(plan)[1]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="{plan.number}.json"'
    assert response.content == stored == before.content
    assert sm3_hex(response.content) == plan.lists_digest
    page = get(client, plan_url(plan), "en")
    seed = plan.revealed_seed
    assert seed in page
    assert draw.commitment(seed) == plan.commitment
    again = draw.run(json.loads(response.content), seed)
    assert [row.uscc for row in again] == [uscc for _name, uscc in drawn_rows(page)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_inspector_name_or_certificate_number_appears(client, world, language):
    plan = drawn_plan(world)
    first = plan.inspections.order_by("rank").first()
    inspections.publish(
        [record(first, {TH: Result.FOLLOW_UP, XF: Result.CORRECTED})], actor=world.head
    )
    pages = [
        get(client, reverse("portal:market-inspections"), language),
        get(client, plan_url(plan), language),
    ]
    for inspector in Inspector.objects.select_related("user"):
        for page in pages:
            assert inspector.certificate_number not in page
            assert inspector.user.real_name not in page
            assert inspector.user.username not in page
    for page in pages:
        assert world.head.real_name not in page
        assert SIGNER not in page
        assert SECRET_FINDING not in page
        assert "market/photos" not in page
        assert "market/signatures" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_published_result_shows_its_label_and_an_unpublished_one_does_not(
    client, world, language
):
    plan = drawn_plan(world)
    first, second = plan.inspections.order_by("rank")[:2]
    record(first, {TH: Result.FOLLOW_UP, XF: Result.COMPLIANT})
    record(second, {TH: Result.CORRECTED, XF: Result.NOT_OPERATING})
    page = get(client, plan_url(plan), language)
    assert result_rows(page) == {}  # recorded, not yet published
    inspections.publish([first], actor=world.head)

    page = get(client, plan_url(plan), language)
    rows = result_rows(page)
    assert list(rows) == [first.target.entity.uscc]
    row = rows[first.target.entity.uscc]
    with translation.override(language):
        assert world.th_item.display_name in row
        assert world.xf_item.display_name in row
        assert world.th.display_name in row
    assert label(Result.FOLLOW_UP, language) in row
    assert label(Result.COMPLIANT, language) in row
    assert first.target.entity.name in row
    assert label(Result.CORRECTED, language) not in page
    assert label(Result.NOT_OPERATING, language) not in page
    assert SECRET_FINDING not in page
    listing = get(client, reverse("portal:market-inspections"), language)
    published = lxml_html.fromstring(listing).xpath(
        f'string(//a[@href="{plan_url(plan)}"]/ancestor::li[1]//dd[last()])'
    )
    assert published.strip() == "1"


def test_the_hall_links_to_random_inspections(client, db):
    assert reverse("portal:market-inspections") in get(client, reverse("portal:home"), "zh-hans")
