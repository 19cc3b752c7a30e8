"""Major-event mode (赛会运行指挥): the command structure switches on its date, as data; from the
switch an incident near a venue reaches the headquarters' duty desk, before it only goes up the
tree; the incident is on the event's board and in the daily report (on screen and in the PDF),
a far one is not; a case is flagged as a fast-track permit; bad input and other people change
nothing."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from onewindow.accounts.models import Role
from onewindow.cases import services as case_services
from onewindow.catalog.models import ServiceItem
from onewindow.core.models import AuditEntry
from onewindow.emergency import event_data, events, incidents
from onewindow.emergency.event_models import DailyReport, EventPermit, MajorEvent, Venue
from onewindow.notifications.models import Notification
from tests.cases.conftest import valid_form, valid_uploads
from tests.conftest import zh
from tests.emergency.test_incidents import FLOOD
from tests.emergency.world import official
from tests.factories import EnterpriseFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CODE = "gz-games-test"
BEFORE_SWITCH = datetime(2027, 9, 30, 22, 0, tzinfo=SHANGHAI)
AFTER_SWITCH = datetime(2027, 10, 9, 20, 30, tzinfo=SHANGHAI)
NEAR = {  # by the Tianhe Sports Centre's south gate: within its 1,500 m
    **FLOOD,
    "event_class": "social",
    "title": "体育中心南门人流拥挤",
    "title_en": "Crowding at the sports centre's south gate",
    "description": "散场人流聚集，两人轻微擦伤。",
    "latitude": "23.1352",
    "longitude": "113.3248",
}
FAR = {**NEAR, "title": "番禺区道路塌陷", "title_en": "Road collapse in Panyu",
       "latitude": "22.95", "longitude": "113.38"}  # fmt: skip
ROAD = "440100-CG-XK-415"  # 临时占用城市道路许可: 城管 and the traffic police in parallel


def spec() -> dict:
    groups = [
        {"name": "安保组", "name_en": "Security group", "area": "security",
         "lead": "440100-GA", "members": ["440100-XF"]},
        {"name": "城市运行组", "name_en": "City operations group", "area": "city",
         "lead": "440100-CG", "members": ["440100-SWU"]},
    ]  # fmt: skip
    return {
        "code": CODE,
        "name": "测试运动会",
        "name_en": "Test Games",
        "department": "440100-YJGL",
        "starts_on": "2027-10-08",
        "ends_on": "2027-10-20",
        "venues": [
            {
                "code": "tianhe",
                "name": "天河体育中心",
                "name_en": "Tianhe Sports Centre",
                "division": "440106",
                "latitude": "23.1375",
                "longitude": "113.3245",
            },
            {
                "code": "gym",
                "name": "广州体育馆",
                "name_en": "Guangzhou Gymnasium",
                "division": "440111",
                "latitude": "23.1946",
                "longitude": "113.2713",
                "radius_m": 800,
            },
        ],
        "schedule": [
            {
                "venue": "tianhe",
                "title": "田径决赛",
                "title_en": "Athletics finals",
                "starts_at": "2027-10-09T19:00:00+08:00",
                "ends_at": "2027-10-09T21:30:00+08:00",
            },
        ],
        "areas": [
            {"code": "security", "name": "安保", "name_en": "Security"},
            {"code": "city", "name": "城市运行", "name_en": "City operations"},
        ],
        "structures": [
            {
                "code": "committee",
                "name": "城市运行保障行动协调委员会",
                "name_en": "City Support Action Coordination Committee",
                "in_force_from": "2027-07-01",
                "groups": groups,
            },
            {
                "code": "headquarters",
                "name": "赛事运行指挥部",
                "name_en": "Event Operations Headquarters",
                "in_force_from": "2027-10-01",
                "unified": True,
                "groups": groups,
            },
        ],
    }


@pytest.fixture
def games(world):
    world.event = event_data.load(spec())
    return world


def _told(kind="emergency.incident_near_venue") -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_the_structure_switches_on_its_date_and_with_it_the_incident_flow(games):
    w = games
    with time_machine.travel(BEFORE_SWITCH, tick=False):
        assert events.structure_on(w.event, date(2027, 9, 30)).code == "committee"
        assert events.next_structure(w.event, date(2027, 9, 30)).code == "headquarters"
        before = incidents.record(w.th_officer, department=w.th_yj, data=NEAR)
        assert _told() == set()  # the committee's time: up the tree only
    with time_machine.travel(BEFORE_SWITCH + timedelta(hours=2), tick=False):  # 1 October
        structure = events.structure_on(w.event, date(2027, 10, 1))
        assert structure.code == "headquarters"
        assert structure.unified
        after = incidents.record(w.th_officer, department=w.th_yj, data=NEAR)
        incidents.record(w.th_officer, department=w.th_yj, data=FAR)
    # one incident flow: the headquarters' duty desk (no roster: all its desk people) is told
    assert _told() == {"yj_duty", "yj_duty2", "yj_commander"}
    told = Notification.objects.filter(kind="emergency.incident_near_venue")
    assert {n.link for n in told} == {reverse("workbench:emergency-event", args=[CODE])}
    routed = AuditEntry.objects.filter(action="emergency.incident_near_venue")
    assert [e.object_id for e in routed] == [after.number]
    assert before.number != after.number


def test_the_switch_is_data_moving_its_date_moves_the_switch(games):
    w = games
    moved = spec()
    moved["structures"][1]["in_force_from"] = "2027-10-05"
    event_data.load(moved)
    assert events.structure_on(w.event, date(2027, 10, 4)).code == "committee"
    assert events.structure_on(w.event, date(2027, 10, 5)).code == "headquarters"
    assert events.structure_on(w.event, date(2027, 6, 30)) is None


def test_an_incident_near_a_venue_is_on_the_board_and_in_the_daily_report(games, client):
    w = games
    with time_machine.travel(AFTER_SWITCH, tick=False):
        near = incidents.record(w.th_officer, department=w.th_yj, data=NEAR)
        far = incidents.record(w.th_officer, department=w.th_yj, data=FAR)
        client.force_login(w.officer)
        page = client.get(reverse("workbench:emergency-event", args=[CODE])).content.decode()
        assert "赛事运行指挥部" in page
        assert "ev-unified" in page
        assert near.title in page
        assert far.title not in page
        assert "田径决赛" in page  # today's session
        # the city's command board says which structure is in force
        command = client.get(reverse("workbench:emergency-board")).content.decode()
        assert "测试运动会" in command
        assert "赛事运行指挥部" in command
        compiled = client.post(
            reverse("workbench:emergency-event-step", args=[CODE, "compile"]),
            {"day": "2027-10-09"},
        )
        assert compiled.status_code == 302
        report = DailyReport.objects.get(event=w.event, day=date(2027, 10, 9))
        assert report.content["figures"]["incidents"] == 1
        assert report.structure.code == "headquarters"
        url = reverse("workbench:emergency-event-report", args=[CODE, "2027-10-09"])
        client.cookies["django_language"] = "en"
        shown = client.get(url).content.decode()
        assert "Crowding at the sports centre&#x27;s south gate" in shown
        assert "near Tianhe Sports Centre" in shown
        assert far.title_en not in shown
        pdf = client.get(reverse("workbench:emergency-event-report-pdf", args=[CODE, "2027-10-09"]))
    assert pdf["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "")  # cells wrap
    assert "测试运动会运行日报" in text
    assert near.number in text
    assert "天河体育中心" in text
    assert far.number not in text


def test_a_daily_report_is_for_the_headquarters_desk_and_a_day_that_has_begun(games, client):
    w = games
    with time_machine.travel(AFTER_SWITCH, tick=False):
        with pytest.raises(PermissionDenied):
            events.compile_daily_report(w.th_officer, w.event, date(2027, 10, 9))
        with pytest.raises(ValidationError) as future:
            events.compile_daily_report(w.officer, w.event, date(2027, 10, 10))
        assert "day" in future.value.message_dict
        with pytest.raises(ValidationError) as early:
            events.compile_daily_report(w.officer, w.event, date(2027, 6, 30))
        assert "day" in early.value.message_dict
        client.force_login(w.officer)
        bad = client.post(
            reverse("workbench:emergency-event-step", args=[CODE, "compile"]), {"day": "2027-10-10"}
        )
        assert bad.status_code == 400
        assert zh("A day is reported once it has begun.") in bad.content.decode()
    assert not DailyReport.objects.exists()


def test_who_sees_the_event_pages(games, client):
    w = games
    url = reverse("workbench:emergency-event", args=[CODE])
    assert client.get(url).status_code in (302, 403)  # anonymous: to sign in
    client.force_login(w.residents["440104"][0])
    assert client.get(url).status_code in (403, 404)
    clerk = official("scjg_clerk_x", Role.WINDOW_CLERK, "440100-SCJG")
    client.force_login(clerk)
    assert client.get(url).status_code == 403
    assert client.get(reverse("workbench:emergency-events")).status_code == 403
    client.force_login(w.th_officer)  # a district desk reads the board, without the compile form
    page = client.get(url).content.decode()
    assert "测试运动会" in page
    assert 'name="day"' not in page
    client.force_login(w.officer)
    assert client.get(reverse("workbench:emergency-event", args=["nope"])).status_code == 404


def test_a_case_is_flagged_as_a_fast_track_permit(games, catalogue, client):
    w = games
    enterprise = EnterpriseFactory()
    item = ServiceItem.objects.get(code=ROAD)
    form = valid_form(item)
    for name in form:
        if "uscc" in name:
            form[name] = enterprise.uscc
    case = case_services.submit(
        applicant=enterprise, item_code=ROAD, form=form, uploads=valid_uploads(item)
    )
    flag = reverse("workbench:emergency-event-step", args=[CODE, "permit"])
    client.force_login(w.th_officer)  # not the headquarters' desk nor the case's head
    assert client.post(flag, {"case": case.number, "kind": "road-occupancy"}).status_code == 403
    other_head = official("jy_head_x", Role.HEAD, "440100-JY")  # not the case's department
    client.force_login(other_head)  # the same refusal, whether the number exists or not
    assert client.post(flag, {"case": case.number, "kind": "road-occupancy"}).status_code == 403
    assert client.post(flag, {"case": "NO-SUCH-CASE", "kind": "road-occupancy"}).status_code == 403
    client.force_login(w.officer)
    bad = client.post(flag, {"case": "NO-SUCH-CASE", "kind": "road-occupancy"})
    assert bad.status_code == 400
    assert "NO-SUCH-CASE" in bad.content.decode()
    other = Venue.objects.create(
        event=MajorEvent.objects.create(code="other", name="另一赛会", department=w.yj,
                                        starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 2)),
        code="elsewhere", name="别处", division=w.event.venues.first().division,
        latitude="23.1", longitude="113.3",
    )  # fmt: skip
    with pytest.raises(ValidationError) as wrong:
        events.flag_permit(w.officer, w.event, data={"case": case.number,
                                                     "kind": "road-occupancy",
                                                     "venue": other.code})  # fmt: skip
    assert "venue" in wrong.value.message_dict
    assert not EventPermit.objects.exists()
    done = client.post(flag, {"case": case.number, "kind": "road-occupancy", "venue": "tianhe"})
    assert done.status_code == 302
    permit = EventPermit.objects.get()
    assert permit.case == case
    assert permit.venue.code == "tianhe"
    page = client.get(reverse("workbench:emergency-event", args=[CODE])).content.decode()
    assert case.number in page
    assert "临时占用城市道路许可" in page
    # the case engine's page shows the flag to the department handling the case
    client.force_login(official("cg_clerk_x", Role.WINDOW_CLERK, "440100-CG"))
    case_page = client.get(reverse("workbench:case", args=[case.number])).content.decode()
    assert zh("Event fast track") in case_page
    assert "测试运动会" in case_page
    client.force_login(w.officer)
    again = client.post(flag, {"case": case.number, "kind": "road-occupancy"})
    assert again.status_code == 400
    assert EventPermit.objects.count() == 1
    # the head of the department handling the case may flag it too: here, it already is
    with pytest.raises(ValidationError) as flagged:
        events.flag_permit(official("cg_head_x", Role.HEAD, "440100-CG"), w.event,
                           data={"case": case.number, "kind": "road-occupancy"})  # fmt: skip
    assert "case" in flagged.value.message_dict


@given(
    st.floats(min_value=22.6, max_value=23.9),
    st.floats(min_value=112.9, max_value=114.0),
)
def test_a_place_is_near_the_nearest_venue_whose_ring_holds_it(lat, lon):
    venues = [
        Venue(code="a", latitude=23.1375, longitude=113.3245, radius_m=1500),
        Venue(code="b", latitude=23.1450, longitude=113.3300, radius_m=3000),
    ]
    found = events.venue_near(venues, lat, lon)
    inside = [
        (events.distance_m(v.latitude, v.longitude, lat, lon), v.code)
        for v in venues
        if events.distance_m(v.latitude, v.longitude, lat, lon) <= v.radius_m
    ]
    assert (found.code if found else None) == (min(inside)[1] if inside else None)
    box = events.bounding_box(venues)
    if found is not None:  # the database's first filter never drops a place in a ring
        assert box["latitude__gte"] <= lat <= box["latitude__lte"]
        assert box["longitude__gte"] <= lon <= box["longitude__lte"]
