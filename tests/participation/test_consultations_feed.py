"""The Atom feed of new consultations and published feedback reports (RFC 4287): parsed by
feedparser and valid against RFC 4287's RELAX NG schema (tests/disclosure/data/atom.rnc)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import feedparser
import pytest
import rnc2rng
from django.urls import reverse
from lxml import etree

from onewindow.participation.services import consultations as services
from tests.participation.consultation_world import at, draft, opened

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).parent.parent / "disclosure" / "data" / "atom.rnc"


@pytest.fixture(scope="module")
def atom_schema():
    # rnc2rng declares RFC 4287's empty ``local`` prefix, which XML forbids (see disclosure).
    rng = rnc2rng.dumps(rnc2rng.load(str(SCHEMA))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode()))


def test_the_feed_lists_new_consultations_and_reports_and_is_valid_atom(client, world, atom_schema):
    consultation = opened(world)
    draft(world)  # a draft is never in the feed
    with at(date(2026, 4, 2)):
        services.close(consultation, actor=world.officer)
        services.save_summary(consultation, actor=world.officer, summary="未收到意见。")
        services.publish_report(consultation, actor=world.officer)
    response = client.get(reverse("portal:participation-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    document = etree.fromstring(response.content)
    assert atom_schema.validate(document), atom_schema.error_log
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    ids = [e.id for e in parsed.entries]
    assert ids == [
        f"urn:onewindow:consultation-report:{consultation.number}",
        f"urn:onewindow:consultation:{consultation.number}",
    ]
    assert parsed.entries[0].link.endswith(
        f"/participation/consultations/{consultation.number}/report/"
    )


def test_an_empty_feed_is_valid_too(client, world, atom_schema):
    response = client.get(reverse("portal:participation-feed"))
    assert atom_schema.validate(etree.fromstring(response.content)), atom_schema.error_log
    assert feedparser.parse(response.content).entries == []
