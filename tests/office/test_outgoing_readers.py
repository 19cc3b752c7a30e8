"""Who reads an outgoing document has one rule (``office.authority.may_read``); the list the
API pages through (``office.selectors.readable``) asks it as one query and must agree with it
for every person and every document: drafts, documents asked to countersign, documents sent."""

from __future__ import annotations

import pytest

from onewindow.office import authority, selectors
from onewindow.office.models import OutgoingDocument
from tests.factories import CitizenFactory
from tests.office import incoming_world
from tests.office.outgoing_world import countersigned, drafted

pytestmark = pytest.mark.django_db


def test_the_readable_list_agrees_with_may_read_for_everyone(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = incoming_world.build_incoming()
    drafted(w, countersigners=["440100-CG"])
    countersigned(w)
    incoming_world.sent_request(w)  # 越秀's 请示, sent to 市场监管局
    people = [value for value in vars(w).values() if hasattr(value, "is_official")]
    people.append(CitizenFactory())
    documents = list(OutgoingDocument.objects.all())
    assert len(documents) == 3
    assert len(people) > 10
    for person in people:
        expected = {d.pk for d in documents if authority.may_read(person, d)}
        found = set(selectors.readable(person).values_list("pk", flat=True))
        assert found == expected, person.username
