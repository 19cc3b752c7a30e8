"""The public summary of a penalty decision (行政处罚信息摘要), personal data masked.

市场监督管理行政处罚信息公示规定 (2021) Art. 4: the summary gives the decision's number, the
party, the type of violation, the penalty and the deciding authority and date; Art. 6: personal
information is processed before publication. A natural person's name keeps its first character
(张**); citizen ID numbers, mobile numbers and bank card numbers in the facts are masked.
"""

from __future__ import annotations

import re

from onewindow.market.penalty_documents import penalty_text
from onewindow.market.penalty_models import PenaltyDocumentKind

ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")
CARD = re.compile(r"(?<![0-9])([0-9]{4})[0-9]{8,11}([0-9]{4})(?![0-9])")


def mask_name(name: str) -> str:
    name = (name or "").strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def mask_text(text: str, names=()) -> str:
    text = ID_NUMBER.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text or "")
    text = MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    text = CARD.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    for name in names:
        if name and len(name) >= 2:
            text = text.replace(name, mask_name(name))
    return text


def summary(case) -> dict:
    representative = getattr(case.entity.legal_representative, "name", "") or ""
    decision = case.documents.filter(kind=PenaltyDocumentKind.DECISION).order_by("-pk").first()
    return {
        "document_number": decision.number if decision else "",
        "party": case.entity.name,
        "uscc": case.entity.uscc,
        "representative": mask_name(representative),
        "violation": case.violation.name,
        "violation_en": case.violation.name_en,
        "facts": mask_text(case.facts, names=[representative]),
        "provision": case.violation.provision,
        "penalty_provision": case.violation.penalty_provision,
        "penalty": penalty_text(case.fine, case.measures),
        "fine": str(case.fine or ""),
        "measures": list(case.measures),
        "department": case.department.name,
        "department_en": case.department.name_en,
        "decided_on": case.decided_on.isoformat(),
    }
