"""Under real concurrency (PostgreSQL, threads with their own connections): two heads
publishing at once get consecutive index numbers, and of two reviewers acting on one version
exactly one gets through."""

import pytest
from django.db import connection

from onewindow.disclosure.errors import StaleDocument
from onewindow.disclosure.models import Document, DocumentEvent
from onewindow.disclosure.services import publishing
from tests.cases.test_concurrent_join import run_together
from tests.disclosure.conftest import draft_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are proven on PostgreSQL")
    return world


def _in_review(world):
    doc = publishing.create_draft(actor=world.officer, **draft_data())
    return publishing.submit_for_review(pk=doc.pk, actor=world.officer, version=doc.version)


def test_two_publications_at_once_get_consecutive_index_numbers(office):
    docs = []
    for _ in range(2):
        doc = _in_review(office)
        docs.append(
            publishing.review(pk=doc.pk, actor=office.reviewer, version=doc.version, passed=True)
        )
    errors = run_together(
        *(
            lambda d=d: publishing.approve_and_publish(
                pk=d.pk, actor=office.head, version=d.version
            )
            for d in docs
        )
    )
    assert errors == []
    numbers = sorted(Document.objects.values_list("index_number", flat=True))
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["00001", "00002"]


def test_two_reviewers_on_one_version_one_gets_through(office):
    doc = _in_review(office)
    errors = run_together(
        lambda: publishing.review(
            pk=doc.pk, actor=office.reviewer, version=doc.version, passed=True
        ),
        lambda: publishing.review(
            pk=doc.pk, actor=office.reviewer2, version=doc.version, passed=False, note="退回"
        ),
    )
    assert len(errors) == 1
    assert isinstance(errors[0], StaleDocument)
    assert DocumentEvent.objects.filter(document=doc, action__startswith="review").count() == 1
