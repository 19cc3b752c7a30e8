"""The service catalogue in a real browser: search, browse and a guide with its BPMN diagram."""

import pytest
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.catalog.models import ServiceItem
from onewindow.core import divisions_data
from onewindow.core.models import Division
from tests import catalogue_snapshot

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(transactional_db):
    # Live-server tests flush every table afterwards, the migration-loaded division tree too.
    if not Division.objects.exists():
        divisions_data.load(Division)
    departments_data.load()
    catalogue_snapshot.load()


def diagram_drawn(page):
    diagram = page.locator("#process-diagram")
    # The guide loads the diagram viewer only when the diagram comes near the screen.
    diagram.scroll_into_view_if_needed()
    expect(diagram).to_have_attribute("data-rendered", "true")
    return diagram


def test_search_then_open_a_guide_with_its_diagram_in_chinese(shell, page, catalogue):
    shell.goto("/services/")
    expect(page.get_by_role("heading", level=1)).to_have_text("政府服务事项")
    shell.check("catalogue")

    page.get_by_label("搜索服务").fill("营业执照")
    with page.expect_navigation():
        page.get_by_role("button", name="搜索").click()
    results = page.locator(".item-list .item-row h3 a")
    expect(results.first).to_be_visible()
    shell.check("search-results")

    item = ServiceItem.objects.filter(process__pattern="parallel_review").first()
    shell.goto(f"/services/{item.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(item.name)
    diagram = diagram_drawn(page)
    # bpmn-js drew the review task and the departments that review in parallel
    expect(diagram.locator("[data-element-id='department_reviews']")).to_be_visible()
    for code in item.process_parameters["parallel"]:
        name = item.co_departments.filter(code=code).first() or item.lead_department
        expect(diagram.locator(".diagram-note")).to_contain_text(name.name)
    expect(diagram.get_by_text("各部门并联审查")).to_be_visible()
    shell.check("guide-zh")


def test_the_guide_in_english_draws_english_labels(shell, page, catalogue):
    item = ServiceItem.objects.filter(process__pattern="talent_certification").first()
    shell.goto(f"/services/{item.code}/")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(item.name_en)
    diagram = diagram_drawn(page)
    expect(diagram.get_by_text("Benefits handled in parallel")).to_be_visible()
    shell.check("guide-en")


def test_browsing_by_life_event_lists_its_services(shell, page, catalogue):
    shell.goto("/services/")
    with page.expect_navigation():
        page.get_by_role("link", name="结婚").first.click()
    expect(page.locator(".item-list .item-row").first).to_be_visible()
    expect(page.get_by_role("link", name="内地居民结婚登记")).to_be_visible()
    shell.check("life-event")


def test_a_guide_shows_the_visits_the_law_requires_and_offers_the_forms(shell, page, catalogue):
    shell.goto("/services/440100-CRJ-XK-224/")  # 普通护照签发: fingerprints in person
    steps = page.get_by_role("region", name="需到场办理的环节")
    expect(steps).to_contain_text("现场采集人像和指纹")
    expect(steps).to_contain_text("需预约")
    expect(page.get_by_role("main")).to_contain_text("广州市天河区华利路61号")
    with page.expect_download() as download:
        page.get_by_role("link", name="填写样表（PDF）").click()
    assert download.value.suggested_filename == "440100-CRJ-XK-224-sample.pdf"
    shell.check("guide-in-person-steps")
