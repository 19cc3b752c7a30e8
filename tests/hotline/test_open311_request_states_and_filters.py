"""GET requests and GET requests/{id}: our states map onto open/closed with notes, dates are
ISO 8601 with the zone, the filters and the 90-day window work as the spec says, and only
tickets whose caller allowed publication are shown."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from defusedxml import ElementTree as ET
from django.utils import timezone

from onewindow.accounts.models import Department
from onewindow.hotline.models import Kind, Status
from tests.hotline.open311_fixtures import categories, ticket  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.RECEIVED, "open"),
        (Status.ACCEPTED, "open"),
        (Status.DISPATCHED, "open"),
        (Status.HANDLING, "open"),
        (Status.REPLIED, "open"),
        (Status.CALLBACK, "open"),
        (Status.CLOSED, "closed"),
        (Status.MERGED, "closed"),
        (Status.NOT_ACCEPTED, "closed"),
        (Status.ANSWERED, "closed"),
    ],
)
def test_each_of_our_states_is_open_or_closed(client, categories, status, expected):  # noqa: F811
    made = ticket(status=status)
    answer = client.get(f"/open311/v2/requests/{made.number}.json").json()
    assert len(answer) == 1
    assert answer[0]["status"] == expected


@time_machine.travel(NOW, tick=False)
def test_a_request_carries_the_ticket_department_due_date_and_place(client, categories):  # noqa: F811
    lead = Department.objects.get(code="440100-CG")
    made = ticket(
        status=Status.HANDLING,
        lead_department=lead,
        due_at=NOW + timedelta(days=3),
        address="天河路 100 号",
        latitude="23.135000",
        longitude="113.320000",
    )
    request = client.get(f"/open311/v2/requests/{made.number}.json").json()[0]
    assert list(request) == REQUEST_FIELDS
    assert request["service_request_id"] == made.number
    assert request["service_code"] == "street-light"
    assert request["service_name"] == "路灯不亮或损坏"
    assert request["agency_responsible"] == lead.name
    assert request["requested_datetime"] == "2026-12-01T10:00:00+08:00"
    assert request["updated_datetime"] == "2026-12-01T10:00:00+08:00"
    assert request["expected_datetime"] == "2026-12-04T10:00:00+08:00"
    assert (request["lat"], request["long"]) == (23.135, 113.32)
    assert request["address"] == "天河路 100 号"
    english = client.get(f"/open311/v2/requests/{made.number}.json", {"locale": "en"}).json()[0]
    assert english["service_name"] == "Street light out or broken"
    assert english["status_notes"] == "Being handled"
    assert english["agency_responsible"] == (lead.name_en or lead.name)


def test_closed_requests_say_why_in_their_notes(client, categories):  # noqa: F811
    closed = ticket(status=Status.CLOSED, reply="路灯已修复。", reply_en="The light is fixed.")
    refused = ticket(status=Status.NOT_ACCEPTED, not_accepted_reason="请拨打 110。")
    merged = ticket(status=Status.MERGED, merged_into=closed)
    notes = {
        r["service_request_id"]: r["status_notes"]
        for r in client.get(
            "/open311/v2/requests.json",
            {"service_request_id": f"{closed.number},{refused.number},{merged.number}"},
        ).json()
    }
    assert notes[closed.number] == "路灯已修复。"
    assert notes[refused.number] == "请拨打 110。"
    assert closed.number in notes[merged.number]
    english = client.get(f"/open311/v2/requests/{closed.number}.json", {"locale": "en"}).json()
    assert english[0]["status_notes"] == "The light is fixed."


def test_a_request_in_xml_has_the_spec_elements(client, categories):  # noqa: F811
    made = ticket()
    root = ET.fromstring(client.get(f"/open311/v2/requests/{made.number}.xml").content)
    assert root.tag == "service_requests"
    assert [r.tag for r in root] == ["request"]
    assert [c.tag for c in root[0]] == REQUEST_FIELDS
    assert root[0].findtext("service_request_id") == made.number
    assert root[0].findtext("status") == "open"
    assert root[0].findtext("lat") == ""  # no place given: an empty element


@pytest.mark.parametrize(
    "hidden", [{"public_allowed": False}, {"kind": Kind.REPORT}], ids=["private", "report"]
)
def test_a_ticket_not_meant_for_publication_is_not_found(client, categories, hidden):  # noqa: F811
    secret = ticket(**hidden)
    made_up = client.get("/open311/v2/requests/T-999999.json")
    response = client.get(f"/open311/v2/requests/{secret.number}.json")
    assert response.status_code == made_up.status_code == 404
    assert response.json() == made_up.json()
    listed = client.get("/open311/v2/requests.json").json()
    assert secret.number not in {r["service_request_id"] for r in listed}


@time_machine.travel(NOW, tick=False)
def test_requests_are_filtered_by_service_status_and_dates(client, categories):  # noqa: F811
    light = ticket(received_at=NOW - timedelta(days=1))
    road = ticket(code="road-damage", status=Status.CLOSED, received_at=NOW - timedelta(days=2))
    old = ticket(received_at=NOW - timedelta(days=100))

    def ids(**params):
        response = client.get("/open311/v2/requests.json", params)
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in response.json()]

    assert ids() == [light.number, road.number]  # the last 90 days, newest first
    assert ids(service_code="road-damage") == [road.number]
    assert ids(service_code="road-damage,street-light") == [light.number, road.number]
    assert ids(status="open") == [light.number]
    assert ids(status="closed") == [road.number]
    assert ids(status="open,closed") == [light.number, road.number]
    assert ids(start_date="2026-08-01T00:00:00+08:00", end_date="2026-10-01T00:00:00+08:00") == [
        old.number
    ]
    assert ids(start_date="2026-11-30T00:00:00Z") == [light.number]
    # ids override every other filter, the window too
    assert ids(service_request_id=f"{old.number},{road.number}", status="open") == [
        road.number,
        old.number,
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "pending"}, "status is open or closed"),
        ({"start_date": "yesterday"}, "start_date is not a w3 date and time"),
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "start_date and end_date may not span more than 90 days",
        ),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(client, categories, params, message):  # noqa: F811
    response = client.get("/open311/v2/requests.json", {**params, "locale": "en"})
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": message}]


def test_at_most_the_limit_of_requests_is_answered_newest_first(client, categories, monkeypatch):  # noqa: F811
    from onewindow.hotline import open311

    assert open311.MAX_REQUESTS == 1000
    monkeypatch.setattr(open311, "MAX_REQUESTS", 3)
    start = timezone.now()
    made = [ticket(received_at=start - timedelta(minutes=index)) for index in range(5)]
    answer = client.get("/open311/v2/requests.json").json()
    assert [r["service_request_id"] for r in answer] == [t.number for t in made[:3]]
