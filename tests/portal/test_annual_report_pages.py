"""The enterprise's annual report pages in the hall: it files its report through the form and
corrects it in the period; bad input names the fields and stores nothing; after 1 July the page
shows it on the abnormal-operation list and a late filing takes it off; only an enterprise on
the registry sees its own reports; the pages read in Chinese and English."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from lxml import html as lxml_html

from onewindow.market import lists
from onewindow.market.credit_models import AnnualReport, ListEntry, Removal
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.market import world as market_world
from tests.test_english_complete import chinese_outside_zh

pytestmark = pytest.mark.django_db

LIST = reverse("portal:annual-reports")
FORM = reverse("portal:annual-report-file", args=[2026])
FORM_DATA = {
    "address": "广州市天河区体育西路1号首层",
    "postal_code": "510620",
    "phone": "020-38880000",
    "email": "boss@example.com",
    "operating_status": "operating",
    "employees": "12",
    "employees_public": "on",
    "total_assets": "85.20",
    "total_liabilities": "20.00",
    "revenue": "310.75",
    "net_profit": "-3.50",
    "tax_paid": "9.10",
    "website_1_name": "外卖店铺",
    "website_1_url": "https://shop.example.com/th01",
    "shareholder_1_name": "王志国",
    "shareholder_1_subscribed": "5",
    "shareholder_1_paid": "5",
}


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(date(2027, 3, 2)):
        yield market_world.build()


@pytest.fixture
def owner(world):
    entity = world.restaurants[0]
    return EnterpriseFactory(uscc=entity.uscc, name=entity.name)


def signed_in(client, user, language: str = "en"):
    """``client`` signed in as ``user`` now (whatever day the test travelled to)."""
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def text(response) -> str:
    """The page's visible text in <main>, spaces collapsed."""
    tree = lxml_html.fromstring(response.content.decode())
    return " ".join(" ".join(tree.xpath("//main")[0].itertext()).split())


def test_the_enterprise_files_through_the_form_and_corrects_it_in_the_period(client, world, owner):
    signed_in(client, owner)
    page = client.get(LIST)
    assert page.status_code == 200
    assert "The report on 2026 is due. File it between 1 January 2027 and 30 June 2027." in text(
        page
    )
    assert FORM in page.content.decode()
    assert client.get(FORM).status_code == 200

    filed = client.post(FORM, FORM_DATA)
    assert (filed.status_code, filed["Location"]) == (302, LIST)
    report = AnnualReport.objects.get(entity=world.restaurants[0])
    assert (report.year, report.late, report.employees, report.corrections) == (2026, False, 12, 0)
    assert report.websites == [{"name": "外卖店铺", "url": "https://shop.example.com/th01"}]
    assert report.employees_public
    assert not report.assets_public
    page = text(client.get(LIST))
    assert "Your annual report on 2026 is filed." in page
    assert "The report on 2026 is filed. You can correct it until 30 June 2027." in page
    assert "Report on 2026" in page
    assert "Not corrected" in page

    with time_machine.travel(date(2027, 6, 30)):
        signed_in(client, owner)
        form = client.get(FORM).content.decode()
        assert 'value="广州市天河区体育西路1号首层"' in form  # filled from the report filed
        assert 'value="王志国"' in form
        assert 'value="-3.50"' in form
        assert 'name="employees_public" id="id_employees_public" checked' in form
        assert "Correct the report" in form
        corrected = client.post(FORM, {**FORM_DATA, "employees": "15"})
        assert corrected.status_code == 302
        page = text(client.get(LIST))
    report.refresh_from_db()
    assert (report.employees, report.corrections) == (15, 1)
    assert "Your annual report on 2026 is corrected." in page
    assert "Corrected once" in page

    with time_machine.travel(date(2027, 7, 1)):
        signed_in(client, owner)
        assert client.get(FORM).status_code == 404  # the period is over
        assert client.post(FORM, {**FORM_DATA, "employees": "16"}).status_code == 404
    report.refresh_from_db()
    assert report.employees == 15


def test_bad_input_names_the_fields_with_400_and_stores_nothing(client, world, owner):
    bad = {
        **FORM_DATA, "postal_code": "51062", "phone": "x", "employees": "-1", "revenue": "abc",
        "total_assets": "-1", "address": "", "website_1_url": "ftp://x",
        "shareholder_1_subscribed": "1", "shareholder_1_paid": "2",
    }  # fmt: skip
    response = signed_in(client, owner).post(FORM, bad)
    assert response.status_code == 400
    assert not AnnualReport.objects.exists()
    tree = lxml_html.fromstring(response.content.decode())
    for field in ("address", "postal_code", "phone", "employees", "revenue", "total_assets"):
        widget = tree.get_element_by_id(f"id_{field}")
        assert widget.get("aria-invalid") == "true", field
        assert f"id_{field}_error" in widget.get("aria-describedby"), field
        assert tree.get_element_by_id(f"id_{field}_error").text_content().strip(), field
    for group in ("websites", "shareholders"):
        assert "Line 1" in tree.get_element_by_id(f"{group}-error").text_content()
    for field in ("email", "net_profit", "tax_paid"):
        assert tree.get_element_by_id(f"id_{field}").get("aria-invalid") is None
    summary = tree.xpath("//div[@data-error-summary]//a/@href")
    assert "#id_postal_code" in summary
    assert "#id_website_1_name" in summary
    assert 'value="abc"' in response.content.decode()  # what was typed stays
    assert "Give the six digits of the postal code." in text(response)


