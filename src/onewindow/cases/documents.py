"""Issuing a case's written notices and decision, and rendering them as PDFs.

A document is issued inside the transition that makes it true: what it says is frozen as the
``content`` of a CaseDocument row and the SM3 digest of that content goes into the audit
chain. The PDF (``cases.notices``) is rendered from the frozen content after the commit, by
the task worker or on the first download, whichever comes first; its SM3 digest goes into the
audit chain too, so a printed copy can be checked against what was issued. Rendering is
deterministic: the same content always gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from onewindow.cases import clocks, notices
from onewindow.cases.models import CaseDocument, DocumentKind, PauseReason, TaskStatus
from onewindow.certificates import codes
from onewindow.core import audit
from onewindow.core.crypto import sm3_hex
from onewindow.core.keystore import canonical_json
from onewindow.core.localized import in_chinese
from onewindow.payments import document as payment_document

CODES = {
    DocumentKind.ACCEPTANCE: "SL",
    DocumentKind.CORRECTION: "BZ",
    DocumentKind.REFUSAL: "BY",
    DocumentKind.PAUSE: "ZT",
    DocumentKind.EXTENSION: "YQ",
    DocumentKind.DECISION: "JD",
    DocumentKind.FEE: "JK",
}


def _party(user) -> notices.Party:
    if user.kind == "enterprise":
        return notices.Party(name=user.enterprise_name or user.get_username(), identifier=user.uscc)
    return notices.Party(
        name=user.real_name or user.get_username(), identifier=user.id_number_masked
    )


def next_number(case, kind: str) -> str:
    """The number the next document of ``kind`` of ``case`` gets, e.g. …-JK1."""
    count = CaseDocument.objects.filter(case=case, kind=kind).count() + 1
    return f"{case.number}-{CODES[kind]}{count}"


def _header(step, kind: str) -> dict:
    case = step.case
    return {
        "document_number": next_number(case, kind),
        "case_number": case.number,
        "item_name": case.item.name,
        "applicant": _party(case.applicant),
        "department": case.lead_department.name,
        "issued_on": step.today,
    }


# Each kind of document: the frozen data it is issued as, and how that renders.
RENDERERS = {
    DocumentKind.ACCEPTANCE: (notices.AcceptanceNotice, notices.acceptance_notice),
    DocumentKind.CORRECTION: (notices.CorrectionNotice, notices.correction_notice),
    DocumentKind.REFUSAL: (notices.RefusalNotice, notices.refusal_notice),
    DocumentKind.PAUSE: (notices.ClockNotice, notices.clock_notice),
    DocumentKind.EXTENSION: (notices.ClockNotice, notices.clock_notice),
    DocumentKind.DECISION: (notices.Decision, notices.decision),
    DocumentKind.FEE: (payment_document.PaymentNoticeText, payment_document.render),
}


def _notice(step, kind: str, header: dict, extra: dict) -> notices.NoticeHeader:
    """What the document says, checked now by the notice's own rules."""
    case = step.case
    if kind == DocumentKind.ACCEPTANCE:
        return notices.AcceptanceNotice(
            **header,
            received_on=case.received_on,
            accepted_on=case.accepted_on,
            statutory_due=case.statutory_due,
            promised_due=case.promised_due,
            deemed=case.accepted_by_law,
            provisional=_provisional(step),
            statutory_days=case.statutory_limit or 0,
            promised_days=case.promised_limit or 0,
            progress_code=codes.grouped(case.progress_code) if case.progress_code else "",
        )
    if kind == DocumentKind.CORRECTION:
        notice = extra["notice"]
        return notices.CorrectionNotice(
            **header,
            items=tuple((row["name"], row["problem"]) for row in notice.items),
            note=notice.note,
        )
    if kind == DocumentKind.REFUSAL:
        return notices.RefusalNotice(**header, reason=extra["reason"])
    if kind == DocumentKind.PAUSE:
        pause = extra["pause"]
        return notices.ClockNotice(
            **header,
            kind="pause",
            reason_label=in_chinese(PauseReason(pause.kind).label),
            reason=pause.reason,
            started_on=pause.started_on,
            pause_kind=pause.kind,
        )
    if kind == DocumentKind.EXTENSION:
        extension = extra["extension"]
        return notices.ClockNotice(
            **header,
            kind="extension",
            reason=extension.reason,
            days=extension.days,
            approved_by=case.lead_department.name,
            new_statutory_due=case.statutory_due,
            new_promised_due=case.promised_due,
            article="第二十六条" if extension.article == "26" else "第四十二条",
            provisional=_provisional(step),
            statutory_days=case.statutory_limit or 0,
        )
    if kind == DocumentKind.FEE:
        fee = extra["fee"]
        return payment_document.PaymentNoticeText(
            document_number=header["document_number"],
            case_number=case.number,
            item_name=header["item_name"],
            payer=header["applicant"].name,
            payer_identifier=header["applicant"].identifier,
            department=header["department"],
            payee=fee.payee,
            amount=f"{fee.amount:.2f}",
            basis=fee.basis,
            reference=fee.reference,
            issued_on=fee.issued_on,
            due_on=fee.due_on,
            due_provisional=fee.due_provisional,
            pay_at=fee.service_centre.name if fee.service_centre else "",
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
    ) + tuple(  # 告知承诺 found untrue: the lead department's reason (国办发〔2020〕42号)
        notices.Opinion(
            department=case.lead_department.name,
            outcome="denied",
            text=f"经核查，申请人以告知承诺方式代替提交的《{row.name}》承诺不实：{row.finding}"
            "依据《国务院办公厅关于全面推行证明事项告知承诺制的指导意见》（国办发〔2020〕42号），"
            "终止办理，虚假承诺记入申请人信用记录。",
        )
        for row in case.committed_materials.filter(outcome="untrue")
    )
    certificate = case.item.output_certificate
    return notices.Decision(
        **header,
        granted=case.outcome == "granted",
        opinions=opinions,
        certificate_name=certificate.name if certificate and case.outcome == "granted" else "",
    )


