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
        "provisional": False,
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


def test_a_deadline_in_an_unpublished_year_is_computed_and_marked_provisional(
    client, unpublished_year
):
    # Seen on 2026-12-05: 20 working days ran into 2027, whose arrangement is not published.
    unpublished_year(2027)
    response = client.get(URL, {"start": "2026-12-05", "working_days": 20})
    assert response.status_code == 200
    # 19 working days are left in December 2026; 2027 is counted Monday to Friday.
    assert response.json()["due_date"] == "2027-01-01"
    assert response.json()["provisional"] is True
    within = client.get(URL, {"start": "2026-11-02", "working_days": 5}).json()
    assert within["provisional"] is False


def test_the_calculator_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/calendar/due-date" in schema["paths"]
    assert "/api/v1/accounts/register" in schema["paths"]
    answer = schema["components"]["schemas"]["DueDate"]
    assert answer["properties"]["provisional"]["type"] == "boolean"
    assert "provisional" in answer["required"]