def test_after_1_july_the_entry_shows_and_a_late_filing_takes_it_off(client, world, owner):
    with time_machine.travel(date(2027, 7, 1)):
        assert lists.list_non_filers(2026) > 0
    entry = ListEntry.objects.get(entity=world.restaurants[0], removed_on=None)
    with time_machine.travel(date(2027, 7, 2)):
        page = text(signed_in(client, owner).get(LIST))
        assert "The report on 2026 is late." in page
        assert (
            "Late filing; you are on the abnormal-operation list until you file "
            "(listed on 1 July 2027)." in page
        )
        assert "Abnormal-operation list On the list" in page
        assert "Did not file its annual report in time (report on 2026)" in page
        assert entry.basis_en in page
        assert entry.basis not in page
        assert "Listed on 1 July 2027" in page
        assert "File the report on 2026" in page

    with time_machine.travel(date(2027, 7, 15)):
        signed_in(client, owner)
        assert "Late filing" in text(client.get(FORM))
        filed = client.post(FORM, FORM_DATA)
        assert filed.status_code == 302
        page = text(client.get(LIST))
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal) == (date(2027, 7, 15), Removal.FILED)
    assert AnnualReport.objects.get(entity=world.restaurants[0]).late
    assert "Your annual report on 2026 is filed, after 30 June." in page
    assert "You are taken off the abnormal-operation list (listed on 1 July 2027)." in page
    assert "Taken off on 15 July 2027 Taken off because Filed its annual report" in page
    assert "Filed late (after 30 June)" in page


def test_a_citizen_or_official_gets_403_and_anonymous_is_sent_to_sign_in(client, world):
    for path in (LIST, FORM):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))
    for stranger in (CitizenFactory(), world.head):
        signed_in(client, stranger)
        for path in (LIST, FORM):
            response = client.get(path)
            assert response.status_code == 403
            assert "Annual reports are filed by enterprises on the registry." in text(response)
        assert client.post(FORM, FORM_DATA).status_code == 403
    assert not AnnualReport.objects.exists()


def test_another_enterprise_sees_its_own_reports_only(client, world, owner):
    signed_in(client, owner).post(FORM, FORM_DATA)
    neighbour = world.restaurants[1]
    other = EnterpriseFactory(uscc=neighbour.uscc, name=neighbour.name)
    page = signed_in(client, other).get(LIST).content.decode()
    assert neighbour.name in page
    assert world.restaurants[0].name not in page
    assert "You have not filed an annual report yet." in page
    form = client.get(FORM).content.decode()
    assert "体育西路1号首层" not in form
    assert "王志国" not in form
    unregistered = EnterpriseFactory()  # an enterprise account not on the registry
    assert signed_in(client, unregistered).get(LIST).status_code == 403
    assert client.post(FORM, FORM_DATA).status_code == 403
    assert AnnualReport.objects.count() == 1


def test_only_the_open_year_has_a_form(client, world, owner):
    signed_in(client, owner)
    for year in (2025, 2027, 2019):
        url = reverse("portal:annual-report-file", args=[year])
        assert client.get(url).status_code == 404
        assert client.post(url, FORM_DATA).status_code == 404
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pages_render_in_both_languages(client, world, owner, language):
    with time_machine.travel(date(2027, 7, 1)):
        lists.list_non_filers(2026)
    with time_machine.travel(date(2027, 7, 2)):
        signed_in(client, owner, language)
        listing, form = client.get(LIST), client.get(FORM)
        home = client.get(reverse("portal:my"))
    assert (listing.status_code, form.status_code, home.status_code) == (200, 200, 200)
    assert listing.headers["Content-Language"] == language
    page = listing.content.decode()
    assert world.restaurants[0].name in page
    assert world.restaurants[0].uscc in page
    assert ("2027年7月1日" if language == "zh-hans" else "1 July 2027") in page
    assert LIST in home.content.decode()
    if language == "en":
        assert not chinese_outside_zh(page)
        assert not chinese_outside_zh(form.content.decode())
    else:
        assert ListEntry.objects.get(entity=world.restaurants[0]).basis in page


def test_my_page_links_annual_reports_for_enterprises_only(client, world, owner):
    assert LIST in signed_in(client, owner).get(reverse("portal:my")).content.decode()
    assert (
        LIST not in signed_in(client, CitizenFactory()).get(reverse("portal:my")).content.decode()
    )
