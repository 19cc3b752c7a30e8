"""Personal data in what the public writes (comments, proposals): found and masked before
anything is published.

个人信息保护法 Art. 28: an ID number is sensitive personal information; a mobile number
identifies a person. The masker finds citizen ID numbers with a valid GB 11643-1999 check
character (the last one may be X) and mainland mobile numbers (with or without +86, spaces or
hyphens), and masks them as ``core.identifiers`` does on screen: ``4401**********123X``,
``138****1234``. What it finds is its kind and span only; the value is never logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from onewindow.core.identifiers import (
    EARLIEST_BIRTH,
    PROVINCE_CODES,
    id_number_check_char,
    mask_id_number,
    mask_phone,
)

ID_NUMBER, MOBILE = "id_number", "mobile"

_ID = re.compile(r"(?<![0-9])\d{17}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![0-9])")


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str


def valid_id_number(value: str) -> bool:
    """18 characters: a province code, a real birth date, the GB 11643-1999 check character."""
    value = value.upper()
    if not (len(value) == 18 and value[:17].isdigit() and value[:2] in PROVINCE_CODES):
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return born >= EARLIEST_BIRTH and id_number_check_char(value[:17]) == value[17]


def detect(text: str) -> list[Finding]:
    """ID numbers and mobile numbers in ``text``, in order, without overlaps."""
    text = text or ""
    found = [
        Finding(m.start(), m.end(), ID_NUMBER)
        for m in _ID.finditer(text)
        if valid_id_number(m.group())
    ]
    for m in _MOBILE.finditer(text):
        if not any(m.start() < f.end and f.start < m.end() for f in found):
            found.append(Finding(m.start(), m.end(), MOBILE))
    return sorted(found)


def _masked(value: str, kind: str) -> str:
    if kind == ID_NUMBER:
        return mask_id_number(value.upper())
    digits = re.sub(r"\D", "", value)[-11:]
    return mask_phone(digits)


def mask(text: str) -> tuple[str, list[Finding]]:
    """``text`` with every ID number and mobile number masked, and what was found."""
    text = text or ""
    findings = detect(text)
    parts, last = [], 0
    for f in findings:
        parts.append(text[last : f.start])
        parts.append(_masked(text[f.start : f.end], f.kind))
        last = f.end
    parts.append(text[last:])
    return "".join(parts), findings


def mask_person_name(name: str) -> str:
    """A person's name as shown beside a comment: the surname and a mask (张＊＊)."""
    name = (name or "").strip()
    if not name:
        return "＊＊"
    return name[0] + "＊" * max(1, len(name) - 1)


def mask_organization_name(name: str) -> str:
    """An organization's name with its middle masked (广州市＊＊＊有限公司)."""
    name = (name or "").strip()
    if len(name) <= 6:
        return name[:2] + "＊" * max(1, len(name) - 2)
    return name[:3] + "＊" * 3 + name[-4:]
