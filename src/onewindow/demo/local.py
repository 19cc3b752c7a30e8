"""Local service in the demo (属地): residents of several districts, their applications at
their streets' service centres and their district bureaus, the officials who handle them, and
the supervisors who see the roll-up."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from onewindow.accounts import services as account_services
from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.models import Department, User
from onewindow.cases import services as case_services
from onewindow.cases.models import Case, Status, TaskStatus
from onewindow.core.identifiers import generate_id_number
from onewindow.demo.files import blank_pdf
from onewindow.registry import services as registry_services

_rng = random.Random(20261205)  # noqa: S311 - fixed seed: the same demo data on every run


@dataclass(frozen=True)
class Official:
    username: str
    name: str
    role: str
    department: str
    sees: str  # what the demo prints


OFFICIALS = [
    Official("liede_clerk", "黄街道", "window_clerk", "440106013-JD",
             "猎德街道便民服务中心's intake: street services of 猎德街道 residents"),
    Official("liede_reviewer", "梁街道", "reviewer", "440106013-JD", "猎德街道's reviews"),
    Official("liede_head", "罗主任", "head", "440106013-JD", "猎德街道's decisions"),
    Official("shitan_clerk", "邓镇", "window_clerk", "440118102-JD",
             "石滩镇便民服务中心's intake (增城区)"),
    Official("beijing_clerk", "谢街道", "window_clerk", "440104003-JD",
             "北京街道便民服务中心's intake (越秀区)"),
    Official("tianhe_mz_clerk", "曾民政", "window_clerk", "440106-MZ",
             "天河区民政局's marriage registration window"),
    Official("province_supervisor", "邱督查", "supervisor", "440000-GOV",
             "the roll-up of all 21 cities of Guangdong (/workbench/supervision/rollup/)"),
]  # fmt: skip

# (username, name, registered street) of demo residents; each applies where they live.
RESIDENTS = [
    ("resident_liede", "陈街坊", "440106013"),  # 天河区猎德街道
    ("resident_shitan", "钟乡亲", "440118102"),  # 增城区石滩镇
    ("resident_beijing", "骆市民", "440104003"),  # 越秀区北京街道
]
PENSION = "440100-RS-GG-509"  # 城乡居民基本养老保险参保登记
ASSISTANCE = "440100-MZ-GG-505"  # 临时救助申请


def _official(official: Official, password: str) -> User:
    user = User.objects.filter(username=official.username).first()
    if user is None:
        user = account_services.create_official(
            username=official.username, password=password, real_name=official.name
        )
    account_services.assign_role(
        user=user, department=Department.objects.get(code=official.department), role=official.role
    )
    return user


def _resident(username: str, name: str, street: str, number: int, password: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    id_number = generate_id_number(street[:6], date(1960 + number, 4, 12), rng=_rng)
    registry_services.save_person(
        id_number, name, household_division=street, household_address=f"{street} 演示地址"
    )
    return identity_services.register_citizen(
        username=username,
        password=password,
        real_name=name,
        id_number=id_number,
        phone=f"1370020{number:04d}",
    )


def _apply(resident: User, code: str, form: dict, uploads: dict) -> Case | None:
    try:
        return case_services.submit(
            applicant=resident,
            item_code=code,
            form=form,
            uploads=uploads,
            idempotency_key=f"demo-local-{resident.username}-{code}",
        )
    except ValidationError:
        return None  # the catalogue changed the item's form: the demo skips this case


def ensure(password: str) -> dict:
    """Create the officials, residents and cases (safe to run again); what each one sees."""
    users = {o.username: _official(o, password) for o in OFFICIALS}
    residents = [
        _resident(username, name, street, n, password)
        for n, (username, name, street) in enumerate(RESIDENTS, start=1)
    ]
    liede, shitan, beijing = residents
    pension = {"contribution_grade": "1200", "phone": "13700200001"}
    cases = []
    # 猎德街道: a pension enrolment decided on the day (accepted, reviewed, decided, delivered).
    case = _apply(liede, PENSION, pension, {})
    if case is not None and case.status == Status.SUBMITTED:
        case_services.accept(number=case.number, actor=users["liede_clerk"])
        task = case.tasks.filter(status=TaskStatus.OPEN).first()
        if task is not None:
            case_services.approve(task_id=task.pk, actor=users["liede_reviewer"])
        case_services.decide(number=case.number, actor=users["liede_head"])
        case_services.deliver(number=case.number, actor=users["liede_clerk"], method="online")
    cases.append(case)
    # 石滩镇 (增城区): temporary assistance accepted and under review.
    assistance = {
        "hardship": "家中突发火灾，房屋受损",
        "bank_account": "6222021234567890123",
        "phone": "13700200002",
    }
    case = _apply(
        shitan, ASSISTANCE, assistance, {"hardship_proof": ("fire.pdf", blank_pdf("火灾证明"))}
    )
    if case is not None and case.status == Status.SUBMITTED:
        case_services.accept(number=case.number, actor=users["shitan_clerk"])
    cases.append(case)
    # 北京街道 (越秀区): a pension enrolment waiting at the street's window.
    cases.append(_apply(beijing, PENSION, pension, {}))
    return {
        "officials": OFFICIALS,
        "residents": [
            (r.username, r.real_name, street)
            for r, (_u, _n, street) in zip(residents, RESIDENTS, strict=True)
        ],
        "cases": list(
            Case.objects.filter(pk__in=[c.pk for c in cases if c is not None])
            .select_related("item", "lead_department")
            .order_by("number")
        ),
    }


def account_rows() -> list[dict]:
    """The local demo accounts as ``onewindow demo`` lists them."""
    rows = [
        {"username": o.username, "kind": "official", "role": o.role,
         "department": o.department, "name": o.name}
        for o in OFFICIALS
    ]  # fmt: skip
    rows += [
        {"username": u, "kind": "citizen", "role": "", "department": "", "name": n}
        for u, n, _street in RESIDENTS
    ]
    return rows
