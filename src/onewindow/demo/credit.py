"""Demo joint punishment and incentive (联合奖惩), both outcomes at intake (made once):

- credit_good, 广州市越秀守信食品有限公司: in business since 2019, its annual reports filed
  on time, on no list, no penalty: good credit. It applies for 食品经营许可 and may leave out
  its food safety rules, to be supplied later (容缺受理);
- credit_listed, 广州市海珠明记餐饮管理有限公司: on the serious-dishonesty list since
  September 2026; its licence application is refused at submission, citing the measure;
- credit_rep, 广州市海珠明记食品贸易有限公司: represented by 陈明记, also the legal
  representative of the listed company; its business start-up (企业开办) is refused at
  submission: he may not be the legal representative of another enterprise.

credit_good also applies for 出版物零售 (a book corner in its shop) and commits in writing in
place of the proof of its premises (告知承诺); the case is accepted at the central window and the
publishing bureau's check is due in the ledger (press_reviewer, press_head).

credit_books, 广州市越秀知行书店有限公司, of good credit too, committed in place of the same proof
for its own bookshop; press_reviewer found the commitment untrue today (the landlord never let
the premises) and press_head denied the licence. The false commitment is on its public credit
record, it is no longer offered 告知承诺, and its /my/credit-repair/ page shows the day, three
months on, from which it may ask the publishing bureau to repair its credit.

credit_good is opened by its legal representative, the demo citizen, as the demo enterprise is;
the two 明记 companies by 陈明记; credit_books by 林知行. The measures come from
cases/data/joint_measures.yaml.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.models import Department, User
from onewindow.cases import joint_measures
from onewindow.cases import services as case_services
from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from onewindow.core import clock
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.demo.accounts import DEMO_ACCOUNTS
from onewindow.demo.window import _application
from onewindow.market import reports, serious_list
from onewindow.market.credit_models import (
    BASIS,
    BASIS_EN,
    AnnualReport,
    ListEntry,
    ListKind,
    ListReason,
)
from onewindow.registry import services as registry_services
from onewindow.registry.models import EntityStatus, EntityType, LegalEntity, MaritalStatus

_rng = random.Random(20261207)  # noqa: S311 - fixed seed: the same demo data on every run
GOOD = ("credit_good", "广州市越秀守信食品有限公司", "440104", "13900139001")
LISTED = ("credit_listed", "广州市海珠明记餐饮管理有限公司", "440105", "13900139002")
REPRESENTED = ("credit_rep", "广州市海珠明记食品贸易有限公司", "440105", "13900139003")
ACCOUNTS = (GOOD, LISTED, REPRESENTED)
USCC = {username: generate_uscc(division, rng=_rng) for username, _n, division, _p in ACCOUNTS}
MINGJI = ("陈明记", generate_id_number("440105", date(1978, 3, 9), sex="M", rng=_rng))
# Drawn after the others, so that their codes from the same seeded generator stay as they were.
BOOKS = ("credit_books", "广州市越秀知行书店有限公司", "440104", "13900139004")
USCC[BOOKS[0]] = generate_uscc(BOOKS[2], rng=_rng)
ZHIXING = ("林知行", generate_id_number("440104", date(1986, 5, 20), sex="F", rng=_rng))
BOOKSHOP = "广州市越秀区北京路2号"
ADDRESS = {"440104": "广州市越秀区中山五路1号", "440105": "广州市海珠区江南大道中1号"}
LICENCE = "440100-SCJG-XK-306"  # 食品经营许可
RETAIL = "440100-XWCB-XK-423"  # 出版物零售: the proof of the premises may be a commitment
COMMITTED = "premises_proof"
STARTUP = "440100-SCJG-XK-301"  # 企业开办一网通办


def account_rows() -> list[dict]:
    return [
        {"username": username, "kind": "enterprise", "role": "", "department": "", "name": name}
        for username, name, _division, _phone in (*ACCOUNTS, BOOKS)
    ]


def _entity(username: str, name: str, division: str, representative) -> LegalEntity:
    established = date(2019, 6, 18) if username != REPRESENTED[0] else date(2026, 11, 20)
    entity, _created = LegalEntity.objects.update_or_create(
        uscc=USCC[username],
        defaults={
            "name": name,
            "entity_type": EntityType.LIMITED,
            "legal_representative": representative,
            "registered_capital": Decimal("500000.00"),
            "established_on": established,
            "registration_authority": "广州市市场监督管理局",
            "business_scope": "图书零售" if username == BOOKS[0] else "餐饮服务；食品销售",
            "status": EntityStatus.ACTIVE,
            "division_id": division,
            "address": BOOKSHOP if username == BOOKS[0] else ADDRESS[division],
        },
    )
    return entity


def _account(username, name, phone, password, representative) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = identity_services.register_enterprise(
            username=username,
            password=password,
            name=name,
            uscc=USCC[username],
            phone=phone,
            representative_name=representative.name,
            representative_id_number=representative.id_number,
        )
    return user


def _reports_on_time(entity: LegalEntity, filer: User) -> None:
    """Every annual report due so far, filed in April of the next year (on time)."""
    now = timezone.now()
    for year in reports.due_years(entity, timezone.localdate()):
        filed_at = timezone.make_aware(datetime(year + 1, 4, 15, 10, 0))
        if filed_at > now or AnnualReport.objects.filter(entity=entity, year=year).exists():
            continue
        AnnualReport.objects.create(
            entity=entity, year=year, address=entity.address, postal_code="510030",
            phone="020-83330000", operating_status="operating", employees=18,
            total_assets=Decimal("260.00"), total_liabilities=Decimal("40.00"),
            revenue=Decimal("520.00"), net_profit=Decimal("36.00"), tax_paid=Decimal("21.00"),
            filed_at=filed_at, filed_by=filer,
        )  # fmt: skip


@transaction.atomic
def ensure(password: str) -> dict[str, str]:
    """The three enterprises, their records and the measures; their USCCs by username."""
    joint_measures.load()
    citizen = next(a for a in DEMO_ACCOUNTS if a.username == "citizen")
    people = {
        GOOD[0]: registry_services.save_person(
            citizen.id_number, citizen.name, marital_status=MaritalStatus.MARRIED
        ),
        LISTED[0]: registry_services.save_person(
            MINGJI[1],
            MINGJI[0],
            household_division="440105",
            household_address="广州市海珠区江南大道中1号",
        ),
    }
    people[REPRESENTED[0]] = people[LISTED[0]]
    people[BOOKS[0]] = registry_services.save_person(
        ZHIXING[1],
        ZHIXING[0],
        household_division="440104",
        household_address=BOOKSHOP,
    )
    for username, name, division, phone in (*ACCOUNTS, BOOKS):
        entity = _entity(username, name, division, people[username])
        user = _account(username, name, phone, password, people[username])
        _reports_on_time(entity, user)
    listed = LegalEntity.objects.get(uscc=USCC[LISTED[0]])
    if not ListEntry.objects.filter(entity=listed, kind="serious", removed_on=None).exists():
        listed_on = date(2026, 9, 1)  # with a decision taken before the platform kept cases
        ListEntry.objects.create(
            entity=listed,
            kind=ListKind.SERIOUS,
            reason=ListReason.HEAVIER_PENALTY,
            basis=BASIS[ListReason.HEAVIER_PENALTY],
            basis_en=BASIS_EN[ListReason.HEAVIER_PENALTY],
            department=Department.objects.get(code="440100-SCJG"),
            listed_on=listed_on,
            grounds="销售过期变质食品致多名消费者食物中毒，被处以从重罚款并责令停业整顿。",
            ends_on=clock.months_after(listed_on, serious_list.LISTED_MONTHS),
        )
    _committed_case()
    _false_commitment()
    return {username: USCC[username] for username, *_rest in (*ACCOUNTS, BOOKS)}


def _committed_case() -> None:
    """告知承诺: credit_good's 出版物零售 application, its premises proof replaced by a commitment,
    accepted at the central window today; the check is due in 20 working days."""
    _commit_retail(GOOD[0], "demo-commitment")


def _commit_retail(username: str, key: str, **form) -> Case | None:
    """``username``'s 出版物零售 application with a commitment in place of the proof of its
    premises, accepted at the central window today; None if the demo made it before."""
    if Case.objects.filter(idempotency_key=key).exists():
        return None
    applicant = User.objects.get(username=username)
    item = ServiceItem.objects.get(code=RETAIL)
    data, uploads = _application(item)
    data.update(uscc=applicant.uscc, **form)
    uploads.pop(COMMITTED, None)
    case = case_services.submit(
        applicant=applicant,
        item_code=RETAIL,
        form=data,
        uploads=uploads,
        idempotency_key=key,
        commitments={COMMITTED},
    )
    case_services.accept(number=case.number, actor=User.objects.get(username="clerk"))
    return case


def _false_commitment() -> None:
    """credit_books' application, its commitment found untrue at the check, denied and
    delivered online today."""
    case = _commit_retail(
        BOOKS[0], "demo-false-commitment", store_name="知行书店", store_address=BOOKSHOP
    )
    if case is None:
        return
    reviewer = User.objects.get(username="press_reviewer")
    for task in case.tasks.filter(completed_at=None):
        case_services.approve(task_id=task.pk, actor=reviewer, opinion="其他材料齐全。")
    case_services.verify_commitment(
        number=case.number,
        key=COMMITTED,
        actor=reviewer,
        truthful=False,
        finding="电话核实出租方：北京路2号从未出租给申请人，所附租赁合同非其签署。",
    )
    case_services.decide(number=case.number, actor=User.objects.get(username="press_head"))
    # the denial goes out online (统一出件): the case is closed, the central window's queue empty
    case_services.deliver(
        number=case.number, actor=User.objects.get(username="clerk"), method="online"
    )
