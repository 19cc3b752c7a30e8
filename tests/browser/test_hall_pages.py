"""The service hall in a real browser: the home page in both languages and in care mode (长辈版),
the phone menu, a life event, and the service guide's summary, buttons and materials.

Every page visited goes through ``shell.check`` (axe-core, screenshots at 1280 and 375 px, no
sideways scrolling at 375 px). Texts are looked up through Django's catalogues (``zh``).
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onewindow.accounts import departments_data
from onewindow.accounts import services as account_services
from onewindow.catalog import hall
from onewindow.catalog.models import HallNotice, ServiceItem
from onewindow.catalog.services import save_notice
from onewindow.core import divisions_data
from onewindow.core.identifiers import generate_id_number
from onewindow.core.models import Division
from tests import catalogue_snapshot
from tests.browser.conftest import PHONE, new_page
from tests.conftest import zh

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")
PASSPORT = "440100-CRJ-XK-224"  # level 3, fingerprints in person: apply online and book
START_UP = "440100-SCJG-XK-301"  # level 4, fully online: apply only
MARRIAGE = "440100-MZ-QR-107"


@pytest.fixture
def catalogue(transactional_db):
    # Live-server tests flush every table afterwards, the migration-loaded division tree too.
    if not Division.objects.exists():
        divisions_data.load(Division)
    departments_data.load()
    catalogue_snapshot.load()
    save_notice(
        HallNotice(
            title="元旦假期政务服务中心办公时间安排",
            title_en="Service centre opening hours over the New Year holiday",
            body="假期内网上办事大厅照常受理申请。",
            body_en="The online hall accepts applications as usual over the holiday.",
            published_at=timezone.now() - timedelta(days=1),
        )
    )


def root_font_px(page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2])


def care_mode(page, *, english: bool = False) -> None:
    """Turn care mode (and English) on for the whole site, as the header's toggle does."""
    root = re.match(r"https?://[^/]+/", page.url).group(0)
    cookies = [{"name": "ow_care", "value": "1", "url": root}]
    if english:
        cookies.append({"name": "django_language", "value": "en", "url": root})
    page.context.add_cookies(cookies)


def test_home_search_first_then_apply_look_up_life_events_departments_notices(
    shell, page, catalogue
):
    shell.goto("/")
    main = page.get_by_role("main")
    search = main.get_by_role("search")
    # The search include: a combobox suggesting services as the person types.
    expect(search.get_by_role("combobox")).to_have_attribute("name", "q")
    assert page.evaluate(
        "document.querySelector('main form[role=search]').compareDocumentPosition("
        "document.querySelector('#apply-title')) & Node.DOCUMENT_POSITION_FOLLOWING"
    ), "the search box comes before 我要办"

    apply = main.get_by_role("region", name=zh("I want to apply"))
    expect(apply.locator(".service-tiles a")).to_have_count(8)
    expect(apply.get_by_role("link", name=re.compile("内地居民结婚登记"))).to_be_visible()

    look_up = main.get_by_role("region", name=zh("I want to look up"))
    progress = look_up.locator("form.progress-lookup")
    expect(progress).to_have_attribute("action", "/progress/")
    expect(progress.get_by_label(zh("Application number"))).to_have_attribute("name", "number")
    expect(progress.get_by_label(zh("Query code"))).to_have_attribute("name", "code")
    expect(look_up.get_by_role("link", name=zh("Verify a certificate"))).to_be_visible()
    expect(look_up.get_by_role("link", name=zh("Who used my data"))).to_have_attribute(
        "href", "/my/data-access/"
    )

    events = main.get_by_role("region", name=zh("Life events"))
    expect(events.get_by_role("link")).to_have_count(len(hall.life_events()))
    expect(main.get_by_role("region", name=zh("Departments"))).to_contain_text(
        "广州市市场监督管理局"
    )
    expect(main.get_by_role("region", name=zh("Notices"))).to_contain_text("元旦假期")
    shell.check("zh")

    # Searching goes to the catalogue's search with q.
    search.get_by_role("combobox").fill("护照")
    with page.expect_navigation():
        search.get_by_role("button", name=zh("Search"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/services/\?q="))


def test_the_home_page_in_english_has_no_chinese_left(shell, page, catalogue):
    shell.goto("/")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="I want to apply")).to_be_visible()
    events = main.get_by_role("region", name="Life events")
    expect(events.get_by_role("link", name="Getting married")).to_be_visible()
    leftovers = [
        text
        for text in main.locator("a, h1, h2, h3, label, p, button").all_inner_texts()
        if CJK.search(text)
    ]
    assert not leftovers, f"Chinese left on the English home page: {leftovers}"
    shell.check("en")


