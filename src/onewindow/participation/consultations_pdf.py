"""The feedback report (意见采纳情况) as a PDF in Chinese (core.pdf): the summary, the counts
per article, each comment's disposition with its reason, the revised articles against the draft
(〔删：…〕〔增：…〕). A published report carries the department's e-seal and its SM2 signature
over the SM3 digest of the report's content, as the annual disclosure report does."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.translation import override

from onewindow.core import crypto
from onewindow.core.pdf import Document, format_date
from onewindow.participation import consultations_text
from onewindow.participation.models import FeedbackReport, Outcome, Stance


def title_of(report: FeedbackReport) -> str:
    return f"关于《{report.consultation.title}》征求意见采纳情况的说明"


def content_digest(report: FeedbackReport, view: dict) -> str:
    """SM3 of what the report says: the summary, the dispositions and the revised texts."""
    content = {
        "consultation": report.consultation.number,
        "summary": report.summary,
        "dispositions": sorted(
            (d.comment_id, d.outcome, d.reason) for r in view["rows"] for d in r.dispositions
        )
        + sorted((d.comment_id, d.outcome, d.reason) for d in view["whole"]),
        "revisions": sorted(
            (r.article.position, r.revised) for r in view["rows"] if r.revised is not None
        ),
    }
    return crypto.sm3_hex(json.dumps(content, ensure_ascii=False, sort_keys=True).encode())


def render(report: FeedbackReport, view: dict) -> bytes:
    with override("zh-hans"):
        return _render(report, view)


def _stance(comment) -> str:
    return {Stance.SUPPORT: "赞成", Stance.OPPOSE: "反对"}.get(comment.stance, "意见")


def _render(report: FeedbackReport, view: dict) -> bytes:
    consultation = report.consultation
    department = consultation.department
    day = timezone.localdate(report.published_at or timezone.now())
    doc = Document(title=title_of(report), author=department.name, issued_on=day)
    doc.heading()
    doc.paragraph(
        f"{department.name}于{format_date(consultation.opens_on)}至"
        f"{format_date(consultation.closes_on)}就《{consultation.title}》公开征求意见，"
        f"共收到意见、赞成和反对{view['total']}条。"
    )
    doc.paragraph(report.summary or "无。")
    doc.paragraph("一、各条意见数量", indent=False, bold=True)
    doc.grid(
        ["条文", "意见", "赞成", "反对"],
        [
            [r.article.number, str(r.heat.comments), str(r.heat.support), str(r.heat.oppose)]
            for r in view["rows"]
        ],
        col_widths=(2, 1, 1, 1),
    )
    doc.paragraph("二、意见采纳情况", indent=False, bold=True)
    labels = dict(Outcome.choices)
    rows = [
        [r.article.number, f"{_stance(d.comment)}：{d.comment.public_body}", str(labels[d.outcome]),
         d.reason]
        for r in view["rows"]
        for d in r.dispositions
    ] + [
        ["全文", f"{_stance(d.comment)}：{d.comment.public_body}", str(labels[d.outcome]), d.reason]
        for d in view["whole"]
    ]  # fmt: skip
    if rows:
        doc.grid(["条文", "意见", "采纳情况", "理由"], rows, col_widths=(1, 3, 1.2, 2.4))
    else:
        doc.paragraph("无需要说明采纳情况的意见。")
    doc.paragraph("三、修改后的条文（与征求意见稿对照）", indent=False, bold=True)
    revised = [r for r in view["rows"] if r.revised is not None]
    for r in revised:
        doc.paragraph(r.article.number, indent=False, bold=True)
        if r.revised:
            doc.paragraph(consultations_text.diff_plain(r.article.text, r.revised))
        else:
            doc.paragraph("本条删除。")
    if not revised:
        doc.paragraph("征求意见稿条文未作修改。")
    doc.sign_off(department.name, day)
    if report.is_published:
        _seal(doc, report, view)
    return doc.render()


def _seal(doc: Document, report: FeedbackReport, view: dict) -> None:
    """The department's e-seal over its name and date (GB/T 9704), the signature below."""
    from onewindow.certificates import seals
    from onewindow.certificates.seal_drawing import draw_seal

    department = report.consultation.department
    seal = seals.active_seal(department)
    digest = content_digest(report, view)
    signature = seals.sign(seal, digest.encode())
    y = doc.get_y() - doc.LINE_HEIGHT
    draw_seal(doc, cx=doc.w - doc.r_margin - 30, cy=y, radius=21, department=seal.name,
              caption="征求意见专用章")  # fmt: skip
    doc.ln(12)
    doc.set_font(size=doc.SMALL_SIZE)
    doc.multi_cell(0, 5, f"电子印章 {seal.key_id}  SM3 {digest}\nSM2 {signature}", wrapmode="CHAR")
