"""The hall's pages of administrative penalty cases (行政处罚), through HTTP.

The party, signed in as the enterprise, sees its case from the prior notice on, downloads the
sealed documents, and states and defends or asks for a hearing by the day the notice gave; the
form is gone afterwards and a late POST is refused with the service's message. Nobody else sees
the case; a document goes to the party and the department's officials only. Anyone reads the
published decisions (masked) in their period and every department's discretion benchmark.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html as lxml_html

from onewindow.market import penalties
from onewindow.market.penalty_models import Band, BandLevel, PenaltyDocumentKind, Stage
from onewindow.notifications.models import Notification
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.market import world as market_world
from tests.market.test_penalties import at, filed, notified
from tests.market.world import XF
from tests.test_english_complete import chinese_outside_zh

pytestmark = pytest.mark.django_db

MINE = reverse("portal:my-penalties")
PUBLIC = reverse("portal:market-penalties")
BENCHMARKS = reverse("portal:market-benchmarks")


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return market_world.build_for_penalties()


def party_of(case):
    return EnterpriseFactory._meta.model.objects.get(uscc=case.entity.uscc)


def neighbour_of(w, case):
    """Another restaurant of the world than the one the draw sent the inspectors to."""
    return next(entity for entity in w.restaurants if entity.uscc != case.entity.uscc)


def signed_in(client, user, language: str = "en"):
    """``client`` signed in as ``user`` now (whatever day the test travelled to)."""
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def text(response) -> str:
    """The page's visible text in <main>, spaces collapsed."""
    tree = lxml_html.fromstring(response.content.decode())
    return " ".join(" ".join(tree.xpath("//main")[0].itertext()).split())


def case_url(case) -> str:
    return reverse("portal:my-penalty", args=[case.number])


def document_url(case, kind) -> str:
    document = case.documents.get(kind=kind)
    return reverse("portal:my-penalty-document", args=[document.pk])


def simple_case(w):
    """A lighter-band case, 8,000 yuan alone: no hearing allowed (Art. 63), notified on
    Friday 20 March, to state by Friday 27 March."""
    case, officer = filed(w)
    EnterpriseFactory(uscc=case.entity.uscc, name=case.entity.name)
    lighter = Band.objects.get(violation=w.violation, level=BandLevel.LIGHTER)
    with at("2026-03-20"):
        penalties.add_evidence(case, actor=officer, title="询问笔录")
        penalties.notify(
            case, actor=officer, data={"band": lighter.pk, "fine": "8000", "grounds": "首次"}
        )
    case.refresh_from_db()
    return case, officer


def published_case(w):
    """The simple case decided (6,000 yuan), delivered and published on 30 March."""
    case, officer = simple_case(w)
    with at("2026-03-30"):
        penalties.proceed(case, actor=officer)
        penalties.decide(case, actor=w.head, data={"fine": "6000"})
        penalties.deliver(case, actor=officer, delivered_on="2026-03-30")
        publication = penalties.publish(case, actor=w.head)
    case.refresh_from_db()
    return case, publication