@pytest.mark.parametrize("english", [False, True], ids=["zh", "en"])
def test_care_mode_home_has_big_tiles_big_text_and_says_it_is_on(shell, page, catalogue, english):
    shell.goto("/")
    care_mode(page, english=english)
    shell.goto("/")
    expect(page.locator("html")).to_have_class(re.compile(r"\bcare\b"))
    assert root_font_px(page) >= 20
    toggle = page.get_by_role("banner").locator("button[aria-pressed]")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_have_text("Care mode: on" if english else zh("Care mode: on"))

    tiles = page.locator(".big-tiles a")
    expect(tiles).to_have_count(6)
    for box in (tiles.nth(i).bounding_box() for i in range(6)):
        assert box["height"] >= 48
    # Fewer links: no life events, departments or notices on the page, none in the header.
    main = page.get_by_role("main")
    expect(main.locator("#events-title")).to_have_count(0)
    expect(page.get_by_role("navigation", name=re.compile("."))).not_to_contain_text(
        "Deadline calculator" if english else zh("Deadline calculator")
    )
    page.set_viewport_size(PHONE)
    for target in page.locator("main a, main button, main input").all():
        if target.is_visible():
            assert target.bounding_box()["height"] >= 48, target.evaluate("e => e.outerHTML")
    shell.check("care-home")


