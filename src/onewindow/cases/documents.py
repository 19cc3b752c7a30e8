"""Issuing a case's written notices and decision as PDFs (rendered by ``cases.notices``).

Each document is stored with the case and its SM3 digest goes into the audit chain, so a
printed copy can be checked against what was issued.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import translation

from onewindow.cases import notices
from onewindow.cases.models import CaseDocument, DocumentKind, PauseReason, TaskStatus
from onewindow.core import audit
from onewindow.core.crypto import sm3_hex

CODES = {
    DocumentKind.ACCEPTANCE: "SL",
    DocumentKind.CORRECTION: "BZ",
    DocumentKind.REFUSAL: "BY",
    DocumentKind.PAUSE: "ZT",
    DocumentKind.EXTENSION: "YQ",
    DocumentKind.DECISION: "JD",
}


def _chinese(text) -> str:
    """Legal documents are issued in Chinese whatever language the official's screen uses."""
    with translation.override("zh-hans"):
        return str(text)


def _party(user) -> notices.Party:
    if user.kind == "enterprise":
        return notices.Party(name=user.enterprise_name or user.get_username(), identifier=user.uscc)
    return notices.Party(
        name=user.real_name or user.get_username(), identifier=user.id_number_masked
    )


def _header(step, kind: str) -> dict:
    case = step.case
    count = CaseDocument.objects.filter(case=case, kind=kind).count() + 1
    return {
        "document_number": f"{case.number}-{CODES[kind]}{count}",
        "case_number": case.number,
        "item_name": case.item.name,
        "applicant": _party(case.applicant),
        "department": case.lead_department.name,
        "issued_on": step.today,
    }


def _render(step, kind: str, header: dict, extra: dict) -> bytes:
    case = step.case
    if kind == DocumentKind.ACCEPTANCE:
        return notices.acceptance_notice(
            notices.AcceptanceNotice(
                **header,
                received_on=case.received_on,
                accepted_on=case.accepted_on,
                statutory_due=case.statutory_due,
                promised_due=case.promised_due,
                deemed=case.accepted_by_law,
            )
        )
    if kind == DocumentKind.CORRECTION:
        notice = extra["notice"]
        return notices.correction_notice(
            notices.CorrectionNotice(
                **header,
                items=tuple((row["name"], row["problem"]) for row in notice.items),
                note=notice.note,
            )
        )
    if kind == DocumentKind.REFUSAL:
        return notices.refusal_notice(notices.RefusalNotice(**header, reason=extra["reason"]))
    if kind == DocumentKind.PAUSE:
        pause = extra["pause"]
        return notices.clock_notice(
            notices.ClockNotice(
                **header,
                kind="pause",
                reason_label=_chinese(PauseReason(pause.kind).label),
                reason=pause.reason,
                started_on=pause.started_on,
            )
        )
    if kind == DocumentKind.EXTENSION:
        extension = extra["extension"]
        return notices.clock_notice(
            notices.ClockNotice(
                **header,
                kind="extension",
                reason=extension.reason,
                days=extension.days,
                approved_by=case.lead_department.name,
                new_statutory_due=case.statutory_due,
                new_promised_due=case.promised_due,
                article="第二十六条" if extension.article == "26" else "第四十二条",
            )
        )
    opinions = tuple(
        notices.Opinion(
            department=task.department.name,
            outcome="denied" if task.status == TaskStatus.DENIED else "approved",
            text=task.opinion,
            conditions=task.conditions,
        )
        for task in case.tasks.filter(status__in=[TaskStatus.APPROVED, TaskStatus.DENIED])
        .exclude(stage="benefit")
        .select_related("department")
    )
    certificate = case.item.output_certificate
    return notices.decision(
        notices.Decision(
            **header,
            granted=case.outcome == "granted",
            opinions=opinions,
            certificate_name=certificate.name if certificate and case.outcome == "granted" else "",
        )
    )


def issue(step, kind: str, **extra) -> CaseDocument:
    """Render, store and chain one document of ``kind`` for the step's case."""
    case = step.case
    header = _header(step, kind)
    pdf = _render(step, kind, header, extra)
    document = CaseDocument(
        case=case,
        division_code=case.division_code,
        kind=kind,
        number=header["document_number"],
        digest=sm3_hex(pdf),
        issued_at=step.now,
    )
    document.file.save(f"{header['document_number']}.pdf", ContentFile(pdf), save=False)
    document.save()
    audit.record(
        "case.document_issued",
        object_type="case",
        object_id=case.number,
        actor=step.actor,
        data={"document": document.number, "kind": kind, "sm3": document.digest},
    )
    return document
