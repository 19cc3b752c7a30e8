"""The demo's consultations: a 20-article draft open with comments from three citizens and an
enterprise, a masked ID number, a rejected advert, a queue; a published report with a diff; a
late report carded by the ledger; made once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from onewindow.demo import participation_consultations as demo
from onewindow.participation.models import Comment, Consultation
from onewindow.participation.selectors import consultations as selectors
from onewindow.supervision.models import Card, Matter
from onewindow.supervision.services import raise_cards
from tests.factories import CitizenFactory
from tests.participation.consultation_world import verify

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_whole_story_once(world):
    User = get_user_model()
    User.objects.filter(pk=world.citizen.pk).update(username="citizen")
    User.objects.filter(pk=world.enterprise.pk).update(username="enterprise")
    verify(CitizenFactory(username="resident_liede", real_name="陈街坊"))
    verify(CitizenFactory(username="resident_beijing", real_name="骆市民"))
    first = demo.ensure()
    assert first == demo.ensure()  # idempotent
    property_ = Consultation.objects.get(title=demo.PROPERTY)
    assert (property_.status, property_.articles.count()) == ("open", 20)
    authors = set(property_.comments.values_list("author__username", flat=True))
    assert {"citizen", "resident_liede", "resident_beijing", "enterprise"} <= authors
    masked = property_.comments.get(personal_data_found=True)
    assert masked.status == "published"
    assert masked.author.id_number not in masked.public_body
    assert property_.comments.filter(status="rejected", reason="advertising").exists()
    assert Comment.objects.filter(status="pending").count() == first["pending"] >= 3
    lifts = Consultation.objects.get(title=demo.LIFTS)
    view = selectors.report_view(selectors.published_report(lifts.number))
    assert "<ins>" in view["rows"][2].diff
    parking = Consultation.objects.get(title=demo.PARKING)
    assert parking.status == "closed"
    raise_cards()
    matter = Matter.objects.get(kind="consultation-report", key=parking.number)
    assert matter.card == Card.YELLOW