def test_the_party_follows_its_case_from_the_notice_to_the_fine_owed(client, world):
    w = world
    case, officer = notified(w)
    party = party_of(case)
    assert Notification.objects.filter(recipient=party, link=case_url(case)).exists()
    with at("2026-03-30"):
        listing = signed_in(client, party).get(MINE)
        page = client.get(case_url(case))
    assert listing.status_code == page.status_code == 200
    row = text(listing)
    assert case.number in row
    assert w.th.name_en in row
    assert "Party told, may state" in row
    assert "State and defend, or ask for a hearing, by 2 April 2026 Open" in row
    assert case_url(case) in listing.content.decode()
    body = text(page)
    for words in (
        w.violation.name_en,
        w.violation.provision_en,
        w.heavier.circumstances_en,
        "36,500.00 yuan to 50,000.00 yuan",
        "Fine of 40,000.00 yuan",
        "Suspension of production or business",
        "Prior notice of administrative penalty",
        "2 April 2026",
    ):
        assert words in body, words
    tree = lxml_html.fromstring(page.content.decode())
    assert tree.xpath('//textarea[@name="statement"]')
    assert tree.xpath('//input[@type="checkbox"][@name="hearing"]')
    notice_url = document_url(case, PenaltyDocumentKind.NOTICE)
    assert notice_url in page.content.decode()

    download = client.get(notice_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    notice = case.documents.get(kind=PenaltyDocumentKind.NOTICE)
    assert download["Content-Disposition"] == f'attachment; filename="{notice.number}.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    # the party asks for a hearing on the last day, in the hall
    with at("2026-04-02"):
        sent = signed_in(client, party).post(case_url(case), {"hearing": "on"})
        assert (sent.status_code, sent["Location"]) == (302, case_url(case))
        assert "Your request for a hearing is sent." in text(client.get(case_url(case)))
    case.refresh_from_db()
    assert (case.stage, case.hearing_requested_on) == (Stage.HEARING, date(2026, 4, 2))
    place = "天河区市场监管局听证室"
    with at("2026-04-03"):
        penalties.schedule_hearing(
            case,
            actor=officer,
            data={"hearing_on": "2026-04-15", "place": place, "host": w.host.pk},
        )
        page = signed_in(client, party).get(case_url(case))
    body = text(page)
    assert "You asked for a hearing on 2 April 2026." in body
    assert "Hearing on 15 April 2026 Coming" in body
    assert place in body
    assert not lxml_html.fromstring(page.content.decode()).xpath('//textarea[@name="statement"]')
    assert document_url(case, PenaltyDocumentKind.HEARING) in page.content.decode()

    with at("2026-04-15"):
        penalties.record_hearing(case, actor=w.host, record="当事人承认事实，请求从轻处罚。")
    with at("2026-04-16"):
        penalties.review(case, actor=w.reviewer, opinion="事实清楚，证据确凿，适用依据正确。")
    with at("2026-04-17"):
        penalties.decide(
            case,
            actor=w.head,
            data={"fine": "38000", "measures": ["warning"], "minutes": "局务会集体讨论，同意。"},
        )
    with at("2026-04-20"):
        penalties.deliver(case, actor=officer, delivered_on="2026-04-20")
    # due on 6 May; two days late on 8 May: 2 × 3 % of 38,000 (Art. 72)
    with at("2026-05-08"):
        listing = signed_in(client, party).get(MINE)
        page = client.get(case_url(case))
    assert "Pay the fine by 6 May 2026 Late: a late charge runs" in text(listing)
    body = text(page)
    for words in (
        "Fine 38,000.00 yuan",
        "Pay the fine by 6 May 2026",
        "Owed if paid today (8 May 2026) 40,280.00 yuan Late",
        "a late charge of 2,280.00 yuan",
        "Warning",
        "Administrative penalty decision",
    ):
        assert words in body, words
    assert document_url(case, PenaltyDocumentKind.DECISION) in page.content.decode()


def test_a_statement_without_text_is_refused_next_to_the_field_then_sent(client, world):
    case, _officer = notified(world)
    party = party_of(case)
    with at("2026-03-31"):
        refused = signed_in(client, party).post(case_url(case), {"statement": "  "})
        assert refused.status_code == 400
        tree = lxml_html.fromstring(refused.content.decode())
        widget = tree.get_element_by_id("id_statement")
        assert widget.get("aria-invalid") == "true"
        assert "This field is required." in tree.get_element_by_id("id_statement_error").text
        assert "#id_statement" in tree.xpath("//div[@data-error-summary]//a/@href")
        case.refresh_from_db()
        assert (case.stage, case.statement) == (Stage.NOTIFIED, "")

        sent = client.post(case_url(case), {"statement": "已整改，请求从轻处罚。"})
        assert sent.status_code == 302
        page = text(client.get(case_url(case)))
    case.refresh_from_db()
    assert (case.stage, case.stated_on) == (Stage.REVIEW, date(2026, 3, 31))
    assert "Your statement and defence are sent." in page
    assert "已整改，请求从轻处罚。" in page
    assert "Sent on 31 March 2026" in page


def test_after_the_deadline_the_form_is_gone_and_a_post_is_refused(client, world):
    case, _officer = notified(world)
    with at("2026-04-03"):
        page = signed_in(client, party_of(case)).get(case_url(case))
        late = client.post(case_url(case), {"statement": "迟到的申辩", "hearing": "on"})
    tree = lxml_html.fromstring(page.content.decode())
    assert not tree.xpath("//form[@method='post']//textarea")
    assert "The time to state and defend, or to ask for a hearing, ended on 2 April 2026." in (
        text(page)
    )
    assert "State and defend, or ask for a hearing, by 2 April 2026 Time is up" in text(page)
    assert late.status_code == 400
    assert "The time to state or to ask for a hearing ended on 2026-04-02." in text(late)
    assert not lxml_html.fromstring(late.content.decode()).xpath("//textarea")
    case.refresh_from_db()
    assert (case.stage, case.statement, case.hearing_requested_on) == (Stage.NOTIFIED, "", None)


def test_no_hearing_is_offered_when_the_penalty_does_not_allow_one(client, world):
    case, _officer = simple_case(world)
    assert not penalties.hearing_allowed(case)
    with at("2026-03-23"):
        page = signed_in(client, party_of(case)).get(case_url(case))
        forged = client.post(case_url(case), {"statement": "请求听证", "hearing": "on"})
    tree = lxml_html.fromstring(page.content.decode())
    assert tree.xpath('//textarea[@name="statement"]')
    assert not tree.xpath('//input[@name="hearing"]')
    assert "The penalty proposed does not allow a hearing" in text(page)
    assert forged.status_code == 400
    assert "The penalty proposed does not allow a hearing (Art. 63)." in text(forged)
    case.refresh_from_db()
    assert (case.stage, case.hearing_requested_on) == (Stage.NOTIFIED, None)


def test_only_the_party_sees_the_case_and_only_it_and_the_department_the_documents(client, world):
    w = world
    case, _officer = notified(w)
    notice_url = document_url(case, PenaltyDocumentKind.NOTICE)
    with at("2026-03-30"):
        for path in (MINE, case_url(case), notice_url):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"].startswith(reverse("portal:login"))
        assert client.post(case_url(case), {"statement": "x"}).status_code == 302

        neighbour = neighbour_of(w, case)
        other = EnterpriseFactory(uscc=neighbour.uscc, name=neighbour.name)
        signed_in(client, other)
        listing = client.get(MINE)
        assert listing.status_code == 200
        assert case.number not in listing.content.decode()
        assert "There is no administrative penalty case against your enterprise." in text(listing)
        assert client.get(case_url(case)).status_code == 404
        assert client.post(case_url(case), {"statement": "x"}).status_code == 404
        assert client.get(notice_url).status_code == 404

        for stranger in (CitizenFactory(), w.head):
            listing = signed_in(client, stranger).get(MINE)
            assert listing.status_code == 200
            assert case.number not in listing.content.decode()
            assert "shown to the enterprise they concern" in text(listing)
            assert client.get(case_url(case)).status_code == 404

        xf_officer = w.inspectors[XF][0].user
        assert signed_in(client, xf_officer).get(notice_url).status_code == 404
        assert signed_in(client, w.reviewer).get(notice_url).status_code == 200
        missing = reverse("portal:my-penalty-document", args=[999999])
        assert client.get(missing).status_code == 404
    case.refresh_from_db()
    assert (case.stage, case.statement) == (Stage.NOTIFIED, "")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_party_pages_render_in_both_languages(client, world, language):
    case, _officer = notified(world)
    with at("2026-03-30"):
        signed_in(client, party_of(case), language)
        pages = [client.get(MINE), client.get(case_url(case)), client.get(reverse("portal:my"))]
    for page in pages:
        assert page.status_code == 200
        assert page.headers["Content-Language"] == language
    assert MINE in pages[2].content.decode()
    assert ("2026年4月2日" if language == "zh-hans" else "2 April 2026") in pages[
        0
    ].content.decode()
    if language == "en":
        for page in pages[:2]:
            assert not chinese_outside_zh(page.content.decode())
    else:
        assert world.violation.name in pages[1].content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_published_decision_is_public_masked_found_by_uscc_and_gone_when_withdrawn(
    client, world, language
):
    case, publication = published_case(world)
    representative = case.entity.legal_representative.name
    masked = representative[0] + "*" * (len(representative) - 1)
    detail = reverse("portal:market-penalty", args=[publication.pk])
    client.cookies["django_language"] = language
    with at("2026-04-01"):
        listing = client.get(PUBLIC)
        found = client.get(PUBLIC, {"q": case.entity.uscc})
        other = client.get(PUBLIC, {"q": neighbour_of(world, case).uscc})
        page = client.get(detail)
    assert listing.status_code == found.status_code == page.status_code == 200
    for response in (listing, found, page):
        html = response.content.decode()
        assert case.entity.name in html
        assert case.entity.uscc in html
        assert masked in html
        assert representative not in html
    rows = lxml_html.fromstring(found.content.decode()).xpath('//table[@id="publications"]//tr')
    assert len(rows) == 2  # the header and the case
    assert detail in listing.content.decode()
    assert case.entity.uscc not in other.content.decode()
    if language == "en":
        assert world.violation.name_en in text(listing)
        assert "Fine of 6,000.00 yuan" in text(page)
        assert world.th.name_en in text(page)
        for response in (listing, found, page):
            assert not chinese_outside_zh(response.content.decode())
    else:
        assert world.violation.name in text(listing)

    # three months for a lower fine alone: gone after 30 June
    with at("2026-07-01"):
        assert client.get(detail).status_code == 404
        assert case.entity.uscc not in client.get(PUBLIC).content.decode()
    with at("2026-04-02"):
        penalties.withdraw_revoked(case, actor=world.head, note="行政复议决定撤销")
        assert client.get(detail).status_code == 404
        assert case.entity.uscc not in client.get(PUBLIC).content.decode()
    assert client.get(reverse("portal:market-penalty", args=[999999])).status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_benchmarks_show_every_band_in_both_languages(client, world, language):
    client.cookies["django_language"] = language
    response = client.get(BENCHMARKS)
    assert response.status_code == 200
    html = response.content.decode()
    tree = lxml_html.fromstring(html)
    table = tree.xpath(f'//table[caption[contains(., "{world.violation.code}")]]')[0]
    with translation.override(language):
        levels = [str(level.label) for level in BandLevel]
    assert [r.xpath("string(./th)") for r in table.xpath("./tbody/tr")] == levels
    if language == "en":
        page = text(response)
        assert world.violation.name_en in page
        assert world.heavier.circumstances_en in page
        assert "36,500.00 yuan to 50,000.00 yuan" in page
        assert "Suspension of production or business" in page
        assert world.th.name_en in page
        assert not chinese_outside_zh(html)
    else:
        assert world.violation.name in html
        assert world.heavier.circumstances in html


def test_the_random_inspections_page_links_the_public_penalty_pages(client, world):
    page = client.get(reverse("portal:market-inspections")).content.decode()
    assert PUBLIC in page
    assert BENCHMARKS in page
