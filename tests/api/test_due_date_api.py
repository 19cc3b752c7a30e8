"""GET /api/v1/calendar/due-date: the public deadline calculator."""

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/calendar/due-date"


def test_due_date_across_national_day(client):
    response = client.get(URL, {"start": "2026-09-30", "working_days": 1})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-09-30",
        "working_days": 1,
        "due_date": "2026-10-08",
        "fallback": False,
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-13-01", "working_days": 1}, "start"),
        ({"working_days": 1}, "start"),
        ({"start": "2026-09-30", "working_days": -1}, "working_days"),
        ({"start": "2026-09-30", "working_days": "many"}, "working_days"),
        ({"start": "2026-09-30"}, "working_days"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_parameter(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_an_unpublished_year_gets_a_400_that_says_so(client):
    response = client.get(
        URL, {"start": "2027-03-01", "working_days": 5}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "2027" in response.json()["start"][0]


def test_the_calculator_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/calendar/due-date" in schema["paths"]
    assert "/api/v1/accounts/register" in schema["paths"]
