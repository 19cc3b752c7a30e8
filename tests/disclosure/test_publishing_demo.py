"""The demo's proactive disclosure, made through the real services, once."""

import pytest

from onewindow.demo import disclosure_publishing
from onewindow.disclosure import ledger
from onewindow.disclosure.models import Document, DocumentStatus, Guide, Validity
from onewindow.disclosure.selectors import documents as selectors
from onewindow.supervision.models import Matter
from onewindow.supervision.services import raise_cards

pytestmark = pytest.mark.django_db


def test_the_demo_is_made_once_with_a_repeal_a_caught_id_and_an_overdue_draft(world):
    made = disclosure_publishing.ensure()
    assert made == {"guides": 2, "published": 12, "repealed": 1, "drafts": 2}
    assert disclosure_publishing.ensure() == {
        "guides": 0, "published": 0, "repealed": 0, "drafts": 0,
    }  # fmt: skip
    assert Guide.objects.count() == 2
    published = Document.objects.filter(status=DocumentStatus.PUBLISHED)
    assert published.count() == 12
    assert published.values("category").distinct().count() >= 10
    repealed = published.get(validity=Validity.REPEALED)
    assert repealed.replaced_by.number == "穗市监规字〔2026〕5号"
    in_review = Document.objects.get(status=DocumentStatus.REVIEW)
    assert {f.kind for f in selectors.findings(in_review)} >= {"id_number", "mobile", "name"}
    overdue = Document.objects.get(status=DocumentStatus.DRAFT)
    raise_cards()
    assert Matter.objects.get(kind=ledger.KIND, key=str(overdue.pk)).red_at is not None
