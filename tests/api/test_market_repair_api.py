"""Credit repair through the API: the enterprise reads what it may repair and applies with a
multipart body (bad input 400 naming the field, nothing saved); the head reads the queue and
decides (refusing without reasons is 400); others get 403 or 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from onewindow.market.credit_models import RepairApplication, RepairStatus
from onewindow.market.penalty_models import BandLevel
from tests.cases.conftest import pdf_bytes
from tests.factories import CitizenFactory
from tests.market import world as market_world
from tests.market.test_credit_repair import decided
from tests.market.test_penalties import at

MINE = "/api/v1/market/my-repairs/"
QUEUE = "/api/v1/market/repairs/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def case_world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return market_world.build_for_penalties()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_application_and_its_decision_through_the_api(case_world):
    w = case_world
    case, publication, party, officer = decided(w, BandLevel.ORDINARY, "20000")
    from onewindow.market import penalties

    with at("2027-04-20"):
        penalties.record_payment(case, actor=officer, paid_on="2027-04-20")
        mine = api(party).get(MINE)
        assert mine.status_code == 200
        (option,) = mine.json()["options"]
        assert option["record"] == f"p{publication.pk}"
        assert option["eligible"] is True
        bad = api(party).post(
            MINE, {"record": option["record"], "committed": "false", "correction": ""},
            format="multipart",
        )  # fmt: skip
        assert bad.status_code == 400
        assert {"commitment", "correction", "evidence"} <= set(bad.json())
        assert not RepairApplication.objects.exists()
        sent = api(party).post(
            MINE,
            {"record": option["record"], "committed": "true", "correction": "已整改",
             "evidence": SimpleUploadedFile("凭证.pdf", pdf_bytes("凭证"))},
            format="multipart",
        )  # fmt: skip
        assert sent.status_code == 201, sent.content
        body = sent.json()
        assert body["status"] == "pending"
        assert body["penalty_case"] == case.number
        pk = body["id"]

        assert api(CitizenFactory()).get(MINE).status_code == 403
        assert api(officer).get(QUEUE).json()["count"] == 0  # not a head: nothing to decide
        assert api(w.xf_head).get(f"{QUEUE}{pk}/").status_code == 404
        assert api(party).get(QUEUE).status_code == 403
        queue = api(w.head).get(QUEUE).json()
        assert [row["reference"] for row in queue["results"]] == [body["reference"]]
        refused = api(w.head).post(f"{QUEUE}{pk}/decide/", {"grant": False}, format="json")
        assert refused.status_code == 400
        assert "reason" in refused.json()
        granted = api(w.head).post(f"{QUEUE}{pk}/decide/", {"grant": True}, format="json")
        assert granted.status_code == 200
    assert RepairApplication.objects.get().status == RepairStatus.GRANTED
    publication.refresh_from_db()
    assert publication.withdrawn_on is not None
