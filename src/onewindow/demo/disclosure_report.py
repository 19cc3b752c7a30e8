"""Demo annual disclosure reports (政府信息公开条例 Art. 49–50): the 2025 reports of the market
regulator (440100-SCJG) and the civil-affairs bureau (440100-MZ), published in January 2026,
and the regulator's 2026 draft due on 31 January 2027.

The 2025 requests, rules and reviews the reports count are made here as rows (the request and
publishing workflows are demonstrated on their own); the reports go through their services.
Idempotent: every row is found again by its number, reference or agency and year.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.disclosure.models import Document, DocumentStatus, Guide, Request, RequestStatus
from onewindow.disclosure.report_models import AnnualReport, Remedy
from onewindow.disclosure.services import reports
from onewindow.disclosure.vocab import Category, Channel, DocumentForm

SCJG, MZ = "440100-SCJG", "440100-MZ"
AGENCIES = (SCJG, MZ)
# number, agency, requester kind, received, replied (None: open), outcome
REQUESTS = [
    ("GK-DEMO-2025-001", SCJG, "person", date(2025, 3, 4), date(2025, 3, 20), "disclosed"),
    ("GK-DEMO-2025-002", SCJG, "enterprise", date(2025, 4, 8), date(2025, 5, 6), "partial"),
    ("GK-DEMO-2025-003", SCJG, "research", date(2025, 6, 2), date(2025, 6, 24), "not_held"),
    ("GK-DEMO-2025-004", SCJG, "person", date(2025, 9, 1), date(2025, 9, 12), "process_info"),
    ("GK-DEMO-2025-005", SCJG, "legal_service", date(2025, 12, 22), None, ""),
    ("GK-DEMO-2025-006", MZ, "person", date(2025, 2, 10), date(2025, 2, 28), "disclosed"),
    ("GK-DEMO-2025-007", MZ, "person", date(2025, 7, 14), date(2025, 7, 30), "repeated"),
    ("GK-DEMO-2025-008", MZ, "public_interest", date(2025, 10, 9), date(2025, 10, 30), "disclosed"),
]  # fmt: skip
DOCUMENTS = [  # agency, form, number, title, published, ended
    (SCJG, DocumentForm.NORMATIVE, "穗市监规字〔2025〕1号",
     "广州市市场监督管理局关于规范食品小作坊登记管理的通知", date(2025, 3, 1), None),
    (SCJG, DocumentForm.NORMATIVE, "穗市监规字〔2020〕3号",
     "广州市市场监督管理局关于个体工商户登记的若干规定", date(2020, 6, 1), date(2025, 6, 1)),
    (MZ, DocumentForm.NORMATIVE, "穗民规字〔2025〕2号",
     "广州市民政局关于居家养老服务补贴的实施细则", date(2025, 5, 10), None),
]  # fmt: skip
REMEDIES = [  # agency, kind, reference, filed, concluded, result
    (SCJG, "review", "穗府复〔2025〕101号", date(2025, 4, 1), date(2025, 5, 20), "upheld"),
    (SCJG, "lawsuit", "(2025)粤7101行初88号", date(2025, 11, 3), None, "pending"),
]  # fmt: skip
TEXT = {
    "440100-SCJG": (
        "2025年，广州市市场监督管理局认真贯彻《中华人民共和国政府信息公开条例》，主动公开规范性文件，"
        "依法办理政府信息公开申请，政务公开工作平稳有序。",
        "In 2025 the Guangzhou Administration for Market Regulation published its normative "
        "documents and answered every disclosure request within the legal time limits.",
    ),
    "440100-MZ": (
        "2025年，广州市民政局围绕养老服务、社会救助等重点领域做好政府信息公开工作。",
        "In 2025 the Guangzhou Civil Affairs Bureau disclosed information on elderly care and "
        "social assistance.",
    ),
}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _guide(agency: Department) -> None:
    Guide.objects.get_or_create(
        agency=agency,
        defaults={"office": f"{agency.name}政府信息公开办公室",
                  "office_en": f"Disclosure office, {agency.name_en}"},
    )  # fmt: skip


def _rows(agencies: dict[str, Department]) -> None:
    for number, code, kind, received, replied, outcome in REQUESTS:
        Request.objects.get_or_create(
            number=number,
            defaults={
                "agency": agencies[code], "requester_kind": kind, "requester_name": "示例申请人",
                "channel": Channel.ONLINE, "description": "申请公开相关政府信息",
                "submitted_at": _moment(received), "received_on": received,
                "status": RequestStatus.REPLIED if replied else RequestStatus.RECEIVED,
                "replied_on": replied, "outcome": outcome,
            },
        )  # fmt: skip
    for code, form, number, title, published, ended in DOCUMENTS:
        if not Document.objects.filter(agency=agencies[code], number=number).exists():
            Document.objects.create(
                agency=agencies[code], category=Category.RULES, form=form, number=number,
                title=title, body=title, formed_on=published, published_at=_moment(published),
                status=DocumentStatus.PUBLISHED, validity="repealed" if ended else "in_force",
                ended_on=ended,
            )  # fmt: skip
    for code, kind, reference, filed, concluded, result in REMEDIES:
        Remedy.objects.get_or_create(
            agency=agencies[code], kind=kind, reference=reference,
            defaults={"filed_on": filed, "concluded_on": concluded, "result": result},
        )  # fmt: skip


def ensure() -> dict:
    agencies = {code: Department.objects.get(code=code) for code in AGENCIES}
    for agency in agencies.values():
        _guide(agency)
    _rows(agencies)
    head = User.objects.filter(username="gk_head").first()
    published = 0
    for code, agency in agencies.items():
        report = reports.open_report(agency, 2025)
        if not report.is_published:
            zh, en = TEXT[code]
            reports.save_sections(report, {"overview": zh, "overview_en": en}, actor=None)
            actor = head if code == "440100-SCJG" else None
            reports.publish(report, actor=actor, at=_moment(date(2026, 1, 20)))
            published += 1
    draft = reports.open_report(agencies["440100-SCJG"], 2026)
    if not draft.overview:
        reports.save_sections(
            draft,
            {"overview": "（草稿）2026年政府信息公开工作总体情况。",
             "overview_en": "(Draft) Disclosure work in 2026."},
            actor=None,
        )  # fmt: skip
    return {
        "published": AnnualReport.objects.filter(year=2025, status="published").count(),
        "newly": published,
    }
