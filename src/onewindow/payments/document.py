"""The payment notice (缴款通知书) as a PDF in Chinese; nothing here touches the database.

The case engine freezes a ``PaymentNoticeText`` when it issues the notice and renders it
with ``render`` (deterministic: the same text gives the same bytes), like its other notices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from onewindow.core.pdf import Document, format_date

_NUMERALS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿")


@dataclass(frozen=True, kw_only=True)
class PaymentNoticeText:
    document_number: str
    case_number: str
    item_name: str
    payer: str
    payer_identifier: str
    department: str
    payee: str
    amount: str  # yuan, two decimals: "60.00"
    basis: str
    reference: str
    issued_on: date
    due_on: date
    due_provisional: bool = False
    pay_at: str = ""  # the counter where it is paid

    def __post_init__(self):
        if Decimal(self.amount) <= 0:
            raise ValueError("A payment notice is for an amount above zero.")
        if not self.basis.strip():
            raise ValueError("A payment notice states the legal basis of the fee.")
        if self.due_on < self.issued_on:
            raise ValueError("A payment notice cannot be due before it is issued.")


def _group(number: int) -> str:
    """0-9999 in capital numerals, zeros collapsed (e.g. 1005 -> 壹仟零伍)."""
    digits = f"{number:04d}"
    out, zero = [], False
    for position, char in enumerate(digits):
        value = int(char)
        if value == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_NUMERALS[value] + _SMALL_UNITS[3 - position])
    return "".join(out)


def amount_in_words(amount: Decimal) -> str:
    """The amount in capital numerals as on a receipt (大写金额): 720.50 -> 柒佰贰拾元伍角整."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount < 0 or amount >= Decimal("1000000000000"):
        raise ValueError("Amounts from 0 to under a trillion yuan.")
    cents = int(amount * 100)
    yuan, fen = divmod(cents, 100)
    jiao, fen = divmod(fen, 10)
    groups, words, zero = [], "", False
    while yuan:
        yuan, part = divmod(yuan, 10000)
        groups.append(part)
    for index in range(len(groups) - 1, -1, -1):
        part = groups[index]
        if part == 0:
            zero = bool(words)
            continue
        if words and (zero or part < 1000):
            words += "零"
        zero = False
        words += _group(part) + _GROUP_UNITS[index]
    text = f"{words}元" if words else ""
    if jiao:
        text += _NUMERALS[jiao] + "角"
    elif fen and text:
        text += "零"
    if fen:
        text += _NUMERALS[fen] + "分"
    if not text:
        return "人民币零元整"
    return "人民币" + text + ("" if fen else "整")


def render(notice: PaymentNoticeText) -> bytes:
    """缴款通知书: the amount and its basis, whom to pay, the reference, the due date."""
    doc = Document(
        title="缴款通知书",
        author=notice.department,
        issued_on=notice.issued_on,
        number=notice.document_number,
    )
    doc.set_subject(f"{notice.item_name}（申请编号：{notice.case_number}）")
    doc.heading()
    doc.paragraph(f"{notice.payer}：", indent=False)
    doc.paragraph(
        f"你（单位）申请的{notice.item_name}已准予许可。根据下列收费依据，请于"
        f"{format_date(notice.due_on)}前缴纳以下费用；费用缴清后，本机关依法送达许可结果。"
    )
    due = format_date(notice.due_on)
    if notice.due_provisional:
        due += "（暂按周一至周五推算，节假日安排公布后重新计算）"
    doc.fields(
        [
            ("缴款人", notice.payer),
            ("证件号码", notice.payer_identifier),
            ("申请编号", notice.case_number),
            ("申请事项", notice.item_name),
            ("收费项目", notice.item_name),
            ("金额", f"{notice.amount}元（{amount_in_words(Decimal(notice.amount))}）"),
            ("收费依据", notice.basis),
            ("执收单位", notice.department),
            ("收款单位", notice.payee),
            ("缴款识别码", notice.reference),
            ("缴款期限", due),
            ("缴款地点", notice.pay_at or notice.department),
        ]
    )
    doc.paragraph(
        "缴款时请出示本通知书或报出缴款识别码，窗口工作人员核对金额后出具非税收入票据。"
        "所收费用全部上缴国库（《中华人民共和国行政许可法》第五十九条）；"
        "本通知书所列以外的费用，你（单位）有权拒绝缴纳。"
    )
    doc.sign_off(notice.department, notice.issued_on)
    return doc.render()