def _provisional(step) -> tuple[str, ...]:
    """The decision dates that may still move at year end (cases.clocks.provisional_dates)."""
    dates = clocks.provisional_dates(step.case, step.calendar)
    return tuple(which for which in ("promised", "statutory") if dates.get(which))


def freeze(notice) -> dict:
    """A notice as JSON data: dates as ISO strings, nested notices' parts as objects."""
    if dataclasses.is_dataclass(notice):
        return {f.name: freeze(getattr(notice, f.name)) for f in dataclasses.fields(notice)}
    if isinstance(notice, date):
        return notice.isoformat()
    if isinstance(notice, tuple | list):
        return [freeze(value) for value in notice]
    return notice


def thaw(hint, data):
    """The inverse of ``freeze`` for a value whose declared type is ``hint``."""
    if data is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return thaw(hint, data)
    if hint is date:
        return date.fromisoformat(data)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{name: thaw(hints[name], value) for name, value in data.items()})
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(thaw(args[0], value) for value in data)
        return tuple(thaw(arg, value) for arg, value in zip(args, data, strict=True))
    return data


def draft(step, kind: str, **extra):
    """What a document of ``kind`` would say if issued now; nothing is stored (the head's
    preview of the decision, ``cases.decision_preview``)."""
    return _notice(step, kind, _header(step, kind), extra)


def issue(step, kind: str, **extra) -> CaseDocument:
    """Issue one document of ``kind`` for the step's case; its PDF is rendered after commit."""
    case = step.case
    header = _header(step, kind)
    content = freeze(_notice(step, kind, header, extra))
    document = CaseDocument.objects.create(
        case=case,
        division_code=case.division_code,
        kind=kind,
        number=header["document_number"],
        content=content,
        issued_at=step.now,
    )
    audit.record(
        "case.document_issued",
        object_type="case",
        object_id=case.number,
        actor=step.actor,
        data={"document": document.number, "kind": kind, "content_sm3": content_digest(content)},
    )
    transaction.on_commit(partial(_enqueue, document.pk), robust=True)
    return document


def content_digest(content: dict) -> str:
    return sm3_hex(canonical_json(content))


def pdf_bytes(document: CaseDocument) -> bytes:
    """The PDF the document's frozen content renders to (the same bytes every time)."""
    notice_type, render = RENDERERS[document.kind]
    return render(thaw(notice_type, document.content))


@transaction.atomic
def render(document_id: int) -> CaseDocument:
    """Render and store the document's PDF once; a second call returns it as it is."""
    document = CaseDocument.objects.select_for_update().get(pk=document_id)
    if document.rendered_at is not None:
        return document
    pdf = pdf_bytes(document)
    document.digest = sm3_hex(pdf)
    document.rendered_at = timezone.now()
    document.file.save(f"{document.number}.pdf", ContentFile(pdf), save=False)
    document.save(update_fields=["digest", "rendered_at", "file"])
    audit.record(
        "case.document_rendered",
        object_type="case",
        object_id=document.content["case_number"],
        actor=None,
        data={"document": document.number, "kind": document.kind, "sm3": document.digest},
    )
    return document


def ensure_rendered(document: CaseDocument) -> CaseDocument:
    """The document with its PDF, rendering it now if the worker has not yet done so."""
    if document.rendered_at is not None:
        return document
    return render(document.pk)


def render_pending(limit: int = 500) -> list[str]:
    """Render documents whose task was lost (a worker down at the time); oldest first."""
    pending = CaseDocument.objects.filter(rendered_at=None).order_by("issued_at", "pk")
    return [render(pk).number for pk in pending.values_list("pk", flat=True)[:limit]]


def _enqueue(document_id: int) -> None:
    from onewindow.cases.tasks import render_document  # tasks imports this module

    render_document.enqueue(document_id)
