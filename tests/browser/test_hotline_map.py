"""The hot-spot map in a real browser, in Chinese and English, at 1280 and 375 px: a dispatcher
sees open tickets per district over the district boundaries (Leaflet, no tiles), with the same
numbers in a table, and drills down to a district's streets, places and tickets."""

from pathlib import Path

import pytest
import yaml
from django.utils import timezone
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.hotline.models import Category, Status, Ticket
from onewindow.registry import geo
from onewindow.registry.models import Place
from tests.browser.test_workbench_pages import official, sign_in
from tests.conftest import restore_migration_data, zh

pytestmark = pytest.mark.browser

CATEGORIES = Path(geo.__file__).parents[1] / "hotline" / "data" / "categories.yaml"
TICKETS = [  # category, place or division, title
    ("street-light", "440103-000001", "小区门口路灯不亮"),
    ("street-light", "440103-000001", "路灯晚上不亮"),
    ("street-light", "440103-000002", "路灯闪烁"),
    ("rubbish", "440103-000002", "垃圾几天没有清运"),
    ("flooding", "440104003", "下雨后路面积水"),
    ("construction-noise", "440106", "夜间施工噪音"),
    ("food-safety", "440111", "餐馆卫生差"),
    ("road-damage", "440105", "道路坑洼"),
]


@pytest.fixture
def hotline(transactional_db, settings):
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    geo.load_boundaries()
    geo.load_places()
    for order, row in enumerate(yaml.safe_load(CATEGORIES.read_text("utf-8"))):
        department = row.pop("department")
        Category.objects.create(
            department=Department.objects.get(code=department), order=order, **row
        )
    for number, (code, where, title) in enumerate(TICKETS, start=1):
        category = Category.objects.get(code=code)
        place = Place.objects.filter(code=where).first()
        Ticket.objects.create(
            number=f"12345-{number:04d}", division_code=place.division_id if place else where,
            channel="web", kind="complaint", category=category, title=title, description=title,
            place_code=place.code if place else "", status=Status.HANDLING,
            lead_department=category.department, received_at=timezone.now(),
        )  # fmt: skip
    return official("dispatcher", Role.DISPATCHER, "440100-ZWFW")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dispatcher_reads_the_hot_spots_and_drills_down(shell, page, hotline, language):
    user, device = hotline
    sign_in(shell, page, user, device, "/workbench/hotline/map/")
    if language == "en":
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": shell.url("/")}]
        )
        shell.goto("/workbench/hotline/map/")
        heading = "Hot spots of open tickets"
    else:
        heading = zh("Hot spots of open tickets")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    menu = "12345 hot-spot map" if language == "en" else zh("12345 hot-spot map")
    expect(page.get_by_role("link", name=menu)).to_have_attribute("aria-current", "page")
    the_map = page.locator("#hotline-map")
    expect(the_map).to_have_attribute("data-ready", "true")
    expect(the_map.locator("path.leaflet-interactive")).not_to_have_count(0)
    expect(the_map.locator(".hm-cluster")).to_have_count(5)
    assert page.locator(".leaflet-tile").count() == 0  # no tiles
    district = "荔湾区" if language == "zh-hans" else "Liwan"
    row = page.locator("table.wb-counts tbody tr", has_text=district)
    expect(row.locator("td").first).to_have_text("4")  # the table holds the map's numbers
    shell.check(f"hotline-map-{language}")

    with page.expect_navigation():
        page.get_by_role("link", name=district).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(district)
    expect(the_map).to_have_attribute("data-ready", "true")
    expect(page.locator("table").nth(0)).to_contain_text("中山七路")
    expect(page.locator("table").nth(1)).to_contain_text("12345-0001")
    expect(the_map.locator("path.leaflet-interactive")).not_to_have_count(0)
    shell.check(f"hotline-map-district-{language}")

    category = "路灯不亮或损坏" if language == "zh-hans" else "Street light out or broken"
    page.get_by_label(zh("Category") if language == "zh-hans" else "Category").select_option(
        label=category
    )
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Show") if language == "zh-hans" else "Show").click()
    expect(page.locator("table").nth(1).locator("tbody tr")).to_have_count(3)
    expect(the_map).to_have_attribute("data-ready", "true")
