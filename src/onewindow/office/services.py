"""Every write on outgoing 公文 (发文), one transaction each, audited as ``office.<action>``.

The flow is the BPMN process of ``office.workflow`` (党政机关公文处理工作条例 Art. 19-24):
draft → 核稿 → 会签 (parallel) → 签发 → numbering and e-seal → sending → 签收. A step that does
not agree returns the draft to its drafter with its comment. Who may act is
``office.authority``; the document row is locked for every step, so two clerks never number
one document twice and two countersigners never lose each other's word.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role
from onewindow.certificates import seals
from onewindow.certificates.models import Seal
from onewindow.core import audit, crypto
from onewindow.core.services import take_next
from onewindow.office import authority, incoming, messages, rendering, signals, workflow
from onewindow.office.models import (
    CLASSIFIED_MARKS,
    KIND_WORD,
    Classification,
    Dispatch,
    DocumentAgency,
    DocumentKind,
    DocumentSequence,
    DocumentStatus,
    DocumentVersion,
    Opinion,
    OutgoingDocument,
    Urgency,
)

S = DocumentStatus
STEP_STATUS = {
    "draft": S.DRAFT,
    "review": S.REVIEW,
    "countersign": S.COUNTERSIGN,
    "sign_off": S.SIGN_OFF,
    "issue": S.ISSUE,
    "send": S.SEND,
}
TEXT_FIELDS = ("title", "main_recipients", "body", "attachments_note", "copy_to", "note")
LIMITS = {"title": 200, "main_recipients": 500, "copy_to": 500, "note": 200, "body": 50000}
COMMENT_LIMIT = 2000


def _audit(action: str, document: OutgoingDocument, actor, **data) -> None:
    audit.record(
        f"office.{action}",
        object_type="outgoingdocument",
        object_id=document.pk,
        actor=actor,
        data=data,
    )


def _locked(document: OutgoingDocument) -> OutgoingDocument:
    return OutgoingDocument.objects.select_for_update().get(pk=document.pk)


def _require(action: str, actor, document: OutgoingDocument) -> None:
    if not authority.may(action, actor, document):
        raise PermissionDenied(_("You may not do this to this document now."))


# --- drafting ---------------------------------------------------------------------------------


def _clean(data: dict) -> dict:
    """The document's fields from ``data``, or ValidationError naming each field at fault."""
    errors: dict[str, str] = {}
    fields = {name: str(data.get(name) or "").strip() for name in TEXT_FIELDS}
    kind = str(data.get("kind") or "")
    classification = str(data.get("classification") or Classification.PUBLIC)
    urgency = str(data.get("urgency") or "")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose one of the 15 kinds of document.")
    for name in ("title", "main_recipients", "body"):
        if not fields[name]:
            errors[name] = _("This field is required.")
    for name, limit in LIMITS.items():
        if len(fields[name]) > limit:
            errors[name] = _("At most %(n)d characters.") % {"n": limit}
    # 条例 Art. 9 (九): the title names the issuing agency, the matter and the kind of document
    if kind in DocumentKind.values and fields["title"] and "title" not in errors:
        word = KIND_WORD[DocumentKind(kind)]
        if not fields["title"].endswith(word):
            errors["title"] = _("A title ends with its kind of document: …%(word)s.") % {
                "word": word
            }
    # 保守国家秘密法 Art. 30: classified information stays off an internet-facing system
    if classification in CLASSIFIED_MARKS or classification not in Classification.values:
        errors["classification"] = _(
            "Classified documents (秘密, 机密, 绝密) are not handled on this platform: it is "
            "connected to the internet. Use the classified network."
        )
    if any(mark in fields["title"] for mark in CLASSIFIED_MARKS) and "title" not in errors:
        errors["title"] = _("The title carries a classification mark; classified documents are "
                            "not handled on this platform.")  # fmt: skip
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose normal, urgent or extra urgent.")
    if errors:
        raise ValidationError(errors)
    return {**fields, "kind": kind, "classification": classification, "urgency": urgency}


def _countersigners(department: Department, codes) -> list[Department]:
    codes = [c for c in dict.fromkeys(codes or []) if c]
    found = list(Department.objects.filter(code__in=codes))
    if len(found) != len(codes):
        raise ValidationError({"countersigners": _("Choose departments from the list.")})
    if any(d.pk == department.pk for d in found):
        raise ValidationError(
            {"countersigners": _("The issuing department does not countersign its own document.")}
        )
    return found


