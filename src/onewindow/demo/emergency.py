"""Early warnings (预警) in the demo: the city's emergency management bureau (yj_duty, its duty
officer; yj_commander, its commander).

- A typhoon warning for 越秀, 海珠 and 天河: issued blue, then raised to orange with the
  commander's approval; it reached the residents with accounts there (the survey residents, and
  the citizen account, who lives at a standard address in 天河).
- A geological-hazard warning (yellow) for an area drawn on the map around 白云山's southern foot.
- A red rainstorm warning for 番禺 and 南沙 proposed by yj_duty, waiting for yj_commander.
- A heat warning for 白云, issued and lifted (recently ended).

Incidents (突发事件): a 12345 call about Liede Creek overflowing, escalated by the dispatcher
(dispatch) to 天河区应急管理局 (th_yj_duty), reported to the city within its 2 hours and
acknowledged by yj_duty; and a fallen tree blocking a road, just recorded at 天河, its report to
the city due within 2 hours.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.emergency import incidents, services
from onewindow.emergency.incident_models import Incident
from onewindow.emergency.models import Change, MessageState, Warning, WarningMessage, WarningState
from onewindow.hotline import services as hotline
from onewindow.registry import services as registry
from onewindow.registry.models import Person, Place

BUREAU = "440100-YJGL"
TYPHOON = {
    "hazard": "typhoon",
    "headline": "广州市台风预警",
    "headline_en": "Typhoon warning for Guangzhou",
    "description": (
        "今年第22号台风“海鸥”预计明天上午在珠江口沿海登陆，本市将出现8至10级大风和暴雨。"
    ),
    "description_en": (
        "Typhoon Haiou, the 22nd of the year, is expected to make landfall near the Pearl River "
        "estuary tomorrow morning, bringing gales of force 8 to 10 and heavy rain to the city."
    ),
    "advice": "停止户外集体活动，加固门窗、广告牌等设施，危险地带人员及时转移。",
    "advice_en": (
        "Stop outdoor group activities, secure windows, doors and billboards, and leave "
        "dangerous places in time."
    ),
    "divisions": ["440104", "440105", "440106"],
    "responsible": ["440100-SWU", "440100-ZJ", "440100-CG", "440100-JT"],
}
LANDSLIDE = {
    "hazard": "geological",
    "level": "yellow",
    "headline": "白云山南麓地质灾害黄色预警",
    "headline_en": "Yellow geological-hazard warning: southern foot of Baiyun Mountain",
    "description": "连续强降雨，白云山南麓斜坡土体饱和，发生山体滑坡、崩塌的风险较高。",
    "description_en": (
        "After days of heavy rain the slopes at the southern foot of Baiyun Mountain are "
        "saturated; landslides and rockfalls are likely."
    ),
    "advice": "远离山边、陡坡，居住在斜坡下方的居民注意观察，发现裂缝立即撤离并报告。",
    "advice_en": (
        "Keep away from hillsides and steep slopes; if you live below a slope, watch for cracks "
        "and leave at once and report any you see."
    ),
    "responsible": ["440100-GHZY"],
}
RAINSTORM = {
    "hazard": "rainstorm",
    "level": "red",
    "headline": "番禺区、南沙区暴雨红色预警",
    "headline_en": "Red rainstorm warning for Panyu and Nansha",
    "description": "预计未来3小时番禺区、南沙区降雨量将达100毫米以上。",
    "description_en": "More than 100 mm of rain is expected in Panyu and Nansha within 3 hours.",
    "advice": "停课、停工、停业（特殊行业除外），危险地带人员撤离。",
    "advice_en": (
        "Schools, work and business stop (essential services excepted); people in dangerous "
        "places leave them."
    ),
    "divisions": ["440113", "440115"],
    "responsible": ["440100-SWU", "440100-JY"],
}
HEAT = {
    "hazard": "heat",
    "level": "yellow",
    "headline": "白云区高温黄色预警",
    "headline_en": "Yellow heat warning for Baiyun",
    "advice": "避免午后长时间户外活动，注意防暑降温。",
    "advice_en": "Avoid long stays outdoors in the afternoon and keep cool.",
    "divisions": ["440111"],
}


def _at_home(citizen: User) -> None:
    """The citizen account lives at a standard address in 天河 (the registry's residence)."""
    person = Person.objects.filter(id_number_index=citizen.id_number_index).first()
    place = Place.objects.filter(division_id="440106").order_by("code").first()
    if person is not None and place is not None and person.residence_id is None:
        registry.save_person(
            person.id_number, person.name, household_division=person.household_division_id,
            household_address=person.household_address, marital_status=person.marital_status,
            residence=place,
        )  # fmt: skip


def _ring_around(places: list[Place]) -> list[list[float]]:
    lats = [float(p.latitude) for p in places]
    lons = [float(p.longitude) for p in places]
    south, north, west, east = (
        min(lats) - 0.004,
        max(lats) + 0.004,
        min(lons) - 0.004,
        max(lons) + 0.004,
    )
    return [[south, west], [south, east], [north, east], [north, west]]


def ensure() -> dict[str, int]:
    if Warning.objects.exists():
        return summary()
    bureau = Department.objects.get(code=BUREAU)
    officer = User.objects.get(username="yj_duty")
    commander = User.objects.get(username="yj_commander")
    _at_home(User.objects.get(username="citizen"))
    now = timezone.now()
    until = {"expires_at": (now + timedelta(hours=36)).isoformat()}

    blue = services.issue(officer, department=bureau, data={**TYPHOON, "level": "blue", **until})
    raised = services.change(
        officer, blue.warning, change=Change.RAISE, data={**TYPHOON, "level": "orange", **until},
        note="台风路径西移、强度加强，预警由蓝色升级为橙色。",
    )  # fmt: skip
    services.approve(commander, raised)

    hillside = list(Place.objects.filter(division_id__in=["440104", "440111"]).order_by("code")[:3])
    if hillside:
        services.issue(
            officer, department=bureau,
            data={**LANDSLIDE, "polygon": _ring_around(hillside), **until},
        )  # fmt: skip
    services.issue(officer, department=bureau, data={**RAINSTORM, **until})

    heat = services.issue(
        officer, department=bureau,
        data={**HEAT, "expires_at": (now + timedelta(hours=10)).isoformat()},
    )  # fmt: skip
    services.cancel(officer, heat.warning, note="气温回落，高温黄色预警解除。")
    return summary()


CREEK = {
    "event_class": "natural",
    "grade": "ordinary",
    "title": "猎德涌水位暴涨，沿岸低洼地带进水",
    "title_en": "Liede Creek rising fast, low ground along it flooded",
    "description": "强降雨致猎德涌水位暴涨，猎德大道沿岸两栋居民楼首层进水，约40名居民需转移。",
    "description_en": (
        "Heavy rain made Liede Creek rise fast; the ground floors of two blocks along Liede "
        "Avenue are flooded and about 40 residents must leave."
    ),
    "affected": 40,
}
TREE = {
    "event_class": "accident",
    "grade": "ordinary",
    "title": "天河北路大树倒伏阻断交通",
    "title_en": "Fallen tree blocks Tianhe North Road",
    "description": "大风吹倒行道树，压住一辆停放车辆，天河北路东行方向交通中断，暂无人员受伤。",
    "description_en": (
        "The gale blew down a roadside tree onto a parked car; eastbound traffic on Tianhe North "
        "Road is stopped. Nobody is hurt."
    ),
    "address": "天河区天河北路",
    "latitude": "23.144",
    "longitude": "113.330",
}


def ensure_incidents() -> dict[str, int | str]:
    if Incident.objects.exists():
        return incident_summary()
    district = Department.objects.get(code="440106-YJGL")
    dispatcher = User.objects.get(username="dispatch")
    th_duty = User.objects.get(username="th_yj_duty")
    city_duty = User.objects.get(username="yj_duty")
    ticket = hotline.report(
        channel="phone", kind="help", title="猎德涌漫堤，居民楼进水",
        description="猎德大道旁河涌水漫上路面，两栋楼首层进水，有老人行动不便需要帮助。",
        address="天河区猎德大道", latitude="23.119", longitude="113.331",
        caller_phone="13800138123", caller_name="李先生", idempotency_key="demo-incident-creek",
    )  # fmt: skip
    creek = incidents.escalate_ticket(dispatcher, number=ticket.number, department=district,
                                      data=CREEK)  # fmt: skip
    report = creek.reports.get()
    incidents.report_up(
        th_duty, report, note="已组织转移沿岸居民40人，暂无人员伤亡，水务部门正在排涝。"
    )
    incidents.acknowledge(city_duty, report)
    incidents.record(th_duty, department=district, data=TREE)
    return incident_summary()


def incident_summary() -> dict[str, int | str]:
    creek = Incident.objects.filter(source="hotline").first()
    return {
        "incidents": Incident.objects.count(),
        "creek": creek.number if creek else "",
        "ticket": creek.ticket_number if creek else "",
    }


def summary() -> dict[str, int]:
    typhoon = Warning.objects.filter(hazard="typhoon").first()
    last = (
        WarningMessage.objects.filter(warning=typhoon, state=MessageState.SENT)
        .order_by("-sent_at")
        .first()
    )
    return {
        "in_force": Warning.objects.filter(state=WarningState.ACTIVE).count(),
        "pending": WarningMessage.objects.filter(state=MessageState.PENDING).count(),
        "typhoon": typhoon.number if typhoon else "",
        "reached": last.reached if last else 0,
    }
