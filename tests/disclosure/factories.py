"""Published disclosure documents for the public side's tests, written directly (the publishing
workflow has its own tests) and indexed as publication indexes them."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from django.utils import timezone

from onewindow.accounts.models import Department
from onewindow.disclosure import search
from onewindow.disclosure.models import Document, DocumentStatus, Guide, Validity
from onewindow.disclosure.vocab import Category

_sequence = itertools.count(1)


def published(agency: Department, *, title: str, category: str = Category.RULES, **fields):
    """A published document of ``agency`` with an index number ``<code>/<year>-<seq>``."""
    when = fields.pop("published_at", None) or timezone.make_aware(datetime(2026, 3, 2, 10))
    fields.setdefault("index_number", f"{agency.code}/{when.year}-{next(_sequence):05d}")
    fields.setdefault("body", f"{title}。本文件自发布之日起施行。")
    fields.setdefault("formed_on", when.date())
    doc = Document.objects.create(
        agency=agency,
        title=title,
        category=category,
        status=fields.pop("status", DocumentStatus.PUBLISHED),
        published_at=when,
        **fields,
    )
    search.index_document(doc)
    return doc


def repeal(doc: Document, *, on: date, replaced_by: Document | None = None) -> Document:
    doc.validity = Validity.REPEALED
    doc.ended_on = on
    doc.replaced_by = replaced_by
    doc.save()
    search.index_document(doc)
    return doc


def guide(agency: Department, **fields) -> Guide:
    fields.setdefault("office", f"{agency.name}政府信息公开办公室")
    fields.setdefault("office_en", "Government Information Disclosure Office")
    fields.setdefault("address", "广州市越秀区府前路1号")
    fields.setdefault("phone", "020-83123456")
    fields.setdefault("text", "申请人可以通过网上平台、信函或当面提出政府信息公开申请。")
    fields.setdefault("text_en", "Apply online, by letter or in person.")
    return Guide.objects.create(agency=agency, **fields)
