"""Writes of requests on application (依申请公开, 政府信息公开条例 Art. 27–45).

apply online → confirm receipt (or staff enter a letter / walk-in) → [one supplement notice] →
[third-party consultation] → [one extension] → draft the reply → confidentiality review
(保密审查) → send; the applicant may withdraw until the reply is sent.

Each function is one transaction: the request's change, its timeline step, a sealed letter
where the law wants one, an audit entry and the ledger (``disclosure.request_ledger``) commit
together or not at all. Who may do what in which state is ``request_authority.ACTIONS``; a
wrong actor gets ``PermissionDenied``, bad input or a wrong state a ``ValidationError`` naming
the field. The steps they share are ``request_steps``; the fees, ``request_fees``.
"""

from __future__ import annotations

import difflib
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.cases.uploads import check_upload
from onewindow.core.clock import WorkingCalendar, WorkingDays
from onewindow.disclosure import letters, request_authority, request_ledger
from onewindow.disclosure.models import (
    Consultation,
    DisclosedFile,
    Extension,
    FeeNotice,
    LetterKind,
    Request,
    RequestDetail,
    Supplement,
)
from onewindow.disclosure.models import RequestStatus as S
from onewindow.disclosure.services import request_fees
from onewindow.disclosure.services import request_steps as steps
from onewindow.disclosure.vocab import OUTCOMES_OF, Channel, Outcome, ReplyType, RequesterKind

SUPPLEMENT_WITHIN = WorkingDays(7)  # Art. 30: the supplement notice within 7 working days
# Art. 30 leaves the applicant "a reasonable period" (合理的补正期限); the notice states it.
SUPPLEMENT_ANSWER = WorkingDays(15)
THIRD_PARTY_ANSWER = WorkingDays(15)  # Art. 32: the third party answers within 15 working days
# Only a reply that releases information carries the released files (Art. 40). Every reply,
# whatever its type, passes the confidentiality review (保密审查, Art. 17) before it goes out:
# a refusal can leak as much as a release (what is withheld and why, who else holds it).
RELEASING_TYPES = frozenset({ReplyType.DISCLOSED, ReplyType.PARTIAL})
SIMILAR = 0.8  # share of matching text above which an earlier request looks identical
STAFF_CHANNELS = (Channel.LETTER, Channel.WALK_IN, Channel.FAX, Channel.EMAIL)


def _next_number(agency: Department, day: date) -> str:
    prefix = f"YSQ{agency.code}-{day.year}"
    count = Request.objects.filter(number__startswith=prefix).count() + 1
    return f"{prefix}-{count:05d}"


def _receive(request: Request, detail: RequestDetail, day: date, actor) -> None:
    """The request is received on ``day`` (Art. 31): its reply clock starts."""
    request.received_on = day
    request.status = S.RECEIVED
    detail.clock_paused = False
    detail.paused_days = 0
    request_ledger.track(request, detail)
    letters.issue(
        request,
        LetterKind.ACKNOWLEDGEMENT,
        addressee=request.requester_name,
        paragraphs=[
            f"本机关已于{letters.format_day(day)}收到你（单位）提出的政府信息公开申请。"
            "根据《中华人民共和国政府信息公开条例》第三十三条，本机关将自收到申请之日起"
            "二十个工作日内予以答复。",
        ],
        fields=[
            ("申请编号", request.number),
            ("所需信息", request.description),
            ("答复期限", letters.format_day(request.due_on)),
        ],
        actor=actor,
    )


# --- receipt ---------------------------------------------------------------------------------


