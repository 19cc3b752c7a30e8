"""A citizen's app polls a case's status: a small answer, and 304 while nothing changed."""

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_parallel_review_api import client_for
from tests.cases.test_single_department_lifecycle import WJ, at
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(catalogue, citizen):
    item = ServiceItem.objects.get(code=SINGLE)
    with at(date(2026, 11, 2)):
        return services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )


def status_url(case) -> str:
    return f"/api/v1/cases/{case.number}/status/"


def test_the_status_answer_carries_the_dates_and_an_etag_until_the_case_changes(
    case, citizen, staff
):
    applicant = client_for(citizen)
    first = applicant.get(status_url(case))
    assert first.status_code == 200
    body = first.json()
    assert (body["number"], body["status"], body["version"]) == (case.number, "submitted", 1)
    assert body["intake_due"] == "2026-11-09"
    assert "form_data" not in body
    assert first["ETag"] == '"1"'

    unchanged = applicant.get(status_url(case), HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    with at(date(2026, 11, 3)):
        services.accept(number=case.number, actor=staff.clerk(WJ))
    changed = applicant.get(status_url(case), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["status"] == "in_review"
    assert changed.json()["promised_due"]
    assert changed["ETag"] == '"2"'


@pytest.mark.parametrize("who", ["another citizen", "an official of another department"])
def test_others_are_told_the_case_does_not_exist_even_with_its_etag(case, staff, who):
    other = CitizenFactory() if who == "another citizen" else staff.clerk("440100-SCJG")
    unknown = client_for(other).get("/api/v1/cases/440100-20261102-99999/status/")
    for headers in ({}, {"HTTP_IF_NONE_MATCH": '"1"'}):
        response = client_for(other).get(status_url(case), **headers)
        assert response.status_code == unknown.status_code == 404
        # The same answer as for a number that does not exist: nothing of the case in it.
        assert response.json()["detail"] == unknown.json()["detail"].replace(
            "440100-20261102-99999", case.number
        )
        assert "ETag" not in response


def test_anonymous_polling_is_refused(case):
    from rest_framework.test import APIClient

    response = APIClient().get(status_url(case))
    assert response.status_code in (401, 403)
    assert "ETag" not in response
