"""Demo proactive disclosure (主动公开): the disclosure guides of the market regulator and the
civil-affairs bureau, a dozen documents published through the real workflow (drafted by
gk_officer, reviewed by gk_reviewer, approved by gk_head) on working days some weeks ago, a
normative document later repealed and replaced, one draft in the confidentiality review with a
citizen's ID number caught, and one draft past its Art. 26 date (a red card once the sweep
runs). Each document is made once (found again by agency and title).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.core.clock import WorkingCalendar
from onewindow.core.identifiers import generate_id_number
from onewindow.disclosure.models import Document, Guide
from onewindow.disclosure.services import publishing

SCJG, MZ = "440100-SCJG", "440100-MZ"
OFFICER, REVIEWER, HEAD = "gk_officer", "gk_reviewer", "gk_head"

GUIDES = {
    SCJG: {
        "office": "广州市市场监督管理局政务公开办公室",
        "office_en": "Open Government Office, Guangzhou Administration for Market Regulation",
        "address": "广州市天河区天河北路893号",
        "address_en": "893 Tianhe North Road, Tianhe District, Guangzhou",
        "postcode": "510630",
        "phone": "020-12345678",
        "email": "gk@scjg.gz.example",
        "hours": "工作日 9:00–12:00，14:00–17:30",
        "hours_en": "Working days 9:00–12:00 and 14:00–17:30",
        "text": "本机关主动公开的政府信息在本网站“政府信息公开”栏目发布；"
        "申请公开政府信息，可通过网上平台、信函或到本办公室当面提出。",
        "text_en": "Proactively disclosed information is published in the website's open "
        "government section; requests may be made online, by letter or in person at the office.",
    },
    MZ: {
        "office": "广州市民政局政务公开办公室",
        "office_en": "Open Government Office, Guangzhou Civil Affairs Bureau",
        "address": "广州市越秀区府前路1号",
        "address_en": "1 Fuqian Road, Yuexiu District, Guangzhou",
        "postcode": "510030",
        "phone": "020-87654321",
        "email": "gk@mz.gz.example",
        "hours": "工作日 9:00–12:00，14:00–17:30",
        "hours_en": "Working days 9:00–12:00 and 14:00–17:30",
        "text": "本机关主动公开的政府信息在本网站发布；依申请公开请向本办公室提出。",
        "text_en": "Proactively disclosed information is published on this website; send "
        "requests to this office.",
    },
}


@dataclass(frozen=True)
class Spec:
    title: str
    title_en: str
    category: str
    body: str
    body_en: str
    ago: int  # working days ago it was formed
    form: str = "other"
    number: str = ""
    agency: str = SCJG


PUBLISHED = [
    Spec(
        "广州市市场监督管理局关于食品经营许可的实施办法",
        "Rules on food business licences",
        "rules",
        "第一条 为规范食品经营许可工作，制定本办法。",
        "Art. 1: these rules govern food business licences.",
        60,
        "normative",
        "穗市监规字〔2026〕1号",
    ),
    Spec(
        "广州市市场监督管理局关于食品经营许可的实施办法（修订）",
        "Rules on food business licences (revised)",
        "rules",
        "第一条 为规范食品经营许可工作，根据新修订的管理办法，制定本办法。",
        "Art. 1: these revised rules govern food business licences.",
        30,
        "normative",
        "穗市监规字〔2026〕5号",
    ),
    Spec(
        "广州市市场监督管理局主要职责和内设机构",
        "Functions and divisions of the bureau",
        "functions",
        "承担全市市场综合监督管理职责。内设办公室、法规处等。",
        "Market regulation across the city; offices include the general office and legal affairs.",
        55,
    ),
    Spec(
        "广州市市场监管事业发展“十五五”规划",
        "15th five-year plan for market regulation",
        "plans",
        "到2030年，建成统一开放、竞争有序的市场体系。",
        "By 2030, a unified, open and orderly market.",
        50,
    ),
    Spec(
        "2026年第三季度市场主体统计",
        "Market entities, third quarter of 2026",
        "statistics",
        "截至9月底，全市实有市场主体340万户。",
        "3.4 million market entities at the end of September.",
        45,
    ),
    Spec(
        "2026年部门预算",
        "Departmental budget 2026",
        "budgets",
        "2026年收入预算合计5.2亿元。",
        "Revenue budget 2026: 520 million yuan.",
        42,
    ),
    Spec(
        "行政事业性收费项目及标准",
        "Administrative fees and rates",
        "fees",
        "本机关现行无行政事业性收费项目。",
        "The bureau currently charges no administrative fees.",
        40,
    ),
    Spec(
        "食品安全监督抽检结果（2026年第10期）",
        "Food safety sampling results (no. 10, 2026)",
        "supervision",
        "本期抽检食品1200批次，合格1188批次。",
        "1,200 batches sampled, 1,188 passed.",
        35,
    ),
    Spec(
        "行政处罚决定书（穗市监处〔2026〕88号）",
        "Penalty decision 88/2026",
        "enforcement",
        "当事人广州某某餐饮有限公司销售过期食品，罚款人民币两万元。",
        "A restaurant company sold expired food: fined 20,000 yuan.",
        33,
    ),
    Spec(
        "2026年公务员考试录用拟录用人员公示",
        "Civil-service recruits 2026",
        "recruitment",
        "拟录用人员名单见附件，公示期5个工作日。",
        "The list of recruits is attached; objections within 5 working days.",
        28,
    ),
    Spec(
        "广州市民政局主要职责",
        "Functions of the civil affairs bureau",
        "functions",
        "负责社会救助、婚姻登记、养老服务等工作。",
        "Social assistance, marriage registration, care for the elderly.",
        25,
        agency=MZ,
    ),
    Spec(
        "2026年城乡最低生活保障标准",
        "Minimum living allowance 2026",
        "social",
        "本市城乡低保标准统一为每人每月1200元。",
        "The allowance is 1,200 yuan per person per month.",
        22,
        agency=MZ,
    ),
]
REPEALED, REPLACEMENT = 0, 1  # the first rules are repealed and replaced by the revision


def _at(day: date, minutes: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 30))) + timedelta(minutes=minutes)


def _working_day_ago(days: int, calendar: WorkingCalendar, today: date) -> date:
    day = today
    while days > 0 or not calendar.is_working_day(day):
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return day


def _guides() -> int:
    made = 0
    for code, values in GUIDES.items():
        agency = Department.objects.get(code=code)
        _guide, created = Guide.objects.get_or_create(
            agency=agency, defaults={**values, "updated_on": timezone.localdate()}
        )
        made += created
    return made


def _exists(spec: Spec) -> Document | None:
    return Document.objects.filter(agency__code=spec.agency, title=spec.title).first()


def _publish(spec: Spec, users, calendar, today) -> Document:
    formed = _working_day_ago(spec.ago, calendar, today)
    fields = {
        "category": spec.category, "form": spec.form, "title": spec.title,
        "title_en": spec.title_en, "number": spec.number, "body": spec.body,
        "body_en": spec.body_en, "formed_on": formed, "valid_from": formed,
    }  # fmt: skip
    if spec.agency != SCJG:  # the bureau's office publishes through its own system (a module)
        with time_machine.travel(_at(_working_day_ago(spec.ago - 3, calendar, today)), tick=False):
            fields.pop("valid_from")
            doc, _new = publishing.publish_from_module(
                "demo", spec.title[:64], agency=Department.objects.get(code=spec.agency), **fields
            )
        return doc
    with time_machine.travel(_at(formed), tick=False):
        doc = publishing.create_draft(actor=users[OFFICER], **fields)
    steps = [
        (1, publishing.submit_for_review, OFFICER, {}),
        (3, publishing.review, REVIEWER, {"passed": True}),
        (5, publishing.approve_and_publish, HEAD, {}),
    ]
    for later, step, who, extra in steps:
        when = _at(_working_day_ago(spec.ago - later, calendar, today))
        with time_machine.travel(when, tick=False):
            doc = step(pk=doc.pk, actor=users[who], version=doc.version, **extra)
    return doc


def _in_review(users, calendar, today) -> bool:
    title = "关于对无证经营食品行为的处理意见"
    if Document.objects.filter(title=title).exists():
        return False
    id_number = generate_id_number("440104", date(1980, 6, 1), rng=random.Random(7))  # noqa: S311 - a demo value
    formed = _working_day_ago(6, calendar, today)
    with time_machine.travel(_at(formed), tick=False):
        doc = publishing.create_draft(
            actor=users[OFFICER], category="enforcement", title=title,
            title_en="Handling of unlicensed food sales",
            body=f"经查，当事人王某明（身份证号码：{id_number}）在天河区无证经营食品，"
            "责令改正。联系电话13812345678。",
            body_en="An individual sold food without a licence in Tianhe and was ordered to stop.",
            formed_on=formed,
        )  # fmt: skip
    with time_machine.travel(_at(_working_day_ago(4, calendar, today)), tick=False):
        publishing.submit_for_review(pk=doc.pk, actor=users[OFFICER], version=doc.version)
    return True


def _overdue(users, calendar, today) -> bool:
    title = "2025年度政府信息公开工作年度报告（草稿）"
    if Document.objects.filter(title=title).exists():
        return False
    formed = _working_day_ago(24, calendar, today)
    with time_machine.travel(_at(formed), tick=False):
        publishing.create_draft(
            actor=users[OFFICER], category="other", title=title,
            title_en="Open government annual report 2025 (draft)",
            body="本报告由本机关编制，内容包括主动公开、依申请公开等情况。",
            body_en="Prepared by the bureau: proactive disclosure, requests and more.",
            formed_on=formed,
        )  # fmt: skip
    return True


def ensure() -> dict[str, int]:
    """Make the guides and documents not made yet; returns how many of each were made."""
    users = {u.username: u for u in User.objects.filter(username__in=[OFFICER, REVIEWER, HEAD])}
    calendar = WorkingCalendar()
    today = timezone.localdate()
    made = {"guides": _guides(), "published": 0, "repealed": 0, "drafts": 0}
    documents = []
    for spec in PUBLISHED:
        doc = _exists(spec)
        if doc is None:
            doc = _publish(spec, users, calendar, today)
            made["published"] += 1
        documents.append(doc)
    old, new = documents[REPEALED], documents[REPLACEMENT]
    if old.validity == "in_force":
        with time_machine.travel(_at(_working_day_ago(20, calendar, today)), tick=False):
            publishing.repeal(
                pk=old.pk, actor=users[HEAD], version=old.version, ended_on=new.published_at.date(),
                replaced_by=new.pk, note="由修订后的实施办法代替",
            )  # fmt: skip
        made["repealed"] += 1
    made["drafts"] += _in_review(users, calendar, today) + _overdue(users, calendar, today)
    return made