def _version(document: OutgoingDocument, actor, step: str) -> DocumentVersion:
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        content={name: getattr(document, name) for name in TEXT_FIELDS},
        author=actor,
        step=step,
    )


@transaction.atomic
def create_draft(department: Department, data: dict, *, actor) -> OutgoingDocument:
    """A new draft of ``department`` by its drafter; version 1 of its text."""
    if department.pk not in authority.departments_with(actor, (Role.DOCUMENT_DRAFTER,)):
        raise PermissionDenied(_("You may not draft documents for this department."))
    fields = _clean(data)
    countersigners = _countersigners(department, data.get("countersigners"))
    document = OutgoingDocument.objects.create(
        department=department, drafter=actor, workflow_state="", **fields
    )
    document.countersigners.set(countersigners)
    document.workflow_state = workflow.dump(workflow.start())
    document.save(update_fields=["workflow_state"])
    _version(document, actor, "draft")
    _audit("document_drafted", document, actor, kind=document.kind)
    return document


@transaction.atomic
def edit(document: OutgoingDocument, data: dict, *, actor) -> OutgoingDocument:
    """A new version of the text: by the drafter while drafting, or by the office's reviewer
    while reviewing (核稿 corrects the text as well as judging it)."""
    document = _locked(document)
    if not (authority.may("edit", actor, document) or authority.may("review", actor, document)):
        raise PermissionDenied(_("You may not do this to this document now."))
    fields = _clean({**data, "kind": data.get("kind") or document.kind})
    if document.status == S.DRAFT and "countersigners" in data:
        document.countersigners.set(_countersigners(document.department, data["countersigners"]))
    changed = [name for name in fields if getattr(document, name) != fields[name]]
    if not changed and "countersigners" not in data:
        return document
    for name, value in fields.items():
        setattr(document, name, value)
    document.updated_at = timezone.now()
    document.save()
    if any(name in TEXT_FIELDS for name in changed):
        version = _version(document, actor, document.status)
        _audit("document_edited", document, actor, version=version.number, fields=changed)
    return document


def _advance(document: OutgoingDocument, flow, *, actor) -> OutgoingDocument:
    """Save the flow and set the status from its ready step; tell who acts next."""
    document.workflow_state = workflow.dump(flow)
    steps = {step for step, _dept in workflow.ready(flow)}
    if flow.is_completed():
        document.status = S.SENT
    else:
        document.status = next(STEP_STATUS[s] for s in STEP_STATUS if s in steps)
    document.updated_at = timezone.now()
    document.save()
    waiting = {
        S.REVIEW: ([document.department_id], (Role.DOCUMENT_REVIEWER,)),
        S.COUNTERSIGN: (
            list(document.countersigners.values_list("pk", flat=True)),
            authority.COUNTERSIGN_ROLES,
        ),
        S.SIGN_OFF: ([document.department_id], (Role.DOCUMENT_SIGNER,)),
        S.ISSUE: ([document.department_id], (Role.DOCUMENT_CLERK,)),
    }.get(document.status)
    if waiting:
        users = [u for u in messages.holders(*waiting) if u != getattr(actor, "pk", None)]
        messages.tell(
            users,
            messages.WAITING,
            {"title": document.title, "step": str(document.get_status_display())},
            document.pk,
        )
    return document


@transaction.atomic
def submit(document: OutgoingDocument, *, actor) -> OutgoingDocument:
    """The drafter sends the draft to the office's review (核稿)."""
    document = _locked(document)
    _require("submit", actor, document)
    flow = workflow.load(document.workflow_state)
    codes = list(document.countersigners.order_by("code").values_list("code", flat=True))
    workflow.complete(flow, "draft", {"countersigners": codes, "countersignatures": []})
    _audit("document_submitted", document, actor, countersigners=codes)
    return _advance(document, flow, actor=actor)


def _opinion(document, step: str, department, actor, agreed: bool, comment: str) -> Opinion:
    """A step's word; returning the draft needs a comment saying what to change."""
    comment = (comment or "").strip()
    if len(comment) > COMMENT_LIMIT:
        raise ValidationError({"comment": _("At most %(n)d characters.") % {"n": COMMENT_LIMIT}})
    if not agreed and not comment:
        raise ValidationError({"comment": _("Say what is to be changed.")})
    return Opinion.objects.create(
        document=document,
        step=step,
        department=department,
        agreed=agreed,
        comment=comment,
        author=actor,
    )