def test_care_mode_on_the_guide_search_results_and_my_cases(shell, page, catalogue):
    id_number = generate_id_number("440106", date(1990, 1, 1))
    account_services.register_citizen(
        username="wang.xiaoming",
        password="Citizen-pass-2026",
        real_name="王小明",
        id_number=id_number,
        phone="13800138000",
    )
    shell.goto("/login/")
    page.get_by_label(re.compile(zh("Username"))).fill("wang.xiaoming")
    page.get_by_label(re.compile(zh("Password"))).fill("Citizen-pass-2026")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=zh("Sign in")).click()
    care_mode(page)

    shell.goto(f"/services/{PASSPORT}/")
    assert root_font_px(page) >= 20
    shell.check("care-guide")
    shell.goto("/services/?q=%E6%8A%A4%E7%85%A7")  # 护照
    shell.check("care-search-results")
    shell.goto("/my/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("My cases"))
    shell.check("care-my-cases")


def test_the_phone_menu_opens_and_closes_with_the_keyboard(shell, page, catalogue):
    page.set_viewport_size(PHONE)
    shell.goto("/")
    button = page.get_by_role("button", name=zh("Menu"))
    services_link = page.get_by_role("navigation", name=zh("Main")).get_by_role(
        "link", name=zh("Services")
    )
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-nav")
    expect(services_link).to_be_hidden()
    # The header takes little of the first screen.
    assert page.locator("header").bounding_box()["height"] < 0.2 * PHONE["height"]

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(services_link).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(services_link).to_be_focused()
    shell.check("menu-open")

    page.set_viewport_size(PHONE)
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(services_link).to_be_hidden()
    page.keyboard.press(" ")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press(" ")
    expect(button).to_have_attribute("aria-expanded", "false")

    # On a desktop there is no menu button: the navigation is always shown.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(button).to_be_hidden()
    expect(services_link).to_be_visible()


def test_without_javascript_the_phone_navigation_is_listed(browser, live_server, catalogue):
    page = new_page(browser, java_script_enabled=False)
    try:
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/")
        expect(page.locator(".menu-button")).to_be_hidden()
        nav = page.get_by_role("navigation", name=zh("Main"))
        expect(nav.get_by_role("link", name=zh("Services"))).to_be_visible()
    finally:
        page.context.close()


def test_a_life_event_lists_its_services_in_order(shell, page, catalogue):
    shell.goto("/")
    events = page.get_by_role("main").get_by_role("region", name=zh("Life events"))
    with page.expect_navigation():
        events.get_by_role("link", name="结婚").click()
    expect(page).to_have_url(shell.url("/life-events/marriage/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("结婚")
    event = hall.life_event("marriage")
    names = [ServiceItem.objects.get(code=code).name for code in event.item_codes]
    expect(page.locator(".event-steps .item-row h3")).to_have_text(names)
    shell.check("marriage")


def test_the_guide_lists_materials_as_cards_without_sideways_scrolling(shell, page, catalogue):
    page.set_viewport_size(PHONE)
    item = ServiceItem.objects.get(code="440100-WB-GG-420")  # 8 materials
    shell.goto(f"/services/{item.code}/")
    materials = page.get_by_role("region", name=re.compile(zh("Materials")))
    expect(materials.locator("table")).to_have_count(0)
    cards = materials.locator(".material-card")
    expect(cards).to_have_count(item.materials.count())
    for i in range(cards.count()):
        box = cards.nth(i).bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    summary = page.get_by_role("region", name=zh("At a glance"))
    expect(summary).to_contain_text(zh("Who can apply"))
    expect(summary).to_contain_text(zh("How long"))
    expect(page.get_by_role("region", name=zh("What you get"))).to_contain_text(
        item.output_description or "—"
    )
    page.locator(
        "#process-diagram"
    ).scroll_into_view_if_needed()  # the viewer loads near the screen
    expect(page.locator("#process-diagram")).to_have_attribute("data-rendered", "true")
    shell.check("materials")


def test_the_guide_buttons_fit_the_online_depth(shell, page, catalogue):
    both = page.locator(".guide-actions [data-action]")

    shell.goto(f"/services/{PASSPORT}/")
    expect(both).to_have_count(2)
    expect(page.locator("[data-action=book]")).to_have_attribute(
        "href", f"/appointments/new/?item={PASSPORT}"
    )
    expect(page.locator("[data-action=apply]")).to_have_attribute(
        "href", f"/services/{PASSPORT}/apply/"
    )
    shell.check("online-and-in-person")

    shell.goto(f"/services/{START_UP}/")
    expect(both).to_have_count(1)
    expect(page.locator("[data-action=apply]")).to_be_visible()

    ServiceItem.objects.filter(code=MARRIAGE).update(online_depth=1)
    shell.goto(f"/services/{MARRIAGE}/")
    expect(both).to_have_count(1)
    expect(page.locator("[data-action=book]")).to_be_visible()
    expect(page.locator("[data-action=apply]")).to_have_count(0)
    shell.check("in-person-only")


def test_the_departments_notices_and_life_events_pages(shell, page, catalogue):
    shell.goto("/life-events/")
    expect(page.locator(".event-list li")).to_have_count(len(hall.life_events()))
    shell.check("life-events")

    shell.goto("/departments/")
    index = page.get_by_role("navigation", name=re.compile(zh("Jump to a department")))
    index.locator("summary").click()
    index.get_by_role("link", name="广州市民政局").click()
    expect(page).to_have_url(shell.url("/departments/#dept-440100-MZ"))
    expect(page.locator("#dept-440100-MZ")).to_contain_text("内地居民结婚登记")
    shell.check("departments")

    shell.goto("/notices/")
    with page.expect_navigation():
        page.get_by_role("link", name="元旦假期政务服务中心办公时间安排").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("元旦假期政务服务中心办公时间安排")
    shell.check("notice")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Service centre opening hours over the New Year holiday"
    )
    shell.check("notice-en")
    shell.goto("/departments/")
    expect(page.locator("#dept-440100-MZ h2")).not_to_contain_text("广州")
    shell.check("departments-en")
