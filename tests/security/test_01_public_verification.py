"""Issue 18, finding 1: "GET /api/v1/certificates/440100-GA-2026-000001/verify (no sign-in)
answers with the masked ID, the birth date and the address. Together they give
440106198806156736 exactly", and sequential numbers let anyone enumerate every e-ID card.

Replays the probe against the demo's 居民身份证 over HTTP: without the verification code
printed on the certificate nothing is answered, a guessed neighbour number answers like a
made-up one, and every public answer together reveals less than the masked ID.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from onewindow.accounts.models import User
from onewindow.catalog.models import CertificateType
from onewindow.certificates import services
from onewindow.certificates.models import Certificate
from onewindow.demo import certificates as demo_certificates
from tests.cases.conftest import (
    Staff,
    _media,  # noqa: F401 - fixtures
)
from tests.certificates.conftest import without_csrf
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.workbench.conftest import signed_in

pytestmark = pytest.mark.django_db

VICTIM_ID = "440106198806156736"  # the demo citizen 张晓明, born 1988-06-15, 天河区
PROBED = "440100-GA-2026-000001"
NEIGHBOUR = "440100-GA-2026-000002"
MADE_UP = "440100-GA-2026-000999"
SHANGHAI = ZoneInfo("Asia/Shanghai")
ISSUED = datetime(2026, 12, 1, 9, 13, 27, tzinfo=SHANGHAI)
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=SHANGHAI)
PRESENTED = {
    "type",
    "type_name",
    "holder_kind",
    "holder_name",
    "issuer",
    "issuer_name",
    "valid_from",
    "valid_until",
}


@pytest.fixture
def demo(catalogue, settings):
    """The demo's certificates as `onewindow demo` makes them, and a second e-ID card."""
    settings.ONEWINDOW_REQUIRE_OTP = False
    with time_machine.travel(ISSUED, tick=False):
        victim = CitizenFactory(username="citizen", real_name="张晓明", id_number=VICTIM_ID)
        EnterpriseFactory(username="enterprise")
        demo_certificates.ensure()
        services.issue(
            certificate_type=CertificateType.objects.get(code="resident_id_card"),
            holder=services.HolderIdentity.of(CitizenFactory()),
            facts=services.Facts(form={"address": "广州市越秀区北京路1号"}),
        )
    card = Certificate.objects.get(number=PROBED)
    assert card.holder_index == User.objects.get(pk=victim.pk).id_number_index
    return victim, card


def _api(language: str = "zh-hans") -> APIClient:
    return APIClient(headers={"accept-language": language})


def _page(language: str = "zh-hans") -> Client:
    return Client(headers={"accept-language": language})


def _without_clock(answer: dict) -> dict:
    return {key: value for key, value in answer.items() if key != "checked_at"}


def test_the_probe_no_longer_answers_without_the_code(demo):
    _victim, card = demo
    response = _api().get(f"/api/v1/certificates/{PROBED}/verify")
    assert response.status_code == 400
    assert list(response.json()) == ["code"]
    body = response.content.decode()
    for revealing in ("4401**", "1988", "天河", VICTIM_ID[-4:], "张"):
        assert revealing not in body
    page = _page().get(f"/certificates/verify/{PROBED}/").content.decode()
    for revealing in ("4401**", "1988", "天河", "张"):
        assert revealing not in page
    assert card.verification_code not in page


def _every_public_answer(card: Certificate, holder: User) -> list[str]:
    """Everything anyone can get from the public surface, knowing the number, the code and
    the signed data the holder handed over, in both languages."""
    code = card.verification_code
    envelope = signed_in(holder).get(f"/my/certificates/{card.number}/signed.json").json()
    answers = []
    for language in ("zh-hans", "en"):
        api, page = _api(language), _page(language)
        answers += [
            api.get(f"/api/v1/certificates/{card.number}/verify", {"code": code}),
            api.get(f"/api/v1/certificates/{card.number}/verify"),
            api.post("/api/v1/certificates/verify", envelope, format="json"),
            page.get(f"/certificates/verify/{card.number}/", {"code": code}),
            page.get(f"/certificates/verify/{card.number}/"),
            page.post("/certificates/verify/", {"signed": json.dumps(envelope)}),
        ]
    for response in answers:
        if response["Content-Type"].startswith("application/json"):
            certificate = response.json().get("certificate")
            assert certificate is None or set(certificate) == PRESENTED
    return [response.content.decode() for response in answers]


