"""Issue 18, finding 14: "POST /api/v1/certificates/verify reports valid for signed data whose
digest field contradicts the data. A copy that contradicts itself is tampered."

Replays it over HTTP: the holder's downloaded signed data with another digest, on the API and
on the verification page.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from onewindow.certificates import signing
from onewindow.certificates.models import Certificate
from tests.certificates.conftest import (  # noqa: F401 - fixtures
    _media,
    enterprise,
    granted,
    staff,
)
from tests.conftest import zh
from tests.workbench.conftest import signed_in, text

pytestmark = pytest.mark.django_db

CONTRADICTION = "The digest in this copy does not match its data: the copy contradicts itself."


@pytest.fixture
def envelope(granted, settings):  # noqa: F811 - the shared fixture
    settings.ONEWINDOW_REQUIRE_OTP = False
    number = Certificate.objects.get().number
    return signed_in(granted.applicant).get(f"/my/certificates/{number}/signed.json").json()


def _other_digests(envelope: dict) -> list:
    other = dict(envelope["certificate"], number="440100-SCJG-2026-999999")
    return [
        signing.digest(other),  # the digest of other data
        "0" * 64,
        envelope["digest"].upper(),
        "",
        None,
    ]


def test_the_api_calls_a_copy_whose_digest_contradicts_its_data_tampered(envelope):
    api = APIClient()
    genuine = api.post("/api/v1/certificates/verify", envelope, format="json").json()
    assert genuine["status"] == "valid"
    for digest in _other_digests(envelope):
        answer = api.post(
            "/api/v1/certificates/verify", {**envelope, "digest": digest}, format="json"
        ).json()
        assert (answer["status"], answer["certificate"]) == ("tampered", None), digest
        assert answer["reason"] == zh(CONTRADICTION)
    missing = {key: value for key, value in envelope.items() if key != "digest"}
    answer = api.post("/api/v1/certificates/verify", missing, format="json").json()
    assert answer["status"] == "tampered"


def test_the_verification_page_calls_it_tampered_too(envelope):
    contradicting = {**envelope, "digest": "0" * 64}
    page = text(Client().post("/certificates/verify/", {"signed": json.dumps(contradicting)}))
    assert zh("Tampered: not genuine") in page
    assert zh(CONTRADICTION) in page
    english = Client(headers={"accept-language": "en"}).post(
        "/certificates/verify/", {"signed": json.dumps(contradicting)}
    )
    assert CONTRADICTION in text(english)
