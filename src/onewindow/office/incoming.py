"""Every write on incoming 公文 (收文) and on instructions (督办), one transaction each, audited
as ``office.<action>``.

The steps are those of 党政机关公文处理工作条例 Art. 24: 签收 and 登记 (the receiving
department's document clerk; a document sent on the platform is registered when its clerk
signs for it), 初审 (the clerk: within the agency's remit and in due form, or returned to the
sender with the reason), 承办 (a head or authorised signer assigns the handling department with
an instruction, 批示, and may pass the document round to be read, 传阅), 催办 (the instruction
is a clocked matter of the e-supervision ledger, with progress reports) and 答复 (the handling
department answers with an outgoing document, e.g. a 批复 to a 请示, or files it as done).
Who may act is checked here, on the locked row.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role, RoleAssignment
from onewindow.core import audit
from onewindow.core.services import take_next
from onewindow.office import authority, instructions_ledger
from onewindow.office import incoming_messages as messages
from onewindow.office import messages as office_messages
from onewindow.office import services as office
from onewindow.office.incoming_models import (
    DEFAULT_INSTRUCTION_DAYS,
    IncomingDocument,
    IncomingSequence,
    IncomingStatus,
    Instruction,
    InstructionReport,
    Reading,
)
from onewindow.office.models import KIND_WORD, Dispatch, DocumentKind, OutgoingDocument

S = IncomingStatus
CLERK_ROLES = (Role.DOCUMENT_CLERK,)
# 条例 Art. 24 (四): 批办性公文 go to the agency's responsible person for 批示
LEADER_ROLES = (Role.HEAD, Role.DOCUMENT_SIGNER)
HANDLING_ROLES = (*authority.OFFICE_ROLES, Role.HEAD)
TEXT_LIMIT = 2000
MAX_LIMIT = 60  # working days: longer matters are planned, not chased
# the kind of the answer to each kind that asks for one (条例 Art. 8: 批复 answers a 请示)
ANSWER_KIND = {DocumentKind.REQUEST: DocumentKind.REPLY}


def _audit(action: str, target, actor, **data) -> None:
    audit.record(
        f"office.{action}",
        object_type=target._meta.model_name,
        object_id=target.pk,
        actor=actor,
        data=data,
    )


# --- who may act ------------------------------------------------------------------------------


def may_register(user, department: Department) -> bool:
    return department.pk in authority.departments_with(user, CLERK_ROLES)


def may_assign(user, document: IncomingDocument) -> bool:
    return document.department_id in authority.departments_with(user, LEADER_ROLES)


def may_handle(user, department_id: int | None) -> bool:
    return department_id is not None and department_id in authority.departments_with(
        user, HANDLING_ROLES
    )


def actions_for(user, document: IncomingDocument) -> list[str]:
    """What ``user`` may do to ``document`` now, for the page to offer."""
    found = []
    if document.status == S.REGISTERED and may_register(user, document.department):
        found.append("check")
    if document.status == S.CHECKED and may_assign(user, document):
        found.append("assign")
    if document.status in (S.ASSIGNED, S.READING):
        if document.readings.filter(reader=user, read_at=None).exists():
            found.append("read")
        if may_handle(user, document.handling_department_id):
            found += ["answer", "file"]
    return found


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied(_("You may not do this to this document now."))


def _locked(document: IncomingDocument) -> IncomingDocument:
    return IncomingDocument.objects.select_for_update().get(pk=document.pk)


def _text(name: str, value, *, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise ValidationError({name: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({name: _("At most %(n)d characters.") % {"n": limit}})
    return value


# --- 签收 and 登记 -----------------------------------------------------------------------------


def next_number(department: Department, year: int) -> tuple[str, int]:
    """收文号: the receiving agency's code + 〔year〕 + 收 + sequence, from a locked counter, so
    numbers have no gap and no duplicate under concurrent registering."""
    agency = office.agency_of(department)
    sequence = take_next(IncomingSequence, code=agency.code, year=year)
    return f"{agency.code}〔{year}〕收{sequence}", sequence


def _create(department: Department, *, actor, **fields) -> IncomingDocument:
    today = timezone.localdate()
    number, sequence = next_number(department, today.year)
    document = IncomingDocument.objects.create(
        department=department, number=number, sequence=sequence, registered_by=actor, **fields
    )
    _audit("incoming_registered", document, actor, number=number, sender=document.sender)
    return document


@transaction.atomic
def register_dispatch(dispatch: Dispatch, *, actor) -> IncomingDocument:
    """登记 of a document signed for on the platform (called by ``office.services.sign_for``,
    inside its transaction): the sender, its number, title and kind come from the document."""
    sent = dispatch.document
    return _create(
        dispatch.recipient,
        actor=actor,
        dispatch=dispatch,
        sender=sent.department.name,
        sender_number=sent.number,
        title=sent.title,
        kind=sent.kind,
        received_on=timezone.localdate(dispatch.signed_for_at or timezone.now()),
    )


@transaction.atomic
def register(department: Department, data: dict, *, actor, pdf=None) -> IncomingDocument:
    """登记 by hand of a paper or e-mailed document from outside the platform, with its PDF."""
    if not may_register(actor, department):
        raise PermissionDenied(_("You may not register documents for this department."))
    errors: dict[str, str] = {}
    fields = {}
    for name, limit, required in (
        ("sender", 200, True),
        ("sender_number", 40, False),
        ("title", 200, True),
    ):
        try:
            fields[name] = _text(name, data.get(name), required=required, limit=limit)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    kind = str(data.get("kind") or "")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose one of the 15 kinds of document.")
    received_on = data.get("received_on")
    if isinstance(received_on, str):
        try:
            received_on = date.fromisoformat(received_on)
        except ValueError:
            received_on = None
    if not isinstance(received_on, date) or received_on > timezone.localdate():
        errors["received_on"] = _("Give the day it was received, today or before.")
    if pdf is not None and not bytes(pdf.read(5)).startswith(b"%PDF-"):
        errors["pdf"] = _("Upload the document as a PDF file.")
    if errors:
        raise ValidationError(errors)
    document = _create(department, actor=actor, kind=kind, received_on=received_on, **fields)
    if pdf is not None:
        pdf.seek(0)
        document.pdf.save(f"{document.pk}.pdf", ContentFile(pdf.read()), save=True)
    return document


# --- 初审 --------------------------------------------------------------------------------------


@transaction.atomic
def check(document: IncomingDocument, *, actor, accepted: bool, reason: str = ""):
    """初审 (Art. 24 (三)): in the agency's remit and in due form, or returned to the sender
    with the reason."""
    document = _locked(document)
    _require(document.status == S.REGISTERED and may_register(actor, document.department))
    reason = _text("reason", reason, required=not accepted)
    document.status = S.CHECKED if accepted else S.RETURNED
    document.return_reason = "" if accepted else reason
    document.checked_by, document.checked_at = actor, timezone.now()
    document.updated_at = document.checked_at
    document.save()
    _audit("incoming_checked", document, actor, accepted=accepted, reason=reason)
    if not accepted and document.dispatch_id:  # the sender on the platform is told why
        sender = document.dispatch.document
        messages.tell(
            office_messages.holders([sender.department_id], CLERK_ROLES),
            messages.RETURNED,
            {"number": sender.number, "title": sender.title, "reason": reason,
             "receiver": document.department.name},
            outgoing=sender.pk,
        )  # fmt: skip
    return document


# --- 承办 and 传阅 ------------------------------------------------------------------------------


def _readers(document: IncomingDocument, handling: Department, ids) -> list[int]:
    ids = [int(i) for i in dict.fromkeys(ids or []) if str(i).strip()]
    found = set(
        RoleAssignment.objects.filter(
            user_id__in=ids,
            department_id__in=(document.department_id, handling.pk),
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )
    if len(found) != len(ids):
        raise ValidationError(
            {"readers": _("Choose readers among the officials of the two departments.")}
        )
    return ids


def _limit(value) -> int:
    try:
        limit = int(value if value not in (None, "") else DEFAULT_INSTRUCTION_DAYS)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({"limit": _("Between 1 and %(n)d working days.") % {"n": MAX_LIMIT}})
    return limit


@transaction.atomic
def assign(
    document: IncomingDocument,
    *,
    actor,
    handling_department: Department | None,
    instruction: str,
    readers=(),
    limit=DEFAULT_INSTRUCTION_DAYS,
    now: datetime | None = None,
) -> Instruction:
    """承办 (Art. 24 (四)): the leader's instruction (批示) to the handling department, tracked
    as an instruction (督办) due in ``limit`` working days from ``now`` (the demo back-dates
    it); ``readers`` read it round (传阅)."""
    document = _locked(document)
    _require(document.status == S.CHECKED and may_assign(actor, document))
    if handling_department is None:
        raise ValidationError({"handling_department": _("Choose the handling department.")})
    text = _text("instruction", instruction)
    limit = _limit(limit)
    reader_ids = _readers(document, handling_department, readers)
    now = now or timezone.now()
    document.handling_department = handling_department
    document.leader_instruction = text
    document.assigned_by, document.assigned_at = actor, now
    document.status = S.READING if reader_ids else S.ASSIGNED
    document.updated_at = now
    document.save()
    Reading.objects.bulk_create(Reading(document=document, reader_id=i) for i in reader_ids)
    made = _instruct(document, handling_department, text, limit, actor=actor, at=now)
    _audit(
        "incoming_assigned",
        document,
        actor,
        department=handling_department.code,
        instruction=made.pk,
        readers=reader_ids,
    )
    params = {
        "number": document.number,
        "title": document.title,
        "instruction": text[:100],
        "due_on": made.due_on.isoformat(),
    }
    staff = RoleAssignment.objects.filter(
        department=handling_department, role__in=HANDLING_ROLES
    ).values_list("user_id", flat=True)
    messages.tell(
        [u for u in staff if u != actor.pk], messages.ASSIGNED, params, incoming=document.pk
    )
    messages.tell(reader_ids, messages.TO_READ, params, incoming=document.pk)
    return made


def instruct(department: Department, text: str, limit: int, *, actor, at) -> Instruction:
    """An instruction (督办) given outside a document, e.g. a meeting's decision in its issued
    minutes (``office.meetings``): clocked in the ledger from ``at``."""
    return _instruct(None, department, text, limit, actor=actor, at=at)


def _instruct(document, department, text, limit, *, actor, at) -> Instruction:
    made = Instruction.objects.create(
        document=document,
        text=text,
        department=department,
        assigned_by=actor,
        limit=limit,
        started_at=at,
    )
    made.due_on = instructions_ledger.track(made).due_on
    made.save(update_fields=["due_on"])
    _audit("instruction_given", made, actor, department=department.code, limit=limit)
    return made


@transaction.atomic
def mark_read(document: IncomingDocument, *, actor) -> Reading:
    """传阅 (Art. 24 (五)): a reader marks it read; the round ends with the last reader."""
    document = _locked(document)
    reading = Reading.objects.filter(document=document, reader=actor, read_at=None).first()
    _require(reading is not None and document.status in (S.ASSIGNED, S.READING))
    reading.read_at = timezone.now()
    reading.save(update_fields=["read_at"])
    if document.status == S.READING and not document.readings.filter(read_at=None).exists():
        document.status = S.ASSIGNED
        document.updated_at = reading.read_at
        document.save(update_fields=["status", "updated_at"])
    _audit("incoming_read", document, actor)
    return reading


# --- 答复 and 办结 ------------------------------------------------------------------------------


def reply_fields(document: IncomingDocument) -> dict:
    """The answer's fields, prefilled: its kind (a 批复 to a 请示, otherwise a 函), a title
    ending with that kind (Art. 9 (九)), the sender as main recipient."""
    kind = ANSWER_KIND.get(document.kind, DocumentKind.LETTER)
    subject = document.title.split("关于", 1)[-1]
    subject = subject.removesuffix(KIND_WORD.get(document.kind, "")).removesuffix("的")
    agency = document.handling_department or document.department
    return {
        "kind": kind,
        "title": f"{agency.name}关于{subject}的{KIND_WORD[kind]}"[:200],
        "main_recipients": document.sender,
        "body": f"{document.sender}：\n你单位《{document.title}》"
        f"{f'（{document.sender_number}）' if document.sender_number else ''}收悉。",
        "countersigners": [],
    }


def _done(document: IncomingDocument, at) -> None:
    for instruction in document.instructions.filter(completed_at=None):
        _complete(instruction, at)


@transaction.atomic
def answer(document: IncomingDocument, data: dict | None = None, *, actor) -> OutgoingDocument:
    """答复 (Art. 24 (七)): the handling department's draft answer, prefilled from the incoming
    document (``reply_fields``) and linked to it; drafting it takes the drafter's role there
    (``office.services.create_draft``). The instruction is done."""
    document = _locked(document)
    _require(
        document.status in (S.ASSIGNED, S.READING)
        and may_handle(actor, document.handling_department_id)
    )
    reply = office.create_draft(
        document.handling_department, {**reply_fields(document), **(data or {})}, actor=actor
    )
    now = timezone.now()
    document.reply = reply
    document.status = S.ANSWERED
    document.done_at = document.updated_at = now
    document.save()
    _done(document, now)
    _audit("incoming_answered", document, actor, reply=reply.pk)
    return reply


@transaction.atomic
def file(document: IncomingDocument, *, actor, note: str = "") -> IncomingDocument:
    """办结: the document needs no answer; done and filed with a note."""
    document = _locked(document)
    _require(
        document.status in (S.ASSIGNED, S.READING)
        and may_handle(actor, document.handling_department_id)
    )
    document.filing_note = _text("note", note)
    now = timezone.now()
    document.status = S.FILED
    document.done_at = document.updated_at = now
    document.save()
    _done(document, now)
    _audit("incoming_filed", document, actor)
    return document


# --- 督办 -------------------------------------------------------------------------------------


def _locked_instruction(instruction: Instruction) -> Instruction:
    return Instruction.objects.select_for_update().get(pk=instruction.pk)


@transaction.atomic
def report_progress(instruction: Instruction, *, actor, text: str, file=None):
    """A progress report by the acting department's staff, with an optional file."""
    instruction = _locked_instruction(instruction)
    _require(instruction.completed_at is None and may_handle(actor, instruction.department_id))
    report = InstructionReport(instruction=instruction, text=_text("text", text), author=actor)
    if file is not None:
        name = f"{instruction.pk}-{getattr(file, 'name', '') or 'report'}"[-100:]
        report.file.save(name, ContentFile(file.read()), save=False)
    report.save()
    _audit("instruction_reported", instruction, actor, report=report.pk)
    return report


def _complete(instruction: Instruction, at) -> None:
    instruction.completed_at = at
    instruction.late = bool(instruction.due_on and timezone.localdate(at) > instruction.due_on)
    instruction.save(update_fields=["completed_at", "late"])
    instructions_ledger.close(instruction, at)


@transaction.atomic
def complete(instruction: Instruction, *, actor) -> Instruction:
    """The acting department reports the instruction done: off the ledger, on time or late."""
    instruction = _locked_instruction(instruction)
    _require(instruction.completed_at is None and may_handle(actor, instruction.department_id))
    _complete(instruction, timezone.now())
    _audit("instruction_completed", instruction, actor, late=instruction.late)
    return instruction
