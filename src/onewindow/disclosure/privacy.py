"""Personal data in a text about to be disclosed: found, shown to the confidentiality review,
masked in what is published.

政府信息公开条例 Art. 15: information whose disclosure would harm a third party's lawful rights
(personal privacy among them) is not disclosed; Art. 37: what can be told apart is withheld and
the rest disclosed. 个人信息保护法 Art. 28: an ID number and a financial account are sensitive
personal information. The detectors find citizen ID numbers with a valid check digit
(GB 11643-1999), mobile numbers, bank card numbers (Luhn, ISO/IEC 7812) and names next to an ID
number or after a label such as 姓名 or 当事人.

A finding is its kind and span only: the value found is never stored, logged or returned.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.identifiers import EARLIEST_BIRTH, PROVINCE_CODES, id_number_check_char

MASK = "＊"


class Kind(models.TextChoices):
    ID_NUMBER = "id_number", _("Citizen ID number")
    MOBILE = "mobile", _("Mobile number")
    BANK_CARD = "bank_card", _("Bank card number")
    NAME = "name", _("Name of a person")


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str
    field: str = "body"

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(int(data["start"]), int(data["end"]), str(data["kind"]), str(data["field"]))


_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])(?:\d[ -]?){15,18}\d(?![0-9])")
_HAN_NAME = r"[\u4e00-\u9fa5][\u4e00-\u9fa5·]{1,3}?"
# After a label (姓名：张三, 当事人张三): the name stops before punctuation, a space, a digit
# or the next label word.
_STOP = r"(?=[\s，,。；;：:（()）、]|身份|性别|男|女|住|现住|联系|电话|手机|证件|$|\d)"
_LABELLED = re.compile(
    rf"(?:姓名|当事人|申请人|被申请人|联系人|法定代表人|负责人|经办人|被处罚人)[:：\s]*({_HAN_NAME}){_STOP}"
)
# Before an ID number: 张三（身份证号码：440…）, 张三，身份证号 440…, 张三 440…
_BEFORE_ID = re.compile(
    r"([\u4e00-\u9fa5]{2,3})[\s，,（(]*(?:公民)?(?:身份证(?:号码|号)?)?[:：\s]*$"
)
# Characters that end a word before a name rather than open one (当事人张三, 申请者李四).
_NOT_SURNAME = frozenset("人者的和及与为是民号码证名：")


def valid_id_number(text: str) -> bool:
    """18 characters: a province code, a real birth date, the GB 11643-1999 check character."""
    value = text.upper()
    if not (len(value) == 18 and value[:17].isdigit() and value[:2] in PROVINCE_CODES):
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return born >= EARLIEST_BIRTH and id_number_check_char(value[:17]) == value[17]


def luhn_valid(digits: str) -> bool:
    """The Luhn check (ISO/IEC 7812-1 Annex B) of a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        n = int(char)
        if position % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _overlaps(span: tuple[int, int], taken: list[Finding]) -> bool:
    return any(span[0] < f.end and f.start < span[1] for f in taken)


def detect(text: str, field: str = "body") -> list[Finding]:
    """The personal data in ``text``, in order of position, without overlaps."""
    text = text or ""
    found: list[Finding] = []
    for match in _ID.finditer(text):
        if valid_id_number(match.group()):
            found.append(Finding(match.start(), match.end(), Kind.ID_NUMBER, field))
    for match in _MOBILE.finditer(text):
        if not _overlaps(match.span(), found):
            found.append(Finding(match.start(), match.end(), Kind.MOBILE, field))
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 16 <= len(digits) <= 19 and luhn_valid(digits) and not _overlaps(match.span(), found):
            found.append(Finding(match.start(), match.end(), Kind.BANK_CARD, field))
    names: list[Finding] = []
    for match in _LABELLED.finditer(text):
        span = match.span(1)
        if not _overlaps(span, found + names):
            names.append(Finding(span[0], span[1], Kind.NAME, field))
    for f in [f for f in found if f.kind == Kind.ID_NUMBER]:
        window = max(0, f.start - 24)
        before = _BEFORE_ID.search(text[window : f.start])
        if before:
            start, end = window + before.start(1), window + before.end(1)
            if end - start == 3 and text[start] in _NOT_SURNAME:
                start += 1  # 人张三 → 张三
            if not _overlaps((start, end), found + names):
                names.append(Finding(start, end, Kind.NAME, field))
    return sorted(found + names)


TEXT_FIELDS = ("title", "body", "title_en", "body_en")  # a document's texts, as disclosed


def detect_fields(obj) -> list[Finding]:
    """The personal data in each of ``obj``'s four texts (``TEXT_FIELDS``)."""
    found = []
    for field in TEXT_FIELDS:
        found += detect(getattr(obj, field), field)
    return found


def _masked(value: str, kind: str) -> str:
    """The same length as ``value``: a name keeps its surname, numbers their last four digits
    (an ID number also its first four: the issuing province and city are no secret)."""
    if kind == Kind.NAME:
        return value[0] + MASK * (len(value) - 1)
    if kind == Kind.ID_NUMBER:
        return value[:4] + MASK * (len(value) - 8) + value[-4:]
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    keep = set(digits[-4:]) | (set(digits[:-8]) if kind == Kind.MOBILE else set())
    return "".join(c if (i in keep or not c.isdigit()) else MASK for i, c in enumerate(value))


def mask(text: str, findings: list[Finding]) -> str:
    """``text`` with every finding masked; lengths are kept, so spans stay valid."""
    chars = list(text or "")
    for f in findings:
        if 0 <= f.start < f.end <= len(chars):
            chars[f.start : f.end] = _masked("".join(chars[f.start : f.end]), f.kind)
    return "".join(chars)


def mask_strings(text: str, extra: list[str], field: str) -> list[Finding]:
    """Spans of every occurrence of the strings a reviewer adds by hand (kind ``name``)."""
    found = []
    for value in extra:
        value = value.strip()
        if not value:
            continue
        start = (text or "").find(value)
        while start >= 0:
            found.append(Finding(start, start + len(value), Kind.NAME, field))
            start = text.find(value, start + len(value))
    return found


def segments(text: str, findings: list[Finding]) -> list[tuple[str, str]]:
    """``text`` cut into (piece, kind) pairs, kind "" where nothing was found: the review page
    highlights the findings without the template slicing strings."""
    out, at = [], 0
    for f in sorted(findings):
        if f.start < at:
            continue
        if f.start > at:
            out.append((text[at : f.start], ""))
        out.append((text[f.start : f.end], f.kind))
        at = f.end
    if at < len(text):
        out.append((text[at:], ""))
    return out
