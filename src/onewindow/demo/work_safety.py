"""Demo work-safety inspections (安全生产监督检查) of 天河区应急管理局 (made once, however often
demo runs; after ``demo.market``, which loads the item lists):

- 12 small manufacturers in the east of 天河 (clothing, plastics, electronic components) on the
  registry and the target list;
- th_yj_head, the bureau's head, and two enforcement officers, th_yj_inspector and
  th_yj_inspector2, on the inspector list;
- this quarter's random inspection of industrial enterprises, committed and drawn four weeks
  ago: one visit found nothing wrong; one found a dust-explosion hazard and ordered it
  rectified within 15 days (责令限期整改, 安全生产法 Art. 65), a clock in the ledger; one found a
  confined space without warning signs, and the review visit (复查) confirmed it rectified
  today; the rest are to be visited.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from onewindow.accounts import services as accounts
from onewindow.accounts.models import Department, Role, User
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.demo.market import _image
from onewindow.market import inspection_ledger, inspections, items, rectification, targets
from onewindow.market.models import (
    Finding,
    InspectionItem,
    InspectionStatus,
    Inspector,
    Plan,
    Result,
    RiskGrade,
    Target,
)
from onewindow.registry import services as registry_services
from onewindow.registry.models import EntityStatus, EntityType, LegalEntity
from onewindow.supervision.models import Matter, State

BUREAU = "440106-YJGL"
ITEM = "TH-YJ-01"
TITLE = "本季度天河区工贸企业安全生产随机抽查"
TITLE_EN = "Random work-safety inspection of industrial enterprises in Tianhe this quarter"
# the manufacturing industries on the plans' list (GB/T 4754 major groups)
INDUSTRIES = ["C18", "C29", "C39"]
# the east of 天河, where its workshops are: 黄村, 长兴, 龙洞, 珠吉, 新塘
STREETS = ["440106016", "440106017", "440106018", "440106021", "440106022"]
PRODUCTS = [
    ("服装", "服装制造；服装服饰批发"),
    ("塑料制品", "塑料制品制造；塑料制品销售"),
    ("电子元器件", "电子元器件制造；电子产品销售"),
]
PLACES = [
    *("珠吉", "新塘", "黄村", "长兴", "龙洞", "凤凰"),
    *("吉山", "柯木塱", "车陂", "沐陂", "东圃", "前进"),
]
# (username, real name, role, street of residence); the officers live away from the workshops
ACCOUNTS = [
    ("th_yj_head", "温局长", Role.HEAD, ""),
    ("th_yj_inspector", "彭安监", Role.ENFORCEMENT_OFFICER, "440106009"),
    ("th_yj_inspector2", "叶安监", Role.ENFORCEMENT_OFFICER, "440106012"),
]
DUST = "打磨工位除尘系统未按规定设置锁气卸灰装置，粉尘清扫记录缺失，属事故隐患，责令限期整改"
CONFINED = "污水池有限空间未设置安全警示标识，作业审批制度未落实，责令限期整改"
REVIEWED = "复查：已设置有限空间警示标识，建立作业审批台账并组织培训，整改到位"


def _rng() -> random.Random:
    return random.Random(20261208)  # noqa: S311 - fixed seed: the same demo data on every run


def _entities(rng: random.Random) -> int:
    made = 0
    for n, place in enumerate(PLACES):
        product, scope = PRODUCTS[n % len(PRODUCTS)]
        name = f"广州市天河区{place}{product}有限公司"
        if LegalEntity.objects.filter(name=name).exists():
            continue
        person = registry_services.save_person(
            generate_id_number("440106", date(1965 + n % 25, 1 + n % 12, 1 + n % 28), rng=rng),
            rng.choice("陈黄李梁何林罗郑谢冯") + rng.choice("志国伟建明俊华文杰海"),
        )
        LegalEntity.objects.create(
            uscc=generate_uscc("440106", rng=rng),
            name=name,
            entity_type=EntityType.LIMITED,
            legal_representative=person,
            registered_capital=Decimal(rng.choice([500000, 1000000, 3000000])),
            established_on=date(2008 + n % 15, 1 + n % 12, 18),
            registration_authority="广州市天河区市场监督管理局",
            business_scope=scope,
            status=EntityStatus.ACTIVE,
            division_id="440106",
            address=f"广州市天河区{place}工业区{rng.randint(1, 60)}号厂房",
        )
        made += 1
    return made


def _targets() -> None:
    """The manufacturers on the target list, with their streets and credit risk grades."""
    targets.sync(district="440106")
    rows = Target.objects.filter(
        district_id="440106", industry__in=INDUSTRIES, street__isnull=True
    ).order_by("entity__uscc")
    for n, target in enumerate(rows):
        target.street_id = STREETS[n % len(STREETS)]
        target.risk_grade = RiskGrade.values[(n * 3) % 4]
        target.save(update_fields=["street", "risk_grade"])


def account_rows() -> list[dict]:
    """The bureau's head and officers, as ``onewindow demo`` lists them."""
    return [
        {"username": username, "kind": "official", "role": str(role), "department": BUREAU,
         "name": name}
        for username, name, role, _street in ACCOUNTS
    ]  # fmt: skip


