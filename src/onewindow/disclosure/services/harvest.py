"""What other modules publish proactively, through ``publishing.publish_from_module``:

- licensing results (政府信息公开条例 Art. 20 (五): 办理结果) from every case decided and granted:
  only what the result's disclosure needs (the licensee, the item, the decision's number, date
  and agency). An enterprise is named with its unified social credit code; a natural person's
  name is masked (Art. 15; 个人信息保护法 Art. 28), never an ID number.
- one service guide per published catalogue item (Art. 20 (五): 依据、条件、程序).

Both are idempotent: a case or an item is published once (source, key).
"""

from __future__ import annotations

from django.utils import timezone

from onewindow.accounts.models import User
from onewindow.cases.models import Case, CaseDocument, DocumentKind, Outcome
from onewindow.catalog.models import ServiceItem
from onewindow.disclosure.models import Document
from onewindow.disclosure.privacy import MASK
from onewindow.disclosure.services import publishing
from onewindow.disclosure.vocab import Category

CASES, CATALOG = "cases", "catalog"


def _licensee(user: User) -> tuple[str, str, str]:
    """(name, name in English, USCC): an enterprise in full, a person masked to the surname."""
    if user.kind == User.Kind.ENTERPRISE and user.enterprise_name:
        return user.enterprise_name, user.enterprise_name, user.uscc
    name = user.real_name or ""
    masked = (name[:1] + MASK * max(1, len(name) - 1)) if name else MASK * 2
    return masked, masked, ""


def licensing_results(*, actor=None) -> dict[str, int]:
    """Publish the result of every granted case not yet published."""
    done = set(Document.objects.filter(source=CASES).values_list("source_key", flat=True))
    cases = (
        Case.objects.filter(outcome=Outcome.GRANTED, decided_on__isnull=False)
        .exclude(number__in=done)
        .select_related("item", "applicant", "lead_department")
        .order_by("decided_on", "pk")
    )
    created = 0
    for case in cases:
        if case.lead_department_id is None or case.applicant_id is None:
            continue
        name, name_en, uscc = _licensee(case.applicant)
        decision = (
            CaseDocument.objects.filter(case=case, kind=DocumentKind.DECISION)
            .values_list("number", flat=True)
            .first()
            or case.number
        )
        agency = case.lead_department
        lines = [
            f"行政相对人名称：{name}",
            *([f"统一社会信用代码：{uscc}"] if uscc else []),
            f"许可事项：{case.item.name}",
            f"许可决定书文号：{decision}",
            f"许可决定日期：{case.decided_on:%Y-%m-%d}",
            f"许可机关：{agency.name}",
        ]
        lines_en = [
            f"Licensee: {name_en}",
            *([f"Unified social credit code: {uscc}"] if uscc else []),
            f"Service: {case.item.name_en or case.item.name}",
            f"Decision number: {decision}",
            f"Decided on: {case.decided_on:%Y-%m-%d}",
            f"Licensing agency: {agency.name_en or agency.name}",
        ]
        _doc, new = publishing.publish_from_module(
            CASES,
            case.number,
            agency=agency,
            category=Category.LICENSING,
            title=f"{case.item.name}许可结果：{name}",
            title_en=f"Licensing result, {case.item.name_en or case.item.name}: {name_en}",
            number=decision,
            body="\n".join(lines),
            body_en="\n".join(lines_en),
            formed_on=case.decided_on,
            actor=actor,
        )
        created += new
    return {"licensing": created}


def service_guides(*, actor=None) -> dict[str, int]:
    """Publish one service guide per published catalogue item not yet published."""
    done = set(Document.objects.filter(source=CATALOG).values_list("source_key", flat=True))
    items = (
        ServiceItem.objects.filter(published=True, lead_department__isnull=False)
        .exclude(code__in=done)
        .select_related("lead_department")
        .order_by("code")
    )
    created = 0
    today = timezone.localdate()
    for item in items:
        basis = "；".join(
            f"{b.get('law', '')}{b.get('article', '')}" for b in item.legal_basis if b.get("law")
        )
        basis_en = "; ".join(
            f"{b.get('law', '')} {b.get('article_en') or b.get('article', '')}"
            for b in item.legal_basis
            if b.get("law")
        )
        body = "\n".join(
            filter(
                None,
                [
                    item.summary,
                    f"设定依据：{basis}" if basis else "",
                    f"法定办结时限：{item.statutory_limit}个工作日；"
                    f"承诺办结时限：{item.promised_limit}个工作日",
                    f"受理条件：{item.acceptance_conditions}" if item.acceptance_conditions else "",
                    f"咨询电话：{item.consultation_phone}" if item.consultation_phone else "",
                ],
            )
        )
        body_en = "\n".join(
            filter(
                None,
                [
                    item.summary_en,
                    f"Legal basis: {basis_en}" if basis_en else "",
                    f"Statutory limit: {item.statutory_limit} working days; promised: "
                    f"{item.promised_limit} working days",
                    f"Conditions: {item.acceptance_conditions_en}"
                    if item.acceptance_conditions_en
                    else "",
                    f"Enquiries: {item.consultation_phone}" if item.consultation_phone else "",
                ],
            )
        )
        _doc, new = publishing.publish_from_module(
            CATALOG,
            item.code,
            agency=item.lead_department,
            category=Category.LICENSING,
            title=f"办事指南：{item.name}",
            title_en=f"Service guide: {item.name_en or item.name}",
            number=item.code,
            body=body or item.name,
            body_en=body_en,
            formed_on=min(item.reviewed_on or today, today),
            actor=actor,
        )
        created += new
    return {"guides": created}


def harvest(*, actor=None) -> dict[str, int]:
    return {**licensing_results(actor=actor), **service_guides(actor=actor)}
