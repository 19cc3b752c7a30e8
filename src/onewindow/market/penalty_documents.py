"""The documents of a penalty case as PDFs in the standard forms of 行政处罚文书 (告知书,
听证通知书, 决定书), each with the department's seal over its name and date; the seal's SM2 key
signs the PDF's SM3 digest, so anyone holding the file can check it against the published key.

What a document says is frozen in its ``content`` when it is issued; rendering is deterministic.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from onewindow.certificates import seals
from onewindow.certificates.seal_drawing import draw_seal
from onewindow.core import crypto
from onewindow.core.pdf import Document, format_date
from onewindow.market.penalty_models import PenaltyDocument, PenaltyDocumentKind

LAW = "《中华人民共和国行政处罚法》"
TITLES = {
    PenaltyDocumentKind.NOTICE: "行政处罚告知书",
    PenaltyDocumentKind.HEARING: "行政处罚听证通知书",
    PenaltyDocumentKind.DECISION: "行政处罚决定书",
}
CODES = {
    PenaltyDocumentKind.NOTICE: "GZ",
    PenaltyDocumentKind.HEARING: "TZ",
    PenaltyDocumentKind.DECISION: "JD",
}
MEASURES_ZH = {
    "warning": "警告",
    "confiscation": "没收违法所得",
    "suspension": "责令停产停业",
    "revocation": "吊销许可证件",
}
LEVELS_ZH = {"lighter": "从轻", "ordinary": "一般", "heavier": "从重"}
SEAL_RADIUS = 21.0  # mm: a 42 mm round seal (公章)


def yuan(amount) -> str:
    """12345.5 -> 12,345.50元"""
    return f"{Decimal(str(amount)):,.2f}元"


def penalty_text(fine, measures) -> str:
    parts = [MEASURES_ZH[m] for m in measures if m in MEASURES_ZH]
    if fine:
        parts.append(f"罚款{yuan(fine)}")
    return "；".join(parts) or "不予行政处罚"


def _party(doc: Document, content: dict) -> None:
    party = content["party"]
    doc.paragraph(f"{party['name']}：", indent=False)
    doc.fields(
        [
            ("当事人", party["name"]),
            ("统一社会信用代码", party["uscc"]),
            ("住所", party["address"]),
            ("法定代表人（负责人）", party["representative"]),
            ("案件编号", content["case_number"]),
        ]
    )


def _band(content: dict) -> str:
    band = content["band"]
    return (
        f"依据本机关公布的行政处罚裁量基准，该违法行为属“{band['level']}”情形（{band['circumstances']}），"
        f"罚款幅度为{yuan(band['fine_min'])}至{yuan(band['fine_max'])}。"
    )


def _notice(doc: Document, content: dict) -> str:
    doc.paragraph(
        f"经查，{content['facts']}上述行为违反了{content['provision']}的规定。"
        f"依据{content['penalty_provision']}，{_band(content)}"
    )
    doc.paragraph(f"本机关拟对你（单位）作出如下行政处罚：{content['penalty']}。")
    rights = (
        f"根据{LAW}第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩，"
        f"请于{format_date(date.fromisoformat(content['statement_due']))}前提出。"
    )
    if content["hearing_allowed"]:
        rights += (
            f"根据{LAW}第六十三条、第六十四条的规定，你（单位）有权要求举行听证，"
            "请于上述期限内提出；逾期视为放弃听证权利。"
        )
    doc.paragraph(rights)
    return "逾期未提出陈述、申辩的，视为放弃上述权利。"


def _hearing(doc: Document, content: dict) -> str:
    doc.paragraph(
        f"根据你（单位）于{format_date(date.fromisoformat(content['requested_on']))}提出的听证要求，"
        f"依照{LAW}第六十四条的规定，本机关定于{format_date(date.fromisoformat(content['hearing_on']))}"
        f"在{content['place']}举行听证，由{content['host']}主持。"
    )
    return (
        "你（单位）可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，"
        "有权申请回避。无正当理由拒不出席听证的，视为放弃听证权利。"
    )


def _decision(doc: Document, content: dict) -> str:
    doc.paragraph(
        f"经查，{content['facts']}上述行为违反了{content['provision']}的规定。"
        f"依据{content['penalty_provision']}，{_band(content)}"
    )
    if content.get("heard"):
        doc.paragraph(f"本机关依法举行了听证。{content['heard']}")
    elif content.get("statement"):
        doc.paragraph(f"你（单位）在规定期限内提出陈述、申辩：{content['statement']}")
    if content.get("collective"):
        doc.paragraph("本案经法制审核，并经本机关负责人集体讨论决定。")
    doc.paragraph(f"本机关决定：{content['penalty']}。")
    if content.get("fine"):
        doc.paragraph(
            f"根据{LAW}第六十七条的规定，请自收到本决定书之日起十五日内缴纳罚款。"
            f"根据{LAW}第七十二条的规定，到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，"
            "加处罚款的数额不超出罚款的数额。"
        )
    if content.get("published"):  # 市场监督管理行政处罚信息公示规定 Art. 8
        doc.paragraph("本行政处罚信息将通过国家企业信用信息公示系统向社会公示。")
    return (
        f"如不服本决定，可以自收到本决定书之日起六十日内向{content['review_body']}申请行政复议，"
        "或者自收到之日起六个月内依法向人民法院提起行政诉讼。"
    )


BODIES = {
    PenaltyDocumentKind.NOTICE: _notice,
    PenaltyDocumentKind.HEARING: _hearing,
    PenaltyDocumentKind.DECISION: _decision,
}


def render(kind: str, number: str, content: dict) -> bytes:
    issued_on = date.fromisoformat(content["issued_on"])
    doc = Document(
        title=TITLES[kind], author=content["department"], issued_on=issued_on, number=number
    )
    doc.set_subject(f"案件编号：{content['case_number']}")
    doc.heading()
    _party(doc, content)
    doc.ln(2)
    last = BODIES[kind](doc, content)
    doc.sign_off(content["department"], issued_on, last_paragraph=last)
    # the seal covers the department's name and the date, as a 公章 does on paper
    width = doc.get_string_width(content["department"])
    right = doc.l_margin + doc.epw - 2 * doc.get_string_width("中")
    with doc.local_context(blend_mode="Multiply"):
        draw_seal(
            doc,
            cx=right - width / 2,
            cy=doc.get_y() - doc.LINE_HEIGHT,
            radius=SEAL_RADIUS,
            department=content["department"],
            caption="",
        )
    return doc.render()


def issue(case, kind: str, content: dict) -> PenaltyDocument:
    """Render, seal, sign and store a document of ``case``; call inside the transition."""
    count = PenaltyDocument.objects.filter(case=case, kind=kind).count() + 1
    number = f"{case.number}-{CODES[kind]}{count}"
    pdf = render(kind, number, content)
    seal = seals.active_seal(case.department)
    digest = crypto.sm3_hex(pdf)
    document = PenaltyDocument(
        case=case,
        kind=kind,
        number=number,
        issued_on=date.fromisoformat(content["issued_on"]),
        content=content,
        digest=digest,
        signature=seals.sign(seal, digest.encode()),
        seal_key_id=seal.key_id,
    )
    document.pdf.save(f"{number}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document


def verify(content: bytes) -> PenaltyDocument | None:
    """The issued document whose PDF is exactly ``content``, its seal's signature holding."""
    from onewindow.certificates.models import Seal

    digest = crypto.sm3_hex(content)
    document = PenaltyDocument.objects.filter(digest=digest).first()
    if document is None:
        return None
    seal = Seal.objects.filter(key_id=document.seal_key_id).first()
    if seal is None or not crypto.sm2_verify(seal.public_key, document.signature, digest.encode()):
        return None
    return document
