"""The demo's published documents: every Art. 20 category, realistic index numbers, a repealed
rule with its replacement, guides, searchable, and made once."""

from __future__ import annotations

import re

import pytest

from onewindow.accounts import departments_data
from onewindow.demo import disclosure_public
from onewindow.disclosure import search
from onewindow.disclosure.models import Document, Guide, Validity
from onewindow.disclosure.vocab import Category

pytestmark = pytest.mark.django_db


def test_demo_documents_cover_every_category_and_are_made_once(db):
    departments_data.load()
    assert disclosure_public.ensure() == disclosure_public.COUNT
    assert disclosure_public.ensure() == 0
    documents = Document.objects.filter(source=disclosure_public.SOURCE)
    assert set(documents.values_list("category", flat=True)) == set(Category.values)
    assert all(
        re.fullmatch(r"440100-[A-Z]+/\d{4}-\d{5}", n)
        for n in documents.values_list("index_number", flat=True)
    )
    assert all(d.title_en and d.body_en for d in documents)
    repealed = documents.filter(validity=Validity.REPEALED)
    assert repealed.exists()
    assert all(d.replaced_by_id and d.ended_on for d in repealed)
    assert Guide.objects.count() == len(disclosure_public.AGENCIES)
    assert len(documents.first().body) > 100
    assert search.search("部门预算", search.Filters()).total >= 1