def _accounts(password: str) -> None:
    bureau = Department.objects.get(code=BUREAU)
    for n, (username, name, role, street) in enumerate(ACCOUNTS):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = accounts.create_official(username=username, password=password, real_name=name)
            accounts.assign_role(user=user, department=bureau, role=role)
        if role != Role.ENFORCEMENT_OFFICER:
            continue
        Inspector.objects.get_or_create(
            user=user,
            department=bureau,
            defaults={
                "certificate_number": f"440106YJ{n:04d}",
                "certificate_valid_until": date(2029, 12, 31),
                "district_id": "440106",
                "street_id": street,
            },
        )


def _closed_on(visit, day: date) -> None:
    """The record closed, and its findings recorded, on the visit day ``day``: the publication
    clock and any rectification clock started then."""
    at = timezone.make_aware(datetime.combine(day, time(16, 0)))
    type(visit).objects.filter(pk=visit.pk).update(recorded_at=at)
    visit.refresh_from_db()
    inspection_ledger.track(visit, at=at)
    for finding in Finding.objects.filter(inspection=visit):
        Finding.objects.filter(pk=finding.pk).update(recorded_at=at)
        finding.refresh_from_db()
        if finding.rectify_by is not None:
            rectification.track(finding)


def _visit(visit, day: date, *, result: str, description: str = "", rectify_in: int = 0, seed=0):
    """One officer records the bureau's finding, with a photo of a problem, and the party's
    safety manager signs the record."""
    officer = visit.team.select_related("inspector__user").order_by("pk").first().inspector.user
    data = {"result": result, "description": description, "visited_on": day}
    if rectify_in:
        data["rectify_by"] = (day + timedelta(days=rectify_in)).isoformat()
    finding = inspections.record_finding(visit, actor=officer, data=data)
    if result != Result.COMPLIANT:
        inspections.add_photo(finding, actor=officer, upload=_image(seed, (480, 320), "JPEG"))
    inspections.close_record(
        visit, actor=officer, data={"signed_by": "安全主任"}, signature=_image(seed + 1)
    )
    _closed_on(visit, day)
    return finding, officer


def ensure(password: str) -> dict[str, int]:
    """The manufacturers, the bureau's accounts and its drawn plan; the counts made."""
    if not InspectionItem.objects.filter(department__code=BUREAU).exists():
        items.load()
    made = _entities(_rng())
    _targets()
    _accounts(password)
    if Plan.objects.filter(title=TITLE).exists():
        return {"entities": made, "visits": 0}
    head = User.objects.get(username="th_yj_head")
    item = InspectionItem.objects.get(department__code=BUREAU, code=ITEM)
    today = timezone.localdate()
    plan = inspections.create_plan(
        actor=head,
        data={
            "title": TITLE, "title_en": TITLE_EN, "district": "440106", "industries": INDUSTRIES,
            "ratio": "50", "starts_on": today, "ends_on": today + timedelta(days=60),
            "parts": [{"item": item.pk, "inspectors": 2}],
        },
    )  # fmt: skip
    inspections.commit(plan, actor=head)
    inspections.run_draw(plan, actor=head)
    # made and drawn four weeks ago (the services stamp now; the demo moves the dates back)
    now = timezone.now()
    Plan.objects.filter(pk=plan.pk).update(
        starts_on=today - timedelta(days=28),
        committed_at=now - timedelta(days=29),
        drawn_at=now - timedelta(days=28),
    )
    visits = list(plan.inspections.order_by("rank"))
    _visit(visits[0], today - timedelta(days=8), result=Result.COMPLIANT, seed=11)
    _visit(
        visits[1], today - timedelta(days=5), result=Result.FOLLOW_UP, description=DUST,
        rectify_in=15, seed=12,
    )  # fmt: skip
    confined, officer = _visit(
        visits[2], today - timedelta(days=14), result=Result.FOLLOW_UP, description=CONFINED,
        rectify_in=15, seed=13,
    )  # fmt: skip
    rectification.review(confined, actor=officer, data={"note": REVIEWED})
    return {"entities": made, "visits": len(visits)}


def summary() -> dict[str, int]:
    plan = Plan.objects.filter(title=TITLE).first()
    rows = list(plan.inspections.all()) if plan else []
    clocks = Matter.objects.filter(
        kind=rectification.KIND, key__startswith=f"{plan.number}-" if plan else "-"
    )
    return {
        "visits": len(rows),
        "recorded": sum(1 for v in rows if v.status != InspectionStatus.ASSIGNED),
        "rectifying": clocks.filter(state=State.OPEN).count(),
        "rectified": clocks.filter(state=State.CLOSED).count(),
        "targets": Target.objects.filter(
            district_id="440106", industry__in=INDUSTRIES, active=True
        ).count(),
    }
