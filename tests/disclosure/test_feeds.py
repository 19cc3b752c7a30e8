"""Atom feeds (RFC 4287) per agency and per category: parsed by feedparser and valid against
the RELAX NG schema of RFC 4287 Appendix B (tests/disclosure/data/atom.rnc)."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import rnc2rng
from django.urls import reverse
from lxml import etree

from onewindow.disclosure.vocab import Category
from tests.disclosure import factories

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).parent / "data" / "atom.rnc"


@pytest.fixture(scope="module")
def atom_schema():
    # rnc2rng declares the RFC's empty ``local`` prefix (xmlns:local=""), which XML forbids;
    # the grammar itself uses it only as ``nsName ns=""``.
    rng = rnc2rng.dumps(rnc2rng.load(str(SCHEMA))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode()))


def valid(schema, content: bytes) -> None:
    document = etree.fromstring(content)
    assert schema.validate(document), schema.error_log


def test_the_agency_feed_is_valid_atom_with_its_documents(client, agencies, atom_schema):
    scjg, mz = agencies
    doc = factories.published(scjg, title="食品抽检结果公告", category=Category.SUPERVISION)
    factories.published(mz, title="民政的公告")
    response = client.get(reverse("portal:disclosure-agency-feed", args=[scjg.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    valid(atom_schema, response.content)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == ["食品抽检结果公告"]
    entry = parsed.entries[0]
    assert entry.link.endswith(f"/disclosure/documents/{doc.index_number}/")
    assert entry.id == f"urn:onewindow:disclosure:{doc.index_number}"


def test_the_category_feed_spans_agencies_and_is_valid(client, agencies, atom_schema):
    scjg, mz = agencies
    factories.published(scjg, title="市场监管局预算", category=Category.BUDGETS)
    factories.published(mz, title="民政局预算", category=Category.BUDGETS)
    factories.published(mz, title="民政局规划", category=Category.PLANS)
    response = client.get(reverse("portal:disclosure-category-feed", args=["budgets"]))
    valid(atom_schema, response.content)
    parsed = feedparser.parse(response.content)
    assert {e.title for e in parsed.entries} == {"市场监管局预算", "民政局预算"}


def test_an_empty_feed_is_still_valid_and_unknown_ones_are_not_found(client, agencies, atom_schema):
    response = client.get(reverse("portal:disclosure-category-feed", args=["recruitment"]))
    valid(atom_schema, response.content)
    assert client.get("/disclosure/feeds/category/nope.atom").status_code == 404
    assert client.get("/disclosure/feeds/agency/NOPE.atom").status_code == 404


def test_the_schema_rejects_a_feed_without_an_id(atom_schema):
    bad = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
        b"<updated>2026-01-01T00:00:00Z</updated></feed>"
    )
    assert not atom_schema.validate(etree.fromstring(bad))
