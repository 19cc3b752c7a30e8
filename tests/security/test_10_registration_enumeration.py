"""Finding 10: an anonymous, unthrottled request learnt which ID numbers, USCCs and usernames
had accounts at registration. Replayed over the API: a duplicate now shows only after the SMS
step, and the requests are rate-limited."""

import pytest
from rest_framework.test import APIClient

from tests.factories import CitizenFactory, EnterpriseFactory
from tests.identity import person_record

pytestmark = pytest.mark.django_db
URL = "/api/v1/accounts/register"


def probe(**identity):
    body = {"username": "probe", "password": "Str0ng-Probe-2026", "phone": "13700137000"}
    body["code"] = "123456"
    return body | identity


@pytest.fixture
def taken():
    citizen = CitizenFactory(username="taken.name", real_name="赵一")
    person_record("赵一", citizen.id_number)
    return citizen, EnterpriseFactory()


def test_a_taken_id_number_username_or_uscc_answers_like_a_free_one(taken):
    citizen, enterprise = taken
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    free_id = "11010519491231002X"
    pairs = [
        (
            probe(kind="citizen", real_name="赵一", id_number=citizen.id_number),
            probe(kind="citizen", real_name="赵一", id_number=free_id),
        ),
        (
            probe(kind="citizen", username="taken.name", real_name="赵一", id_number=free_id),
            probe(kind="citizen", username="free.name", real_name="赵一", id_number=free_id),
        ),
        (
            probe(kind="enterprise", name=enterprise.enterprise_name, uscc=enterprise.uscc),
            probe(kind="enterprise", name="某公司", uscc="91440106MA59XXXX45"),
        ),
    ]
    for taken_body, free_body in pairs:
        taken_answer = client.post(URL, taken_body, format="json")
        free_answer = client.post(URL, free_body, format="json")
        assert taken_answer.status_code == free_answer.status_code == 400
        assert (
            taken_answer.json()
            == free_answer.json()
            == {"code": ["Ask for a verification code first."]}
        )


def test_registration_attempts_are_rate_limited_per_address(settings, taken):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "code_try_address": (3, 3600),
    }
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    statuses = [
        client.post(
            URL,
            probe(
                kind="citizen",
                real_name="赵一",
                id_number=taken[0].id_number,
                phone=f"1370013700{n}",
            ),
            format="json",
        )
        for n in range(4)
    ]
    assert [r.status_code for r in statuses] == [400, 400, 400, 429]
    assert "Retry-After" in statuses[-1]
    assert "Too many requests" in statuses[-1].json()["detail"]


def test_asking_for_codes_is_rate_limited_per_address(settings, console):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "code_send_address": (2, 3600),
    }
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/accounts/phone-codes",
            {"phone": f"1370013700{n}", "purpose": "register"},
            format="json",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [202, 202, 429]
