"""Emergency resources (应急资源) in the demo, around the Liede Creek flood (demo/emergency.py):

- rescue teams: the fire brigade's water-rescue detachment (xf_duty), dispatched by yj_duty to
  the flood, acknowledged, on site; 天河's rescue brigade (th_yj_duty), standing by;
- shelters: the 天河 Sports Centre shelter, opened by th_yj_duty with 85 people in it, and the
  海珠 Lake Park shelter kept by civil affairs (mz_duty), open and empty;
- supplies: the city's reserve of tents (yj_duty), 100 of them dispatched to the flood and not
  yet acknowledged (its clock runs on the board);
- an expert in flood control at the water bureau (swu_duty);
- a request from 天河 to civil affairs for 500 quilts, waiting for an answer within 2 hours.
"""

from __future__ import annotations

from onewindow.accounts.models import Department, User
from onewindow.emergency import dispatches, resources
from onewindow.emergency.incident_models import Incident
from onewindow.emergency.resource_models import Resource

CONTACT = {"contact_name": "值班室", "phone": "020-12345678"}
RESOURCES = [
    ("xf_duty", "440100-XF", "team", {
        "name": "广州市消防救援支队水域救援大队", "name_en": "Fire brigade water-rescue unit",
        "address": "越秀区东风中路", "latitude": "23.129", "longitude": "113.266",
        "capacity": "36", "speciality": "水域救援、城市内涝排险",
        "speciality_en": "Water rescue and urban flooding", **CONTACT,
    }),
    ("th_yj_duty", "440106-YJGL", "team", {
        "name": "天河区应急救援大队", "name_en": "Tianhe District rescue brigade",
        "address": "天河区黄埔大道西", "latitude": "23.125", "longitude": "113.330",
        "capacity": "40", "speciality": "抢险救援", "speciality_en": "Rescue", **CONTACT,
    }),
    ("th_yj_duty", "440106-YJGL", "shelter", {
        "name": "天河体育中心应急避难场所", "name_en": "Tianhe Sports Centre shelter",
        "address": "天河区天河路299号", "latitude": "23.138", "longitude": "113.327",
        "capacity": "2000", "status": "open", **CONTACT,
    }),
    ("mz_duty", "440100-MZ", "shelter", {
        "name": "海珠湖公园应急避难场所", "name_en": "Haizhu Lake Park shelter",
        "address": "海珠区海珠湖公园", "latitude": "23.085", "longitude": "113.332",
        "capacity": "1500", "status": "open", **CONTACT,
    }),
    ("yj_duty", "440100-YJGL", "supply", {
        "name": "市应急物资储备库：救灾帐篷", "name_en": "City reserve: relief tents",
        "address": "白云区太和镇", "latitude": "23.300", "longitude": "113.370",
        "quantity": "800", "unit": "顶", "unit_en": "tents", **CONTACT,
    }),
    ("swu_duty", "440100-SWU", "expert", {
        "name": "黄工（水利防汛专家）", "name_en": "Engineer Huang, flood control",
        "address": "越秀区", "latitude": "23.130", "longitude": "113.280",
        "speciality": "城市排涝与河涌调度", "speciality_en": "Urban drainage and creek control",
        **CONTACT,
    }),
]  # fmt: skip


def ensure() -> dict[str, int]:
    if Resource.objects.exists():
        return summary()
    made = []
    for username, code, kind, data in RESOURCES:
        person = User.objects.get(username=username)
        department = Department.objects.get(code=code)
        made.append(resources.add(person, department=department, kind=kind, data=data))
    rescue, _brigade, stadium, _park, tents, _expert = made
    creek = Incident.objects.filter(source="hotline").first()
    if creek is not None:
        city, th, fire = (
            User.objects.get(username=n) for n in ("yj_duty", "th_yj_duty", "xf_duty")
        )
        sent = dispatches.dispatch(city, incident=creek, resource=rescue,
                                   data={"note": "转移猎德涌沿岸被困居民"})  # fmt: skip
        dispatches.acknowledge(fire, sent)
        dispatches.advance(fire, sent, status="en_route")
        dispatches.advance(fire, sent, status="on_site")
        to_stadium = {"quantity": "100", "note": "送至天河体育中心避难场所"}
        dispatches.dispatch(city, incident=creek, resource=tents, data=to_stadium)
        resources.record_occupancy(th, stadium, occupancy="85")
        dispatches.request(
            th, incident=creek, sender=Department.objects.get(code="440106-YJGL"),
            recipient=Department.objects.get(code="440100-MZ"),
            data={"kind": "supply", "quantity": 500, "text": "请求调拨棉被500床，供避难场所使用。",
                  "text_en": "500 quilts for the shelter, please."},
        )  # fmt: skip
    return summary()


def summary() -> dict[str, int]:
    return {"resources": Resource.objects.count()}
