"""The catalogue as open data: CSV (UTF-8 with BOM) and JSON, every row held to the data
dictionary."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from django.urls import reverse

from onewindow.disclosure import datasets
from onewindow.disclosure.vocab import Category
from tests.disclosure import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(agencies):
    scjg, mz = agencies
    new = factories.published(
        scjg, title="新办法", title_en="New rules", number="穗市监〔2026〕1号"
    )
    old = factories.published(mz, title='旧办法, 含逗号和"引号"', category=Category.SOCIAL)
    factories.repeal(old, on=date(2026, 6, 1), replaced_by=new)
    return new, old


def check(row: dict[str, str]) -> None:
    """A row matches the dictionary: exactly its fields, required ones filled, types parse."""
    assert list(row) == datasets.FIELDS
    for field in datasets.DICTIONARY:
        value = row[field.name]
        if not value:
            assert not field.required, field.name
            continue
        if field.type == "date":
            date.fromisoformat(value)
        elif field.type == "datetime":
            assert datetime.fromisoformat(value).tzinfo is not None
        elif field.type == "enum":
            assert value in field.values, (field.name, value)
    assert re.fullmatch(r"[\w-]+/\d{4}-\d{5}", row["index_number"])


def test_csv_has_a_bom_and_every_row_matches_the_dictionary(client, catalogue):
    response = client.get(reverse("portal:disclosure-dataset-csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    for row in rows:
        check(row)
    old = next(r for r in rows if r["validity"] == "repealed")
    assert old["title"] == '旧办法, 含逗号和"引号"'
    assert old["replaced_by"] == catalogue[0].index_number
    assert old["ended_on"] == "2026-06-01"


def test_json_carries_the_dictionary_and_matching_records(client, catalogue):
    body = client.get(reverse("portal:disclosure-dataset-json")).json()
    assert [f["name"] for f in body["dictionary"]] == datasets.FIELDS
    assert all(f["meaning_zh"] and f["meaning_en"] for f in body["dictionary"])
    assert len(body["records"]) == 2
    for row in body["records"]:
        check(row)


def test_the_dataset_page_shows_the_dictionary(client, catalogue):
    page = client.get(reverse("portal:disclosure-datasets")).content.decode()
    for field in datasets.DICTIONARY:
        assert field.name in page
        assert field.meaning_zh in page
