"""The annual report as a PDF in Chinese (core.pdf), in the national template's order: the
text parts, tables 二–四, the agency's name and the date. A published report carries the
agency's round e-seal and its SM2 signature over the SM3 digest of the report's content."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.core import crypto
from onewindow.core.pdf import Document
from onewindow.disclosure.report_layout import layout
from onewindow.disclosure.report_models import SECTIONS, AnnualReport

SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "（一）主动公开",
    "requests": "（二）依申请公开",
    "management": "（三）政府信息管理",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}


def title_of(report: AnnualReport) -> str:
    return f"{report.agency.name}{report.year}年政府信息公开工作年度报告"


def content_digest(report: AnnualReport) -> str:
    """SM3 of the report's Chinese text and frozen tables: what the e-seal signs."""
    content = {
        "agency": report.agency.code,
        "year": report.year,
        "sections": {name: getattr(report, name) for name in SECTIONS},
        "tables": report.tables,
    }
    return crypto.sm3_hex(json.dumps(content, ensure_ascii=False, sort_keys=True).encode())


def render(report: AnnualReport, tables: dict) -> bytes:
    with override("zh-hans"):
        return _render(report, tables)


def _text(doc: Document, report: AnnualReport, name: str) -> None:
    doc.paragraph(SECTION_TITLES[name], indent=False, bold=True)
    doc.paragraph(getattr(report, name) or "无。")


def _render(report: AnnualReport, tables: dict) -> bytes:
    day = timezone.localdate(report.published_at) if report.published_at else timezone.localdate()
    doc = Document(title=title_of(report), author=report.agency.name, issued_on=day)
    doc.heading()
    rows = layout(tables)
    for name in ("overview", "proactive", "requests", "management"):
        _text(doc, report, name)
    doc.paragraph("二、主动公开政府信息情况", indent=False, bold=True)
    proactive = rows["proactive"]
    doc.grid(
        [_("Information"), _("Issued this year"), _("Repealed this year"), _("In force")],
        [[r.label, *map(str, r.cells)] for r in proactive["documents"]],
        col_widths=(2, 1, 1, 1),
    )
    doc.grid(
        [_("Information"), _("Decisions this year")],
        [[r.label, str(r.cells[0])] for r in proactive["decisions"]],
        col_widths=(2, 2),
    )
    doc.grid(
        [_("Information"), _("Fees collected this year (10,000 yuan)")],
        [[r.label, r.cells[0]] for r in proactive["fees"]],
        col_widths=(2, 2),
    )
    doc.paragraph("三、收到和处理政府信息公开申请情况", indent=False, bold=True)
    doc.grid(
        ["", *rows["requester_columns"]],
        [[r.label, *map(str, r.cells)] for r in rows["requests"]],
        col_widths=(3.4, 1, 1, 1, 1, 1, 1, 1),
    )
    doc.paragraph("四、政府信息公开行政复议、行政诉讼情况", indent=False, bold=True)
    doc.grid(
        ["", *rows["remedy_columns"]],
        [[r.label, *map(str, r.cells)] for r in rows["remedies"]],
        col_widths=(2.4, 1, 1, 1, 1, 1),
    )
    for name in ("problems", "other"):
        _text(doc, report, name)
    doc.sign_off(report.agency.name, day)
    if report.is_published:
        _seal(doc, report)
    return doc.render()


def _seal(doc: Document, report: AnnualReport) -> None:
    """The agency's e-seal over its name and date (GB/T 9704), and the signature below."""
    from onewindow.certificates import seals
    from onewindow.certificates.seal_drawing import draw_seal

    seal = seals.active_seal(report.agency)
    digest = content_digest(report)
    signature = seals.sign(seal, digest.encode())
    y = doc.get_y() - doc.LINE_HEIGHT
    draw_seal(doc, cx=doc.w - doc.r_margin - 30, cy=y, radius=21, department=seal.name,
              caption="政务公开专用章")  # fmt: skip
    doc.ln(12)
    doc.set_font(size=doc.SMALL_SIZE)
    doc.multi_cell(0, 5, f"电子印章 {seal.key_id}  SM3 {digest}\nSM2 {signature}", wrapmode="CHAR")