def _birth_date_forms(day: date) -> list[str]:
    return [
        day.isoformat(),
        day.strftime("%Y%m%d"),
        day.strftime("%Y/%m/%d"),
        day.strftime("%Y.%m.%d"),
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y年%m月%d日"),
        day.strftime("%B %-d, %Y"),
        day.strftime("%-d %B %Y"),
        day.strftime("%b. %-d, %Y"),
        str(day.year),  # the year alone narrows the number to a few thousand candidates
    ]


def test_no_combination_of_public_answers_reveals_more_than_the_masked_id(demo):
    victim, card = demo
    head = Staff().head("440100-GA")
    seen = []
    with time_machine.travel(NOW, tick=False):
        seen += _every_public_answer(card, victim)
    with time_machine.travel(datetime(2041, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        seen += _every_public_answer(card, victim)  # expired
    services.revoke(number=card.number, actor=head, reason="证件遗失，已补领新证")
    seen += _every_public_answer(card, victim)
    everything = "\n".join(seen)

    for answered in ('"valid"', '"expired"', '"revoked"', "Revoked", "已补领新证"):
        assert answered in everything  # the answers did answer, in each standing
    assert "张*明" in everything
    # The ID number: not whole, not its region, not its birth digits, not even masked.
    hidden = VICTIM_ID[4:14]
    for n in range(4, len(hidden) + 1):  # every run of four or more hidden digits
        for start in range(len(hidden) - n + 1):
            assert hidden[start : start + n] not in re.sub(r"\D", " ", everything).split(), hidden[
                start : start + n
            ]
    for part in (VICTIM_ID, VICTIM_ID[:6], VICTIM_ID[6:14], VICTIM_ID[:4] + "*"):
        assert part not in everything, part
    for form in _birth_date_forms(date(1988, 6, 15)):
        assert form not in everything, form
    for part in ("天河区", "体育西路", "103号", "Tianhe", "张晓明"):
        assert part not in everything, part
    # Nor what lets anyone test guesses offline: the digest over the full data, the issue time.
    assert card.digest not in everything
    for issued in (card.issued_at, card.issued_at.astimezone(SHANGHAI)):
        assert issued.isoformat(timespec="minutes")[:16] not in everything


def test_a_guessed_sequential_number_answers_like_a_made_up_one(demo):
    neighbour = Certificate.objects.get(number=NEIGHBOUR)
    guesses = ["", "ABCDE-FGHJK", neighbour.verification_code[:-1] + "2", "2222222222"]
    guesses = [g for g in guesses if g != neighbour.verification_code]
    with time_machine.travel(NOW, tick=False):
        for guess in guesses:
            query = {"code": guess} if guess else {}
            real = _api().get(f"/api/v1/certificates/{NEIGHBOUR}/verify", query)
            fake = _api().get(f"/api/v1/certificates/{MADE_UP}/verify", query)
            assert real.status_code == fake.status_code
            real_body, fake_body = real.json(), fake.json()
            if guess:
                assert real_body["status"] == "not_found"
                assert real_body.pop("number") == NEIGHBOUR
                assert fake_body.pop("number") == MADE_UP
                real_body, fake_body = _without_clock(real_body), _without_clock(fake_body)
            assert real_body == fake_body, guess

            pages = [
                _page().get(f"/certificates/verify/{number}/", query).content.decode()
                for number in (NEIGHBOUR, MADE_UP)
            ]
            assert without_csrf(pages[0]) == without_csrf(pages[1].replace(MADE_UP, NEIGHBOUR))