@transaction.atomic
def apply_online(
    user: User,
    *,
    agency: Department | None,
    description: str,
    wanted_form: str = "",
    requester_kind: str = "",
    email: str = "",
    address: str = "",
) -> Request:
    """A signed-in citizen or enterprise applies online (Art. 29); the agency confirms it."""
    if not getattr(user, "is_authenticated", False) or user.kind not in ("citizen", "enterprise"):
        raise PermissionDenied(_("Sign in as a citizen or an enterprise to apply."))
    if agency is None:
        raise ValidationError({"agency": _("Please choose the agency that holds the information.")})
    description = steps.required(description, "description", _("the information requested"))
    if user.kind == "citizen":
        kind = RequesterKind.PERSON
    else:
        kind = requester_kind or RequesterKind.ENTERPRISE
        if kind not in RequesterKind.legal_persons():
            raise ValidationError({"requester_kind": _("Please choose a kind of organisation.")})
    now = timezone.now()
    request = Request.objects.create(
        number=_next_number(agency, timezone.localdate(now)),
        agency=agency,
        applicant=user,
        requester_kind=kind,
        requester_name=user.display_name,
        id_number=user.uscc if user.kind == "enterprise" else (user.id_number or ""),
        phone=user.phone or "",
        email=email,
        address=address,
        channel=Channel.ONLINE,
        description=description,
        wanted_form=wanted_form,
        submitted_at=now,
        status=S.SUBMITTED,
    )
    RequestDetail.objects.create(request=request)
    steps.step(request, "applied", user)
    return request


@transaction.atomic
def confirm_receipt(actor: User, number: str) -> Request:
    """The agency confirms an online request: received that day (Art. 31 (三))."""
    request, detail = steps.load(number, actor, "confirm_receipt")
    _receive(request, detail, steps.today(), actor)
    steps.save(request, detail)
    steps.step(request, "received", actor, data={"received_on": str(request.received_on)})
    return request


@transaction.atomic
def enter_request(
    actor: User,
    *,
    agency: Department,
    channel: str,
    requester_kind: str,
    requester_name: str,
    description: str,
    signed_for_on: date | None = None,
    id_number: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    wanted_form: str = "",
) -> Request:
    """Staff enter a request that came by letter, in person, by fax or e-mail (Art. 29, 31).

    Art. 31 (一) in person: received that day; (二) by post: the day the agency signed for the
    letter; (三) fax or e-mail: the day both sides confirm it, i.e. today.
    """
    if "officer" not in request_authority.staff_hats(
        actor, agency.pk
    ) and "head" not in request_authority.staff_hats(actor, agency.pk):
        raise PermissionDenied(_("Only the agency's disclosure office enters requests."))
    if channel not in STAFF_CHANNELS:
        raise ValidationError({"channel": _("Please choose how the request came in.")})
    if requester_kind not in RequesterKind.values:
        raise ValidationError({"requester_kind": _("Please choose the kind of requester.")})
    requester_name = steps.required(requester_name, "requester_name", _("the requester's name"))
    description = steps.required(description, "description", _("the information requested"))
    today = steps.today()
    if channel == Channel.LETTER:
        if signed_for_on is None:
            raise ValidationError(
                {"signed_for_on": _("Please give the day the letter was signed for.")}
            )
        if signed_for_on > today:
            raise ValidationError(
                {"signed_for_on": _("The day signed for cannot be in the future.")}
            )
        received = signed_for_on  # Art. 31 (二)
    else:
        received = today  # Art. 31 (一), (三)
    now = timezone.now()
    request = Request.objects.create(
        number=_next_number(agency, received),
        agency=agency,
        requester_kind=requester_kind,
        requester_name=requester_name,
        id_number=id_number,
        phone=phone,
        email=email,
        address=address,
        channel=channel,
        description=description,
        wanted_form=wanted_form,
        submitted_at=now,
    )
    detail = RequestDetail.objects.create(request=request)
    _receive(request, detail, received, actor)
    steps.save(request, detail)
    steps.step(request, "entered", actor, data={"channel": channel, "received_on": str(received)})
    return request


# --- supplement (Art. 30) ------------------------------------------------------------------


