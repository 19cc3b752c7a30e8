"""Demo random inspections of 天河区市场监管局 (made once, however often demo runs):

- 40 catering businesses and 12 shops of 天河 on the registry, on the target list with their
  streets and credit risk grades; six enforcement officers of 天河区市场监管局 and six of the
  city's fire brigade (消防救援支队) on the inspector list, th_inspector and xf_inspector
  among them;
- the joint inspection of catering businesses (跨部门联合抽查) of this quarter, its seed
  committed and drawn a month ago: one visit published, one recorded 25 working days ago and
  not yet published (red card), one 17 days ago (yellow), one found a problem for follow-up,
  one could not reach the business at its registered address, one waits for fire's finding,
  the rest are to be visited;
- next quarter's check of registered particulars, its lists frozen and seed committed,
  waiting for th_scjg_head to draw;
- the annual reports on 2025 (filed last spring by most of the catering businesses) and the
  abnormal-operation list of 1 July 2026: the others are on it, the demo enterprise among
  them, which can file its late report at /my/annual-reports/ and be taken off; the visit
  that could not reach its business lists it too when th_scjg_head publishes the result.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from PIL import Image, ImageDraw

from onewindow.accounts import services as accounts
from onewindow.accounts.models import Department, Role, User
from onewindow.core.clock import working_days_between
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.market import inspection_ledger, inspections, items, targets
from onewindow.market.models import (
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

JOINT = "本季度天河区餐饮服务单位跨部门联合抽查"
JOINT_EN = "Joint random inspection of catering businesses in Tianhe this quarter"
PARTICULARS = "下季度天河区企业登记事项随机抽查"
PARTICULARS_EN = "Random check of enterprises' registered particulars in Tianhe next quarter"
TRADES = [
    "粤海",
    "珠江",
    "岭南",
    "羊城",
    "天河",
    "花城",
    "五羊",
    "越秀",
    "南粤",
    "东山",
    "西关",
    "荔湾",
    "北京路",
    "龙口",
    "华景",
    "员村",
    "棠下",
    "车陂",
    "石牌",
    "猎德",
]
CATERING = [
    ("茶餐厅", "餐饮服务；酒类经营；食品销售"),
    ("餐饮店", "餐饮服务；食品小作坊经营；食品销售"),
    ("粥粉面店", "餐饮服务；食品销售"),
]
SHOP = ("便利店", "日用百货销售；食品销售；烟草制品零售")
STREETS = ["440106001", "440106002", "440106003", "440106004", "440106006", "440106013"]


def _rng() -> random.Random:
    return random.Random(20261206)  # noqa: S311 - fixed seed: the same demo data on every run


def _entities(rng: random.Random) -> int:
    made = 0
    names = [
        (f"广州市天河区{trade}{word}", scope)
        for trade in TRADES
        for word, scope in (
            CATERING[TRADES.index(trade) % 3],
            CATERING[(TRADES.index(trade) + 1) % 3],
        )
    ] + [(f"广州市天河区{trade}{SHOP[0]}", SHOP[1]) for trade in TRADES[:12]]
    for n, (name, scope) in enumerate(names):
        if LegalEntity.objects.filter(name=name).exists():
            continue
        person = registry_services.save_person(
            generate_id_number("440106", date(1970 + n % 30, 1 + n % 12, 1 + n % 28), rng=rng),
            rng.choice("陈黄李梁何林罗郑谢冯") + rng.choice("志国伟建明俊华文杰海"),
        )
        LegalEntity.objects.create(
            uscc=generate_uscc("440106", authority="9", category="2", rng=rng),
            name=name,
            entity_type=EntityType.INDIVIDUAL_BUSINESS,
            legal_representative=person,
            registered_capital=Decimal(rng.choice([30000, 50000, 100000])),
            established_on=date(2015 + n % 10, 1 + n % 12, 10),
            registration_authority="广州市天河区市场监督管理局",
            business_scope=scope,
            status=EntityStatus.ACTIVE,
            division_id="440106",
            address=f"广州市天河区{rng.choice(['天河路', '体育东路', '黄埔大道西', '中山大道'])}"
            f"{rng.randint(1, 400)}号首层",
        )
        made += 1
    return made


def _inspector_names() -> list[tuple[str, str, str, str]]:
    """(username, real name, department, the printed th_/xf_inspector or a colleague)."""
    return [
        (
            named if n == 0 else f"{prefix}_inspector{n + 1}",
            f"{prefix.upper()}执法{n + 1}",
            code,
            named,
        )
        for code, prefix, named in (
            ("440106-SCJG", "th", "th_inspector"),
            ("440100-XF", "xf", "xf_inspector"),
        )
        for n in range(6)
    ]


def account_rows() -> list[dict]:
    """The inspectors beyond th_inspector and xf_inspector, as ``onewindow demo`` lists them."""
    return [
        {"username": username, "kind": "official", "role": "enforcement_officer",
         "department": code, "name": name}
        for username, name, code, named in _inspector_names()
        if username != named
    ]  # fmt: skip


def _inspectors(password: str) -> None:
    for code, prefix, named in (
        ("440106-SCJG", "th", "th_inspector"),
        ("440100-XF", "xf", "xf_inspector"),
    ):
        department = Department.objects.get(code=code)
        for n in range(6):
            username = named if n == 0 else f"{prefix}_inspector{n + 1}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = accounts.create_official(
                    username=username, password=password, real_name=f"{prefix.upper()}执法{n + 1}"
                )
                accounts.assign_role(
                    user=user, department=department, role=Role.ENFORCEMENT_OFFICER
                )
            Inspector.objects.get_or_create(
                user=user,
                department=department,
                defaults={
                    "certificate_number": f"{department.code[:6]}{prefix.upper()}{n + 1:04d}",
                    "certificate_valid_until": date(2029, 12, 31),
                    "district_id": "440106",
                    "street_id": STREETS[n % len(STREETS)],
                },
            )


def _image(text_seed: int, size=(320, 120), kind="PNG") -> io.BytesIO:
    """A drawn signature (a pen stroke) or a photo stand-in (a shaded scene), made here."""
    rng = random.Random(text_seed)  # noqa: S311 - fixed seed: the same demo images
    picture = Image.new("RGB", size, "white" if kind == "PNG" else (205, 200, 190))
    pen = ImageDraw.Draw(picture)
    points = [(20 + i * 14, 60 + rng.randint(-30, 30)) for i in range(20)]
    pen.line(points, fill=(20, 30, 90), width=3)
    handle = io.BytesIO()
    picture.save(handle, kind)
    handle.seek(0)
    handle.name = f"demo.{kind.lower()}"
    return handle


def _backdate(visit, working_days: int) -> None:
    """A record closed ``working_days`` ago: its clock restarted then."""
    day = timezone.localdate()
    while working_days_between(day, timezone.localdate())[0] < working_days:
        day -= timedelta(days=1)
    at = timezone.now() - (timezone.localdate() - day)
    type(visit).objects.filter(pk=visit.pk).update(recorded_at=at, visited_on=day)
    visit.refresh_from_db()
    inspection_ledger.track(visit, at=at)


def _members(visit) -> dict[str, User]:
    return {
        m.department.code: m.inspector.user
        for m in visit.team.select_related("department", "inspector__user")
    }


def _record(visit, th: tuple[str, str], xf: tuple[str, str] | None, *, close: bool, seed: int):
    people = _members(visit)
    finding = inspections.record_finding(
        visit, actor=people["440106-SCJG"], data={"result": th[0], "description": th[1]}
    )
    inspections.add_photo(
        finding, actor=people["440106-SCJG"], upload=_image(seed, (480, 320), "JPEG")
    )
    if xf is None:
        return
    inspections.record_finding(
        visit, actor=people["440100-XF"], data={"result": xf[0], "description": xf[1]}
    )
    if close:
        inspections.close_record(
            visit, actor=people["440100-XF"], data={"signed_by": "店长"}, signature=_image(seed + 1)
        )


def ensure(password: str) -> dict[str, int]:
    """The lists, a drawn joint inspection and a committed plan; the counts made."""
    rng = _rng()
    items.load()
    made = _entities(rng)
    targets.sync(district="440106")
    for n, target in enumerate(
        Target.objects.filter(district_id="440106", street__isnull=True).order_by("entity__uscc")
    ):
        target.street_id = STREETS[n % len(STREETS)]
        target.risk_grade = RiskGrade.values[(n * 7) % 10 // 3] if n % 10 else RiskGrade.D
        target.save(update_fields=["street", "risk_grade"])
    _inspectors(password)
    head = User.objects.get(username="th_scjg_head")
    if Plan.objects.filter(title=JOINT).exists():
        return {"entities": made, "visits": 0}
    today = timezone.localdate()
    th_item = InspectionItem.objects.get(code="TH-SP-01")
    xf_item = InspectionItem.objects.get(code="XF-01")
    plan = inspections.create_plan(
        actor=head,
        data={
            "title": JOINT, "title_en": JOINT_EN, "district": "440106", "industries": ["H62"],
            "ratio": "25", "starts_on": today, "ends_on": today + timedelta(days=40),
            "parts": [{"item": th_item.pk, "inspectors": 2}, {"item": xf_item.pk, "inspectors": 2}],
        },
    )  # fmt: skip
    # made and drawn a month ago (the services stamp now; the demo moves the dates back)
    Plan.objects.filter(pk=plan.pk).update(starts_on=today - timedelta(days=45))
    plan.refresh_from_db()
    inspections.commit(plan, actor=head)
    inspections.run_draw(plan, actor=head)
    visits = list(plan.inspections.order_by("rank"))
    ok = (Result.COMPLIANT, "")
    _record(visits[0], ok, ok, close=True, seed=1)
    inspections.publish([visits[0]], actor=head)
    _record(
        visits[1], (Result.CORRECTED, "冷藏柜温度记录不全，已当场责令补记"), ok, close=True, seed=2
    )
    _backdate(visits[1], 25)
    _record(visits[2], ok, (Result.CORRECTED, "灭火器过期一具，已当场更换"), close=True, seed=3)
    _backdate(visits[2], 17)
    _record(
        visits[3],
        (Result.FOLLOW_UP, "后厨未设置餐用具消毒设施，从业人员二人无有效健康证明"),
        (Result.FOLLOW_UP, "安全出口被杂物堵塞"),
        close=True,
        seed=4,
    )
    _record(
        visits[4],
        (Result.UNREACHABLE, "登记的经营场所已另作他用，电话无法接通"),
        (Result.NOT_OPERATING, "场所已无经营活动"),
        close=True,
        seed=5,
    )
    _record(visits[5], ok, None, close=False, seed=6)
    particulars = inspections.create_plan(
        actor=head,
        data={
            "title": PARTICULARS, "title_en": PARTICULARS_EN, "district": "440106",
            "ratio": "10", "weighted": True, "starts_on": today + timedelta(days=30),
            "ends_on": today + timedelta(days=120),
            "parts": [{"item": InspectionItem.objects.get(code="TH-QY-01").pk, "inspectors": 2}],
        },
    )  # fmt: skip
    inspections.commit(particulars, actor=head)
    _reports()
    return {"entities": made, "visits": len(visits)}


def _reports() -> int:
    """The reports on 2025 filed in spring 2026 (history: made as the hall stored them), then
    the listing of 1 July 2026 of everyone else, as the daily command made it."""
    from onewindow.market import lists
    from onewindow.market.credit_models import AnnualReport, ListEntry

    if ListEntry.objects.filter(year=2025).exists():
        return 0
    filer = User.objects.get(username="th_scjg_head")  # stands for the enterprises' accounts
    filed = []
    for n, entity in enumerate(
        LegalEntity.objects.filter(division_id="440106", name__contains="天河区")
        .exclude(name__endswith="便利店")
        .order_by("uscc")
    ):
        if n % 4 == 3:  # one in four did not file
            continue
        at = timezone.make_aware(datetime(2026, 3 + n % 3, 1 + n % 27, 10, 0))
        filed.append(
            AnnualReport(
                entity=entity, year=2025, address=entity.address, postal_code="510620",
                phone=f"020-3888{n:04d}", operating_status="operating", employees=3 + n % 20,
                employees_public=n % 2 == 0, total_assets=Decimal(50 + n), total_liabilities=10,
                revenue=Decimal(120 + 7 * n), net_profit=Decimal(n % 9 - 2), tax_paid=3,
                assets_public=n % 3 == 0, filed_at=at, filed_by=filer,
            )
        )  # fmt: skip
    AnnualReport.objects.bulk_create(filed)
    return lists.list_non_filers(2025)


def summary() -> dict[str, int]:
    plan = Plan.objects.filter(title=JOINT).first()
    rows = plan.inspections.all() if plan else []
    from onewindow.market.credit_models import ListEntry

    return {
        "visits": len(rows),
        "published": sum(1 for v in rows if v.status == InspectionStatus.PUBLISHED),
        "targets": Target.objects.filter(district_id="440106", active=True).count(),
        "listed": ListEntry.objects.filter(removed_on=None).count(),
    }
