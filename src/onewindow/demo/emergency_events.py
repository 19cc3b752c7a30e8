"""Major-event operations command (赛会运行指挥) in the demo: the Guangzhou City Games, a
demonstration event with five venues, dated around the day the demo is made.

- From a month ago the city's action coordination committee ran its working groups' own tasks;
  two days ago the switch date came and the event operations headquarters took over (one
  command structure, one board, one incident flow). The board at /workbench/emergency/events/
  says which is in force.
- Competition began yesterday and runs for ten days; today's sessions are on the board.
- A crowd surge near the Tianhe Sports Centre, recorded by 天河 after the switch, reached the
  headquarters' duty desk (yj_duty) as well as the city; the fallen tree and the creek flood of
  the incidents demo are near venues too. A 12345 call about noise near the Olympic centre is
  among the tickets near venues.
- The demo enterprise's application for a temporary road occupancy beside the Tianhe Sports
  Centre, taken in at the city centre's window and under review, is flagged as a fast-track
  permit by yj_duty, and yesterday's daily report is compiled.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.cases import services as case_services
from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from onewindow.demo.window import _application
from onewindow.emergency import event_data, events, incidents
from onewindow.emergency.event_models import DailyReport, EventPermit, MajorEvent
from onewindow.emergency.incident_models import Incident
from onewindow.hotline import services as hotline

CODE = "gz-city-games-demo"
ROAD_PERMIT = "440100-CG-XK-415"  # 临时占用城市道路许可
CROWD = {
    "event_class": "social",
    "grade": "ordinary",
    "title": "天河体育中心南门散场人流拥挤",
    "title_en": "Crowd crush risk at the Tianhe Sports Centre's south gate after a session",
    "description": "田径决赛散场时南门出口人流聚集，两人轻微擦伤，已增派警力疏导并开放临时通道。",
    "description_en": (
        "As the athletics finals ended, the crowd packed the south gate exit; two people have "
        "minor grazes. More police are guiding the crowd and a temporary exit is open."
    ),
    "address": "天河区天河路天河体育中心南门",
    "latitude": "23.1352",
    "longitude": "113.3248",
    "injured": 2,
}


def _groups(unified: bool) -> list[dict]:
    groups = [
        {"name": "安保组", "name_en": "Security group", "area": "security",
         "lead": "440100-GA", "members": ["440100-XF"]},
        {"name": "交通保障组", "name_en": "Transport group", "area": "transport",
         "lead": "440100-JT", "members": ["440100-GA", "440100-CG"]},
        {"name": "医疗卫生组", "name_en": "Medical and health group", "area": "medical",
         "lead": "440100-WJ", "members": []},
        {"name": "城市运行组", "name_en": "City operations group", "area": "city",
         "lead": "440100-CG", "members": ["440100-SWU", "440100-ZJ"]},
        {"name": "应急保障组", "name_en": "Emergency support group", "area": "city",
         "lead": "440100-YJGL", "members": ["440100-MZ", "440100-QX"]},
    ]  # fmt: skip
    if unified:
        groups.insert(0, {
            "name": "竞赛组", "name_en": "Competition group", "area": "competition",
            "lead": "440100-WGLT", "members": ["440100-JY"],
        })  # fmt: skip
        groups.append({
            "name": "志愿者组", "name_en": "Volunteers group", "area": "volunteers",
            "lead": "440100-MZ", "members": [],
        })  # fmt: skip
    return groups


def spec(today) -> dict:
    """The event as data, dated around ``today``."""
    zone = timezone.get_current_timezone()

    def at(day_offset: int, hour: int, minute: int = 0) -> str:
        day = today + timedelta(days=day_offset)
        return datetime.combine(day, time(hour, minute), tzinfo=zone).isoformat()

    schedule = []
    for offset in range(-1, 9):
        schedule += [
            {"venue": "olympic", "title": "游泳预赛", "title_en": "Swimming heats",
             "starts_at": at(offset, 9), "ends_at": at(offset, 12)},
            {"venue": "gymnasium", "title": "羽毛球", "title_en": "Badminton",
             "starts_at": at(offset, 14), "ends_at": at(offset, 17, 30)},
            {"venue": "tianhe", "title": "田径决赛", "title_en": "Athletics finals",
             "starts_at": at(offset, 19), "ends_at": at(offset, 21, 30)},
        ]  # fmt: skip
    schedule.append({"venue": "haixinsha", "title": "开幕式", "title_en": "Opening ceremony",
                     "starts_at": at(-1, 20), "ends_at": at(-1, 22)})  # fmt: skip
    return {
        "code": CODE,
        "name": "广州城市运动会（演示）",
        "name_en": "Guangzhou City Games (demo)",
        "department": "440100-YJGL",
        "starts_on": today - timedelta(days=1),
        "ends_on": today + timedelta(days=8),
        "summary": (
            "赛事运行和城市保障一体化指挥：切换日起，城市运行保障行动协调委员会各工作组"
            "并入赛事运行指挥部。"
        ),
        "summary_en": (
            "Integrated command of event operations and city support: from the switch date the "
            "city action coordination committee's working groups are part of the event "
            "operations headquarters."
        ),
        "venues": [
            {"code": "tianhe", "name": "天河体育中心", "name_en": "Tianhe Sports Centre",
             "division": "440106", "latitude": "23.137500", "longitude": "113.324500"},
            {"code": "olympic", "name": "广东奥林匹克体育中心",
             "name_en": "Guangdong Olympic Sports Centre", "division": "440106",
             "latitude": "23.134800", "longitude": "113.439200", "radius_m": 2000},
            {"code": "gymnasium", "name": "广州体育馆", "name_en": "Guangzhou Gymnasium",
             "division": "440111", "latitude": "23.194600", "longitude": "113.271300"},
            {"code": "haixinsha", "name": "海心沙", "name_en": "Haixinsha Island",
             "division": "440106", "latitude": "23.114600", "longitude": "113.323700",
             "radius_m": 1000},
            {"code": "university-town", "name": "广州大学城体育中心",
             "name_en": "Guangzhou University Town Sports Centre", "division": "440113",
             "latitude": "23.055500", "longitude": "113.392100"},
        ],
        "schedule": schedule,
        "areas": [
            {"code": "competition", "name": "竞赛", "name_en": "Competition"},
            {"code": "security", "name": "安保", "name_en": "Security"},
            {"code": "transport", "name": "交通", "name_en": "Transport"},
            {"code": "medical", "name": "医疗", "name_en": "Medical services"},
            {"code": "volunteers", "name": "志愿者", "name_en": "Volunteers"},
            {"code": "city", "name": "城市运行", "name_en": "City operations"},
        ],
        "structures": [
            {"code": "committee", "name": "城市运行保障行动协调委员会",
             "name_en": "City Support Action Coordination Committee",
             "in_force_from": today - timedelta(days=30), "groups": _groups(False)},
            {"code": "headquarters", "name": "赛事运行指挥部",
             "name_en": "Event Operations Headquarters",
             "in_force_from": today - timedelta(days=2), "unified": True,
             "groups": _groups(True)},
        ],
    }  # fmt: skip


def ensure() -> dict[str, int | str]:
    if MajorEvent.objects.filter(code=CODE).exists():
        return summary()
    today = timezone.localdate()
    event = event_data.load(spec(today))
    th_duty = User.objects.get(username="th_yj_duty")
    incidents.record(th_duty, department=Department.objects.get(code="440106-YJGL"), data=CROWD)
    hotline.report(
        channel="phone", kind="complaint", title="奥体中心周边夜间施工噪音扰民",
        description="奥体中心东侧临时设施夜间搭建，噪音很大，影响休息。",
        address="天河区奥体路", latitude="23.1361", longitude="113.4420",
        caller_phone="13800138456", caller_name="陈女士", idempotency_key="demo-event-noise",
    )  # fmt: skip
    enterprise = User.objects.get(username="enterprise")
    item = ServiceItem.objects.get(code=ROAD_PERMIT)
    form, uploads = _application(item)
    for name, value in form.items():
        if value == "" and "uscc" in name:
            form[name] = enterprise.uscc
    case = case_services.submit(
        applicant=enterprise, item_code=ROAD_PERMIT, form=form, uploads=uploads,
        idempotency_key="demo-event-road",
    )  # fmt: skip
    # taken in at the city centre's window (综合受理): under review by 城管 and the traffic police
    case_services.accept(number=case.number, actor=User.objects.get(username="clerk"))
    duty = User.objects.get(username="yj_duty")
    events.flag_permit(
        duty, event, data={"case": case.number, "kind": "road-occupancy", "venue": "tianhe"}
    )
    events.compile_daily_report(duty, event, today - timedelta(days=1))
    return summary()


def summary() -> dict[str, int | str]:
    event = MajorEvent.objects.filter(code=CODE).first()
    crowd = Incident.objects.filter(title=CROWD["title"]).first()
    return {
        "event": event.code if event else "",
        "venues": event.venues.count() if event else 0,
        "crowd": crowd.number if crowd else "",
        "permits": EventPermit.objects.filter(event=event).count(),
        "reports": DailyReport.objects.filter(event=event).count(),
        "cases": Case.objects.filter(event_permit__event=event).count(),
    }