def _returned(document: OutgoingDocument, opinion: Opinion) -> None:
    messages.tell(
        [document.drafter_id],
        messages.RETURNED,
        {
            "title": document.title,
            "step": str(opinion.get_step_display()),
            "comment": opinion.comment,
        },
        document.pk,
    )


@transaction.atomic
def review(document: OutgoingDocument, *, actor, agreed: bool, comment: str = "") -> Opinion:
    """核稿: the office agrees (on to countersigning or sign-off) or returns the draft."""
    document = _locked(document)
    _require("review", actor, document)
    opinion = _opinion(document, Opinion.Step.REVIEW, document.department, actor, agreed, comment)
    flow = workflow.load(document.workflow_state)
    workflow.complete(flow, "review", {"reviewed": agreed})
    _audit("document_reviewed", document, actor, agreed=agreed)
    _advance(document, flow, actor=actor)
    if not agreed:
        _returned(document, opinion)
    return opinion


@transaction.atomic
def countersign(
    document: OutgoingDocument, department: Department, *, actor, agreed: bool, comment: str = ""
) -> Opinion:
    """会签: one countersigning department's word; the departments sign in parallel, and the
    draft goes to sign-off when all agreed, back to its drafter when any did not."""
    document = _locked(document)
    if department.pk not in authority.countersign_departments(actor, document):
        raise PermissionDenied(_("You may not do this to this document now."))
    flow = workflow.load(document.workflow_state)
    if ("countersign", department.code) not in workflow.ready(flow):
        raise ValidationError(_("%(department)s has already countersigned.") % {
            "department": department.display_name
        })  # fmt: skip
    opinion = _opinion(document, Opinion.Step.COUNTERSIGN, department, actor, agreed, comment)
    workflow.complete(flow, "countersign", {"concurred": agreed}, department=department.code)
    _audit("document_countersigned", document, actor, department=department.code, agreed=agreed)
    _advance(document, flow, actor=actor)
    if document.status == S.DRAFT:
        _returned(document, opinion)
    return opinion


@transaction.atomic
def sign_off(document: OutgoingDocument, *, actor, agreed: bool, comment: str = "") -> Opinion:
    """签发: the authorised leader signs the document off; its date is the 成文日期 (GB/T
    9704-2012 §7.3.5.1: the date the responsible leader signed it off)."""
    document = _locked(document)
    _require("sign_off", actor, document)
    opinion = _opinion(document, Opinion.Step.SIGN_OFF, document.department, actor, agreed, comment)
    if agreed:
        document.signer = actor
        document.signed_on = timezone.localdate()
    flow = workflow.load(document.workflow_state)
    workflow.complete(flow, "sign_off", {"signed": agreed})
    _audit("document_signed_off", document, actor, agreed=agreed)
    _advance(document, flow, actor=actor)
    if not agreed:
        _returned(document, opinion)
    return opinion


# --- numbering, sealing and sending -----------------------------------------------------------


def agency_of(department: Department) -> DocumentAgency:
    agency = DocumentAgency.objects.filter(department=department).first()
    if agency is None:
        raise ValidationError(
            _("%(department)s has no agency code for document numbers; an administrator sets "
              "it under Document agencies.") % {"department": department.display_name}
        )  # fmt: skip
    return agency


def next_number(agency: DocumentAgency, year: int) -> tuple[str, int]:
    """文号: agency code + year in 〔〕 + sequence + 号 (GB/T 9704-2012 §7.2.4), from a locked
    counter, so numbers have no gap and no duplicate under concurrent issuing."""
    sequence = take_next(DocumentSequence, code=agency.code, year=year)
    return f"{agency.code}〔{year}〕{sequence}号", sequence


@transaction.atomic
def issue(document: OutgoingDocument, *, actor) -> OutgoingDocument:
    """编号、用印: the clerk gives the next number of the agency's series, the document is laid
    out to GB/T 9704-2012 as PDF and OFD with the seal over the agency's name and date, and the
    department's SM2 seal signs the PDF's SM3 digest, so that anyone can verify the file."""
    document = _locked(document)
    _require("issue", actor, document)
    agency = agency_of(document.department)
    today = timezone.localdate()
    document.number, document.sequence = next_number(agency, today.year)
    _audit("document_numbered", document, actor, number=document.number)
    seal = seals.active_seal(document.department)
    made = rendering.render(document, agency, seal_name=seal.name, printed_on=today)
    document.digest = crypto.sm3_hex(made.pdf)
    document.signature = seals.sign(seal, document.digest.encode())
    document.seal_key_id = seal.key_id
    document.issued_at = timezone.now()
    stem = f"{document.pk}-{document.sequence}"
    document.pdf.save(f"{stem}.pdf", ContentFile(made.pdf), save=False)
    document.ofd.save(f"{stem}.ofd", ContentFile(made.ofd), save=False)
    flow = workflow.load(document.workflow_state)
    workflow.complete(flow, "issue", {"number": document.number})
    _audit("document_sealed", document, actor, seal=seal.key_id, digest=document.digest)
    document = _advance(document, flow, actor=actor)
    signals.document_issued.send(sender=OutgoingDocument, document=document, actor=actor)
    return document