@transaction.atomic
def send_supplement(actor: User, number: str, *, items: list[str]) -> Supplement:
    """The one supplement notice of Art. 30: within 7 working days of receipt, listing every
    point to clarify; the reply clock stops until the applicant answers."""
    request, detail = steps.load(number, actor, "send_supplement")
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise ValidationError({"items": _("Please list what the applicant must clarify.")})
    if Supplement.objects.filter(request=request).exists():
        raise ValidationError({"items": _("A request gets one supplement notice only.")})
    today = steps.today()
    calendar = WorkingCalendar()
    used, _provisional = calendar.working_days_between(request.received_on, today)
    if used > SUPPLEMENT_WITHIN.days:  # Art. 30
        raise ValidationError(
            {"items": _("The supplement notice is due within 7 working days of receipt.")}
        )
    due = calendar.add_working_days(today, SUPPLEMENT_ANSWER).date
    supplement = Supplement.objects.create(
        request=request, items=items, sent_on=today, answer_due=due
    )
    steps.pause_with_letter(
        request,
        detail,
        status=S.SUPPLEMENT,
        kind=LetterKind.SUPPLEMENT,
        addressee=request.requester_name,
        paragraphs=[
            f"本机关于{letters.format_day(request.received_on)}收到你（单位）的政府信息公开申请"
            f"（编号{request.number}）。经审查，申请内容不够明确。根据《中华人民共和国政府信息公开"
            "条例》第三十条，请你（单位）补正以下内容：",
            *[f"{n}. {item}" for n, item in enumerate(items, 1)],
            f"请于{letters.format_day(due)}前补正。答复期限自本机关收到补正后的申请之日起计算；"
            "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ],
        actor=actor,
    )
    steps.step(request, "supplement_sent", actor, note="\n".join(items), data={"due": str(due)})
    return supplement


@transaction.atomic
def answer_supplement(actor: User, number: str, *, answer: str) -> Request:
    """The applicant supplements the request: it is received again that day and the reply
    clock restarts (Art. 30: 答复期限自行政机关收到补正的申请之日起计算)."""
    request, detail = steps.load(number, actor, "answer_supplement")
    answer = steps.required(answer, "answer", _("your answer"))
    today = steps.today()
    supplement = request.supplement
    if today > supplement.answer_due:
        raise ValidationError({"answer": _("The period for the supplement has ended.")})
    supplement.answered_on = today
    supplement.answer = answer
    supplement.save()
    _receive(request, detail, today, actor)
    steps.save(request, detail)
    steps.step(request, "supplemented", actor, note=answer, data={"received_on": str(today)})
    return request


@transaction.atomic
def lapse_supplements(today: date | None = None) -> list[str]:
    """Requests whose supplement was not given by its deadline are treated as withdrawn
    (Art. 30: 视为放弃申请); the annual report counts them as "no supplement in time"."""
    today = today or steps.today()
    late = Q(status=S.SUPPLEMENT, supplement__answered_on=None, supplement__answer_due__lt=today)
    return steps.lapse(late, Outcome.NO_SUPPLEMENT, "lapsed", today)


def move_answer_dates_after_calendar_change(sender=None, **kwargs) -> int:
    """An administrator edited the working calendar: the answer-by dates still running (an
    applicant's supplement, a third party's answer, a fee's payment) are counted again from the
    day they were sent, in the edit's transaction. Answers how many moved."""
    calendar, moved = WorkingCalendar(), 0
    for model, period, waiting in (
        (Supplement, SUPPLEMENT_ANSWER, Q(answered_on=None)),
        (Consultation, THIRD_PARTY_ANSWER, Q(answered_on=None)),
        (FeeNotice, request_fees.FEE_PAY_WITHIN, Q(paid_on=None)),
    ):
        due_field = "pay_by" if model is FeeNotice else "answer_due"
        for row in model.objects.select_for_update().filter(waiting).order_by("pk"):
            due = calendar.add_working_days(row.sent_on, period).date
            if due != getattr(row, due_field):
                model.objects.filter(pk=row.pk).update(**{due_field: due})
                moved += 1
    return moved


# --- third party (Art. 32) -----------------------------------------------------------------


@transaction.atomic
def consult_third_party(
    actor: User, number: str, *, third_party: str, question: str, contact: str = ""
) -> Consultation:
    """Ask a third party whose rights disclosure may harm (Art. 32): it has 15 working days to
    answer, and the time is not counted in the reply limit (the clock pauses)."""
    request, detail = steps.load(number, actor, "consult_third_party")
    third_party = steps.required(third_party, "third_party", _("the third party"))
    question = steps.required(question, "question", _("what is asked"))
    today = steps.today()
    due = WorkingCalendar().add_working_days(today, THIRD_PARTY_ANSWER).date
    consultation = Consultation.objects.create(
        request=request,
        third_party=third_party,
        contact=contact,
        question=question,
        sent_on=today,
        answer_due=due,
    )
    steps.pause_with_letter(
        request,
        detail,
        status=S.THIRD_PARTY,
        kind=LetterKind.CONSULTATION,
        addressee=third_party,
        paragraphs=[
            "本机关收到一项政府信息公开申请，申请公开的信息可能涉及你（单位）的合法权益。"
            "根据《中华人民共和国政府信息公开条例》第三十二条，现征求你（单位）的意见：",
            question,
            f"请于{letters.format_day(due)}前（十五个工作日内）提出意见。逾期未提出意见的，"
            "由本机关依照条例的规定决定是否公开。",
        ],
        to_applicant=False,
        actor=actor,
    )
    steps.step(request, "third_party_consulted", actor, note=third_party, data={"due": str(due)})
    return consultation


@transaction.atomic
def record_third_party_answer(
    actor: User, number: str, *, answer: str, note: str = ""
) -> Consultation:
    """The third party answered (or its 15 working days ran out): the clock resumes and the
    working days it waited are not counted (Art. 32)."""
    request, detail = steps.load(number, actor, "record_third_party_answer")
    if answer not in Consultation.Answer.values:
        raise ValidationError({"answer": _("Please choose the third party's answer.")})
    today = steps.today()
    consultation = request.consultations.filter(answered_on=None).latest("pk")
    if answer == Consultation.Answer.NONE and today <= consultation.answer_due:
        raise ValidationError({"answer": _("The third party still has time to answer.")})
    calendar = WorkingCalendar()
    paused = request_ledger.paused_working_days(consultation.sent_on, today, calendar)
    consultation.answered_on = today
    consultation.answer = answer
    consultation.note = note
    consultation.paused_days = paused
    consultation.save()
    detail.paused_days += paused
    detail.clock_paused = False
    request.status = S.RECEIVED
    request_ledger.track(request, detail)
    steps.save(request, detail)
    steps.step(request, "third_party_answered", actor, note=note, data={"paused_days": paused})
    return consultation


# --- extension (Art. 33) -------------------------------------------------------------------


@transaction.atomic
def request_extension(actor: User, number: str, *, days: int, reason: str) -> Extension:
    """Ask for the one extension of Art. 33 (at most 20 working days), before the due date."""
    request, _detail = steps.load(number, actor, "request_extension")
    reason = steps.required(reason, "reason", _("the reason"))
    if not isinstance(days, int) or not 1 <= days <= request_ledger.MAX_EXTENSION.days:
        raise ValidationError({"days": _("An extension is 1 to 20 working days.")})
    if Extension.objects.filter(request=request).exists():
        raise ValidationError({"days": _("A request is extended once only.")})
    if request.due_on and steps.today() > request.due_on:
        raise ValidationError({"days": _("The reply is already overdue; it cannot be extended.")})
    extension = Extension.objects.create(
        request=request, days=days, reason=reason, requested_by=actor, requested_on=steps.today()
    )
    steps.step(request, "extension_requested", actor, note=reason, data={"days": days})
    return extension


@transaction.atomic
def decide_extension(actor: User, number: str, *, approve: bool) -> Extension:
    """The head of the disclosure office decides (never the one who asked); an approved
    extension moves the due date and the applicant gets a notice (Art. 33)."""
    request, detail = steps.load(number, actor, "decide_extension")
    extension = Extension.objects.filter(request=request, approved=None).first()
    if extension is None:
        raise ValidationError({"approve": _("There is no extension waiting for a decision.")})
    if extension.requested_by_id == actor.pk:
        raise PermissionDenied(_("The one who asked for an extension cannot approve it."))
    today = steps.today()
    extension.approved = bool(approve)
    extension.decided_by = actor
    extension.decided_on = today
    extension.save()
    if approve:
        request.extended_days = extension.days
        request_ledger.track(request, detail)
        steps.save(request, detail)
        letters.issue(
            request,
            LetterKind.EXTENSION,
            addressee=request.requester_name,
            paragraphs=[
                f"你（单位）的政府信息公开申请（编号{request.number}）因{extension.reason}，"
                "不能在二十个工作日内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条"
                f"第二款，经本机关政府信息公开工作机构负责人同意，答复期限延长{extension.days}"
                f"个工作日，至{letters.format_day(request.due_on)}。",
            ],
            actor=actor,
        )
    steps.step(
        request,
        "extension_approved" if approve else "extension_refused",
        actor,
        data={"days": extension.days, "due_on": str(request.due_on)},
    )
    return extension


# --- the reply (Art. 36, 37) ---------------------------------------------------------------


def earlier_identical(request: Request) -> list[Request]:
    """Earlier replied requests of the same applicant to the same agency whose text is nearly
    the same (Art. 36 (六): a repeated request); the most similar first."""
    earlier = Request.objects.filter(agency=request.agency_id, status=S.REPLIED).exclude(
        pk=request.pk
    )
    if request.applicant_id:
        earlier = earlier.filter(applicant=request.applicant_id)
    else:
        earlier = earlier.filter(requester_name=request.requester_name)
    scored = []
    for other in earlier.order_by("-pk")[:50]:
        ratio = difflib.SequenceMatcher(None, request.description, other.description).ratio()
        if ratio >= SIMILAR:
            scored.append((ratio, other))
    return [other for _ratio, other in sorted(scored, key=lambda pair: -pair[0])]


@transaction.atomic
def draft_reply(
    actor: User,
    number: str,
    *,
    reply_type: str,
    reply: str,
    outcome: str = "",
    where_public: str = "",
    withheld: str = "",
    legal_basis: str = "",
    right_agency: Department | None = None,
    repeated_of: str = "",
    files: list[tuple[str, bytes]] = (),
) -> Request:
    """Draft the reply (Art. 36, 37) with what its type needs; it goes to the confidentiality
    review (保密审查) before it is sent."""
    request, detail = steps.load(number, actor, "draft_reply")
    if detail.clock_paused:
        raise ValidationError({"reply_type": _("The clock is paused; wait for it to resume.")})
    if reply_type not in ReplyType.values:
        raise ValidationError({"reply_type": _("Please choose the kind of reply.")})
    reply = steps.required(reply, "reply", _("the reply"))
    allowed = OUTCOMES_OF[ReplyType(reply_type)]
    outcome = outcome or allowed[0]
    if outcome not in allowed:
        raise ValidationError({"outcome": _("This outcome does not fit the kind of reply.")})
    earlier = None
    if reply_type == ReplyType.ALREADY_PUBLIC:  # Art. 36 (一): say where
        where_public = steps.required(where_public, "where_public", _("where it is public"))
    if reply_type == ReplyType.PARTIAL:  # Art. 37: what is withheld and why
        withheld = steps.required(withheld, "withheld", _("what is withheld"))
        legal_basis = steps.required(legal_basis, "legal_basis", _("the legal basis"))
    if reply_type == ReplyType.WITHHELD:  # Art. 36 (三): the reason and the legal basis
        legal_basis = steps.required(legal_basis, "legal_basis", _("the legal basis"))
    # Art. 36 (五): name the right agency when known, never this one
    if reply_type == ReplyType.NOT_OURS and right_agency and right_agency.pk == request.agency_id:
        raise ValidationError({"right_agency": _("Name another agency than this one.")})
    if reply_type == ReplyType.REPEATED:  # Art. 36 (六)
        earlier = Request.objects.filter(number=repeated_of, status=S.REPLIED).first()
        if earlier is None or earlier not in earlier_identical(request):
            raise ValidationError(
                {"repeated_of": _("Please choose the earlier identical request.")}
            )
    checked = [check_upload(name, content, field="files") for name, content in files]
    if checked and reply_type not in RELEASING_TYPES:
        raise ValidationError({"files": _("Only a disclosed or partly disclosed reply has files.")})
    now = timezone.now()
    for found in checked:  # Art. 40: the information is given in the form asked where it can
        stored = DisclosedFile(
            request=request, name=found.name, content_type=found.content_type,
            digest=found.digest, uploaded_at=now,
        )  # fmt: skip
        stored.file.save(found.name, ContentFile(found.content), save=True)
    request.reply_type = reply_type
    request.reply = reply
    request.right_agency = right_agency if reply_type == ReplyType.NOT_OURS else None
    detail.draft_outcome = outcome
    detail.where_public = where_public
    detail.withheld = withheld
    detail.legal_basis = legal_basis
    detail.repeated_of = earlier
    detail.drafted_by = actor
    detail.reviewed_by = None
    detail.review_passed_on = None
    request.status = S.REVIEW
    steps.save(request, detail)
    steps.step(
        request,
        "reply_drafted",
        actor,
        data={"reply_type": reply_type, "outcome": outcome, "files": [f.digest for f in checked]},
    )
    return request


@transaction.atomic
def review_reply(actor: User, number: str, *, passed: bool, note: str = "") -> Request:
    """保密审查 of the reply (Art. 17): pass it for sending, or return it to the drafter."""
    request, detail = steps.load(number, actor, "review_reply")
    if detail.review_passed_on:
        raise ValidationError({"passed": _("The reply has already passed the review.")})
    if not passed:
        note = steps.required(note, "note", _("why it is returned"))
        request.status = S.RECEIVED
    detail.reviewed_by = actor
    detail.review_note = note
    detail.review_passed_on = steps.today() if passed else None
    steps.save(request, detail)
    steps.step(request, "review_passed" if passed else "review_returned", actor, note=note)
    return request


def reply_paragraphs(request: Request, detail: RequestDetail) -> list[str]:
    """What the reply letter says, by its type (Art. 36, 37)."""
    received = letters.format_day(request.received_on)
    lines = [
        f"本机关于{received}收到你（单位）提出的政府信息公开申请（编号{request.number}），"
        f"申请获取：{request.description}。经审查，现答复如下："
    ]
    kind = request.reply_type
    lines.append(request.reply)
    if kind == ReplyType.ALREADY_PUBLIC:
        lines.append(
            f"该信息已经主动公开，获取方式：{detail.where_public}（条例第三十六条第一项）。"
        )
    elif kind == ReplyType.PARTIAL:
        lines.append(
            f"根据条例第三十七条，对可以公开的部分予以提供；不予公开的内容为：{detail.withheld}，"
            f"理由及依据：{detail.legal_basis}。"
        )
    elif kind == ReplyType.WITHHELD:
        lines.append(f"根据{detail.legal_basis}，该信息不予公开（条例第三十六条第三项）。")
    elif kind == ReplyType.NOT_OURS:
        if request.right_agency_id:
            lines.append(
                f"该信息不属于本机关负责公开，负责公开该信息的机关为{request.right_agency.name}"
                "（条例第三十六条第五项），请向该机关申请。"
            )
        else:
            lines.append("该信息不属于本机关负责公开（条例第三十六条第五项）。")
    elif kind == ReplyType.REPEATED and detail.repeated_of_id:
        lines.append(
            f"本机关已就你（单位）的同一申请（编号{detail.repeated_of.number}）作出答复，"
            "根据条例第三十六条第六项，不予重复处理。"
        )
    return lines


@transaction.atomic
def send_reply(actor: User, number: str) -> Request:
    """Send the reviewed reply: replied that day, counted in its outcome; the clock closes."""
    request, detail = steps.load(number, actor, "send_reply")
    if not detail.review_passed_on:
        raise ValidationError({"status": _("The reply has not passed the confidentiality review.")})
    today = steps.today()
    request.replied_on = today
    request.outcome = detail.draft_outcome
    request.status = S.REPLIED
    steps.save(request, detail)
    letters.issue(
        request,
        LetterKind.REPLY,
        addressee=request.requester_name,
        paragraphs=reply_paragraphs(request, detail),
        with_remedies=True,
        actor=actor,
    )
    request_ledger.close(request)
    steps.step(
        request, "replied", actor, data={"outcome": request.outcome, "replied_on": str(today)}
    )
    return request


@transaction.atomic
def withdraw(actor: User, number: str, *, reason: str = "") -> Request:
    """The applicant withdraws the request before the reply; a received one is counted as
    "other handling" in the annual report."""
    request, detail = steps.load(number, actor, "withdraw")
    request.status = S.WITHDRAWN
    if request.received_on:
        request.outcome = Outcome.OTHER
        request.replied_on = steps.today()
        request_ledger.close(request)
    steps.save(request, detail)
    steps.step(request, "withdrawn", actor, note=reason)
    return request