def verify(content: bytes) -> OutgoingDocument | None:
    """The issued document whose PDF is exactly ``content``, its seal's signature holding;
    None for any other file (a changed byte changes the digest)."""
    digest = crypto.sm3_hex(content)
    document = OutgoingDocument.objects.filter(digest=digest).exclude(number="").first()
    if document is None:
        return None
    seal = Seal.objects.filter(key_id=document.seal_key_id).first()
    if seal is None or not crypto.sm2_verify(seal.public_key, document.signature, digest.encode()):
        return None
    return document


@transaction.atomic
def send(document: OutgoingDocument, recipients, *, actor) -> list[Dispatch]:
    """分发: the clerk sends the issued document to agencies on the platform; each receiving
    agency's clerks are told and sign for it (签收)."""
    document = _locked(document)
    _require("send", actor, document)
    codes = [c for c in dict.fromkeys(recipients or []) if c]
    found = list(Department.objects.filter(code__in=codes).exclude(pk=document.department_id))
    if not codes or len(found) != len(codes):
        raise ValidationError({"recipients": _("Choose the receiving agencies from the list.")})
    now = timezone.now()
    made = [Dispatch.objects.create(document=document, recipient=d, sent_at=now) for d in found]
    flow = workflow.load(document.workflow_state)
    workflow.complete(flow, "send", {"recipients": codes})
    _audit("document_sent", document, actor, recipients=sorted(codes))
    _advance(document, flow, actor=actor)
    messages.tell(
        messages.holders([d.pk for d in found], (Role.DOCUMENT_CLERK,)),
        messages.RECEIVED,
        {
            "number": document.number,
            "title": document.title,
            "sender": document.department.display_name,
        },
        document.pk,
    )
    return made


def _dispatch(dispatch: Dispatch) -> Dispatch:
    return (
        Dispatch.objects.select_for_update()
        .select_related("document", "document__department", "recipient")
        .get(pk=dispatch.pk)
    )


@transaction.atomic
def sign_for(dispatch: Dispatch, *, actor) -> Dispatch:
    """签收: the receiving agency's clerk signs for the document, once."""
    dispatch = _dispatch(dispatch)
    if dispatch.recipient_id not in authority.departments_with(actor, (Role.DOCUMENT_CLERK,)):
        raise PermissionDenied(_("You may not sign for this document."))
    if dispatch.signed_for_at is not None:
        raise ValidationError(_("This document was already signed for."))
    dispatch.signed_for_by = actor
    dispatch.signed_for_at = timezone.now()
    dispatch.save(update_fields=["signed_for_by", "signed_for_at"])
    _audit("document_signed_for", dispatch.document, actor, recipient=dispatch.recipient.code)
    incoming.register_dispatch(dispatch, actor=actor)  # 登记 (条例 Art. 24 (二))
    return dispatch


@transaction.atomic
def chase(dispatch: Dispatch, *, actor) -> Dispatch:
    """催办: the sender's clerk asks a receiving agency again to sign for the document."""
    dispatch = _dispatch(dispatch)
    document = dispatch.document
    if document.department_id not in authority.departments_with(actor, (Role.DOCUMENT_CLERK,)):
        raise PermissionDenied(_("You may not chase this document."))
    if dispatch.signed_for_at is not None:
        raise ValidationError(_("This document was already signed for."))
    dispatch.chases += 1
    dispatch.chased_at = timezone.now()
    dispatch.save(update_fields=["chases", "chased_at"])
    _audit("document_chased", document, actor, recipient=dispatch.recipient.code)
    messages.tell(
        messages.holders([dispatch.recipient_id], (Role.DOCUMENT_CLERK,)),
        messages.CHASED,
        {
            "number": document.number,
            "title": document.title,
            "sender": document.department.display_name,
        },
        document.pk,
    )
    return dispatch
