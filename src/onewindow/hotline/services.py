"""Writes of the 12345 closed loop (国办发〔2020〕53号): report → take → dispatch → accept or
return → handle (extension) → reply → check → callback and rating → close, reopen at most twice.

Each function is one transaction: the ticket's change, its timeline step, an audit entry, the
ledger (``hotline.ledger``) and the citizen's notification commit together or not at all. Who
may do what in which state is ``hotline.authority.ACTIONS``; a wrong actor gets
``PermissionDenied``, bad input or a wrong state a ``ValidationError`` naming the field.
"""

from __future__ import annotations

import functools
import re
import threading
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.accounts.services import PHONE_INDEX
from onewindow.catalog.models import ServiceItem
from onewindow.core import audit
from onewindow.core import services as core_services
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import normalize_phone
from onewindow.hotline import authority, classifier, console, duplicates, knowledge, ledger
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.models import (
    EMERGENCY_NUMBERS,
    OPEN_STATUSES,
    ArticleSource,
    Assignment,
    AssignmentStatus,
    Category,
    Channel,
    ExtensionStatus,
    Kind,
    KnowledgeArticle,
    NotAccepted,
    Status,
    Ticket,
    TicketEvent,
    TicketExtension,
    TicketSequence,
)
from onewindow.hotline.models import (
    Role as AssignmentRole,
)
from onewindow.notifications import services as notifications

CITY_DIVISION = "440100"  # the city whose 12345 this is; KBMAP's geocoding narrows it down
MAX_REOPENS = 2  # reopened at most twice, then escalated (the rule)
ESCALATE_AFTER_RETURNS = 2  # returned this often, the ticket is escalated
MAX_SCORE = 5
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11}|\d{7,8})$")  # mobile, landline with area code, local


# --- helpers ---------------------------------------------------------------------------------


def _now(now: datetime | None = None) -> datetime:
    return now or timezone.now()


NUMBER_SEQUENCE = "hotline_ticket_number"  # created by migration 0004_perf on PostgreSQL


def _next_number(day) -> str:
    """Date + counter, e.g. 202612050000042: unique, readable, and no lock held.

    On PostgreSQL the counter is ``nextval`` of one sequence (never reset, never locked: a
    report does not wait for another's commit). A rolled-back report loses its value, so the
    numbers have gaps; that is acceptable for 12345 tickets (nothing is counted by them). At
    least seven digits, so a number never equals one of the earlier per-day numbers
    (date + six digits). Elsewhere (SQLite, which serializes writers anyway) the day's
    ``TicketSequence`` row is the counter.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [NUMBER_SEQUENCE])
            counter = cursor.fetchone()[0]
    else:
        counter = core_services.take_next(TicketSequence, day=day)
    return f"{day:%Y%m%d}{counter:07d}"


def _change(function):
    """One transaction whose audit entries are chained at its end (``audit.deferred``): the
    audit head, the lock every audited change shares, is held for the append and the commit
    only, not for the whole change."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with transaction.atomic(), audit.deferred():
            return function(*args, **kwargs)

    return wrapper


def _load(number: str) -> Ticket:
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("category", "lead_department")
        .filter(number=number)
        .first()
    )
    if ticket is None:
        raise TicketNotFound(number)
    return ticket


def _require(actor, action: str, ticket: Ticket) -> set[str]:
    """The actor's hats on the ticket, if they may take ``action`` now; else refuse."""
    states, allowed = authority.ACTIONS[action]
    worn = authority.hats(actor, ticket)
    if not worn & allowed:
        if not worn:  # not told apart from a ticket that does not exist
            raise TicketNotFound(ticket.number)
        raise PermissionDenied(_("You may not do this to ticket %(number)s.") % _n(ticket))
    if ticket.status not in states:
        raise ValidationError(
            {
                "status": _("Ticket %(number)s is %(status)s: this cannot be done now.")
                % {"number": ticket.number, "status": ticket.get_status_display()}
            }
        )
    return worn & allowed


def _n(ticket: Ticket) -> dict:
    return {"number": ticket.number}


def _text(value: str, field: str, *, required: bool = True, limit: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if limit and len(value) > limit:
        raise ValidationError({field: _("Keep it within %(limit)d characters.") % {"limit": limit}})
    return value


def _choice(value, choices, field: str):
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the listed values.")})
    return choices(value)


_categories: dict[str, Category] | None = None  # per process, by code, with departments
_categories_lock = threading.Lock()


def _forget_categories(**kwargs) -> None:
    global _categories
    with _categories_lock:
        _categories = None


post_save.connect(_forget_categories, sender=Category, dispatch_uid="hotline.categories")
post_delete.connect(_forget_categories, sender=Category, dispatch_uid="hotline.categories.d")


def cached_category(code: str) -> Category | None:
    """The category ``code`` from a per-process cache of the ~30 (forgotten on any save or
    delete of a category); a code not in the cache is looked up once more."""
    global _categories
    if not code:
        return None
    found = _categories
    if found is None:
        found = {c.code: c for c in Category.objects.select_related("department")}
        with _categories_lock:
            _categories = found
    category = found.get(code)
    if category is None:
        category = Category.objects.select_related("department").filter(code=code).first()
    return category


def _category(value) -> Category:
    category = value if isinstance(value, Category) else cached_category(value or "")
    if category is None or not category.active:
        raise ValidationError({"category": _("Choose an active category.")})
    return category


def _department(value, field: str = "department") -> Department:
    if isinstance(value, Department):
        return value
    department = Department.objects.filter(code=value).first() if value else None
    if department is None:
        raise ValidationError({field: _("Choose a department.")})
    return department


def centre(ticket: Ticket | None = None) -> Department:
    """The 12345 centre, whose clock a ticket runs on until a department has it (a ticket's
    usual department where the centre is not loaded, as in a bare test database)."""
    found = Department.objects.filter(code=authority.CENTRE_CODE).first()
    if found is None and ticket is not None and ticket.category_id:
        return ticket.category.department
    if found is None:
        raise Department.DoesNotExist(authority.CENTRE_CODE)
    return found


def _event(ticket, action, actor, at, *, note="", department=None, public=True) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        department=department,
        note=note,
        public=public,
    )


def _audit(action: str, ticket: Ticket, actor, **data) -> None:
    audit.record(
        f"hotline.{action}",
        object_type="ticket",
        object_id=ticket.number,
        actor=actor,
        data={"status": ticket.status, **data},
    )


def _citizen_link(number: str) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("portal:hotline-ticket", args=[number])
    except NoReverseMatch:
        return ""


def _notify_citizen(ticket: Ticket, kind: str, **params) -> None:
    if not ticket.caller_id:
        return
    notifications.notify(
        ticket.caller,
        kind=kind,
        params={"number": ticket.number, "title": ticket.title, **params},
        link=_citizen_link(ticket.number),
    )


def _bilingual(name: str, value, en_value: str = "") -> dict:
    return {name: str(value), f"{name}_en": str(en_value)}


def _due_text(ticket: Ticket) -> str:
    if ticket.due_at is None:
        return ""
    return timezone.localtime(ticket.due_at).strftime("%Y-%m-%d %H:%M")


def _save(ticket: Ticket, *fields: str) -> None:
    ticket.version += 1
    ticket.save(update_fields=[*fields, "version"])


def _lead(ticket: Ticket) -> Assignment | None:
    return (
        ticket.assignments.filter(role=AssignmentRole.LEAD)
        .exclude(status__in=(AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN))
        .order_by("-dispatched_at", "-pk")
        .first()
    )


def _escalate(ticket: Ticket, actor, at: datetime, why: str, why_en: str) -> None:
    """Flag the ticket and tell the supervisors of its division and the hotline's head."""
    first = not ticket.escalated
    ticket.escalated = True
    _event(ticket, "escalated", actor, at, note=why, public=False)
    _audit("escalated", ticket, actor, why=why_en)
    if not first:
        return
    recipients: dict[int, User] = {}
    for assignment in RoleAssignment.objects.filter(role=Role.SUPERVISOR).select_related(
        "user", "department"
    ):
        prefix = authority.division_prefix(assignment.department.division_id)
        if ticket.division_code.startswith(prefix):
            recipients[assignment.user_id] = assignment.user
    for assignment in RoleAssignment.objects.filter(
        role__in=(Role.HEAD, Role.DISPATCHER), department__code=authority.CENTRE_CODE
    ).select_related("user"):
        if assignment.role == Role.HEAD or not recipients:
            recipients[assignment.user_id] = assignment.user
    for user in recipients.values():
        notifications.notify(
            user,
            kind="hotline.escalated",
            params={"number": ticket.number, "title": ticket.title, "why": why, "why_en": why_en},
            link=ledger._link(ticket.number),
        )


# --- intake ----------------------------------------------------------------------------------


@_change
def report(
    *,
    channel,
    kind,
    title,
    description,
    caller=None,
    caller_name="",
    caller_phone="",
    address="",
    latitude=None,
    longitude=None,
    category=None,
    urgent=False,
    anonymous=False,
    public_allowed=False,
    operator=None,
    idempotency_key="",
    now=None,
    coordinate_fields=("longitude", "latitude"),
) -> Ticket:
    """A request comes in (web, phone, app or Open311); it waits to be taken (受理).

    The caller's coordinates are checked whenever given, also beside a standard address; an
    error names them as the caller's channel does (``coordinate_fields``: longitude's name,
    latitude's name, e.g. Open311's ``long`` and ``lat``)."""
    now = _now(now)
    idempotency_key = (idempotency_key or "")[:64]
    if idempotency_key:
        existing = Ticket.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    channel = _choice(channel, Channel, "channel")
    kind = _choice(kind, Kind, "kind")
    title = _text(title, "title", limit=100)
    description = _text(description, "description", limit=4000)
    address = _text(address, "address", required=False, limit=200)
    if caller is not None and not caller.is_authenticated:
        caller = None
    if caller is not None and caller.is_official:
        raise ValidationError({"caller": _("An official cannot report as a citizen.")})
    if operator is not None and not authority.is_centre(operator):
        raise PermissionDenied(_("Only the 12345 hotline's operators take calls."))
    phone = normalize_phone(caller_phone)
    if not phone and caller is not None:
        phone = caller.phone or ""
    if phone and not _PHONE.match(phone):
        raise ValidationError(
            {"caller_phone": _("Enter a mobile number or a landline number with its area code.")}
        )
    if not phone and caller is None and channel != Channel.OPEN311:
        raise ValidationError({"caller_phone": _("We need a phone number to call you back.")})
    name = _text(caller_name, "caller_name", required=False, limit=64)
    if not name and caller is not None:
        name = caller.real_name
    category = _category(category) if category else None
    point = duplicates.coordinates(latitude, longitude, fields=coordinate_fields)
    location = duplicates.geocode(address, *(point or (None, None)), fields=coordinate_fields)
    # the classifier's proposal for every channel, kept so that ``take`` records whether the
    # operator confirmed or corrected it (learned routing)
    proposal = classifier.propose(classifier.ticket_text(title, description, address))
    ticket = Ticket(
        division_code=location.division_code or CITY_DIVISION,
        channel=channel,
        kind=kind,
        category=category,
        urgent=bool(urgent),
        title=title,
        description=description,
        address=address,
        place_code=location.place_code,
        # the caller's own point (checked above), else the standard address's
        latitude=point[0] if point else location.latitude,
        longitude=point[1] if point else location.longitude,
        caller=caller,
        caller_name=name,
        caller_phone=phone,
        caller_phone_index=blind_index(PHONE_INDEX, phone),
        anonymous=bool(anonymous),
        public_allowed=bool(public_allowed),
        operator=operator,
        received_at=now,
        idempotency_key=idempotency_key,
        proposed_category=proposal.categories[0][0] if proposal.categories else "",
        proposed_department=proposal.departments[0][0] if proposal.departments else "",
    )
    ticket.number = _next_number(timezone.localdate(now))  # no lock: see _next_number
    ticket.save(force_insert=True)
    _event(ticket, "reported", operator or caller, now)
    _audit(
        "reported",
        ticket,
        operator or caller,
        channel=channel.value,
        kind=kind.value,
        proposed_category=ticket.proposed_category,
        proposed_department=ticket.proposed_department,
    )
    _notify_citizen(ticket, "hotline.received")
    return ticket


@_change
def take(*, number, actor, category, kind=None, urgent=None, department=None, note="") -> Ticket:
    """受理: the hotline accepts the request in a category; the category's clock starts."""
    ticket = _load(number)
    _require(actor, "take", ticket)
    now = timezone.now()
    ticket.category = _category(category)
    if kind is not None:
        ticket.kind = _choice(kind, Kind, "kind")
    if urgent is not None:
        ticket.urgent = bool(urgent)
    intended = _department(department) if department else ticket.category.department
    if ticket.proposed_category or ticket.proposed_department:
        ticket.proposal_corrected = (
            ticket.proposed_category != ticket.category.code
            or ticket.proposed_department != intended.code
        )
    ticket.lead_department = intended  # the department the dispatcher is expected to send it to
    ticket.status = Status.ACCEPTED
    ticket.accepted_at = now
    if ticket.operator_id is None and authority.is_operator(actor):
        ticket.operator = actor
    ledger.track(ticket, department=centre(ticket), started_at=now, stage=ledger.STAGE)
    _save(
        ticket,
        "category",
        "kind",
        "urgent",
        "lead_department",
        "proposal_corrected",
        "status",
        "accepted_at",
        "operator",
        "due_at",
    )
    note = _text(note, "note", required=False, limit=1000)
    _event(ticket, "taken", actor, now, note=note)
    _audit("taken", ticket, actor, category=ticket.category.code, urgent=ticket.urgent)
    _notify_citizen(ticket, "hotline.taken", due=_due_text(ticket))
    return ticket


@_change
def not_accept(*, number, actor, reason, note="") -> Ticket:
    """不予受理 with a reason; an emergency is sent on to 110/119/120, named to the caller."""
    ticket = _load(number)
    _require(actor, "not_accept", ticket)
    reason = _choice(reason, NotAccepted, "reason")
    note = _text(note, "note", required=False, limit=1000)
    now = timezone.now()
    ticket.status = Status.NOT_ACCEPTED
    ticket.not_accepted_code = reason.value
    ticket.not_accepted_reason = note
    ticket.closed_at = now
    _save(ticket, "status", "not_accepted_code", "not_accepted_reason", "closed_at")
    _event(ticket, "not_accepted", actor, now, note=note)
    _audit("not_accepted", ticket, actor, reason=reason.value)
    if reason in EMERGENCY_NUMBERS:
        _notify_citizen(ticket, "hotline.emergency", emergency_number=EMERGENCY_NUMBERS[reason])
    else:
        with override("en"):
            reason_en = str(reason.label)
        _notify_citizen(
            ticket,
            "hotline.not_accepted",
            note=note,
            **_bilingual("reason", reason.label, reason_en),
        )
    return ticket


@_change
def answer_on_the_spot(*, number, actor, article_code, note="") -> Ticket:
    """A question (咨询) answered from the knowledge base closes at once."""
    ticket = _load(number)
    _require(actor, "answer", ticket)
    article = KnowledgeArticle.objects.filter(code=article_code, published=True).first()
    if article is None:
        raise ValidationError({"article_code": _("Choose a published knowledge article.")})
    if ticket.kind != Kind.CONSULTATION:
        raise ValidationError({"kind": _("Only a question can be answered on the spot.")})
    now = timezone.now()
    ticket.status = Status.ANSWERED
    ticket.reply, ticket.reply_en = article.body, article.body_en
    ticket.replied_at = ticket.closed_at = now
    if ticket.category is None and article.category_id:
        ticket.category = article.category
    _save(ticket, "status", "reply", "reply_en", "replied_at", "closed_at", "category")
    KnowledgeArticle.objects.filter(pk=article.pk).update(uses=F("uses") + 1)
    ledger.close(ticket, now)
    _event(
        ticket, "answered", actor, now, note=_text(note, "note", required=False) or article.title
    )
    _audit("answered", ticket, actor, article=article.code)
    propagate_reply(ticket, actor=actor)
    _notify_citizen(
        ticket, "hotline.answered", answer=article.body[:500], answer_en=article.body_en[:500]
    )
    return ticket


# --- dispatch --------------------------------------------------------------------------------


@_change
def dispatch(*, number, actor, department, co_departments=(), note="") -> Ticket:
    """派单 to one lead department and any co-handlers; a re-dispatch withdraws the earlier one."""
    ticket = _load(number)
    _require(actor, "dispatch", ticket)
    lead = _department(department)
    co = []
    for value in co_departments or ():
        other = _department(value, "co_departments")
        if other.pk != lead.pk and other.pk not in {d.pk for d in co}:
            co.append(other)
    if lead.code == authority.CENTRE_CODE:
        raise ValidationError({"department": _("Dispatch to a department, not to the hotline.")})
    note = _text(note, "note", required=False, limit=1000)
    now = timezone.now()
    ticket.assignments.filter(
        status__in=(AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED)
    ).update(status=AssignmentStatus.WITHDRAWN, answered_at=now)
    Assignment.objects.create(
        ticket=ticket,
        department=lead,
        role=AssignmentRole.LEAD,
        note=note,
        dispatched_by=actor,
        dispatched_at=now,
    )
    for other in co:
        Assignment.objects.create(
            ticket=ticket,
            department=other,
            role=AssignmentRole.CO,
            note=note,
            dispatched_by=actor,
            dispatched_at=now,
        )
    ticket.lead_department = lead
    ticket.status = Status.DISPATCHED
    ledger.track(ticket, department=lead)
    _save(ticket, "lead_department", "status", "due_at")
    _event(ticket, "dispatched", actor, now, note=note, department=lead)
    _audit("dispatched", ticket, actor, department=lead.code, co=[d.code for d in co])
    _notify_citizen(
        ticket, "hotline.dispatched", **_bilingual("department", lead.name, lead.name_en)
    )
    return ticket


_dispatch = dispatch  # for ``take_call``, whose argument ``dispatch`` hides the service


def _own_assignment(ticket: Ticket, actor, statuses) -> Assignment:
    departments = authority.handling_departments(actor)
    found = (
        ticket.assignments.filter(department_id__in=departments, status__in=statuses)
        .order_by("role", "-dispatched_at")  # "co" < "lead": the lead first below
        .select_related("department")
    )
    mine = sorted(found, key=lambda a: a.role != AssignmentRole.LEAD)
    if not mine:
        raise ValidationError({"status": _("Your department has nothing to answer here.")})
    return mine[0]


@_change
def accept_dispatch(*, number, actor) -> Ticket:
    """The department takes the ticket on; the lead's acceptance starts the handling."""
    ticket = _load(number)
    _require(actor, "accept_dispatch", ticket)
    assignment = _own_assignment(ticket, actor, (AssignmentStatus.PENDING,))
    now = timezone.now()
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.handler = actor
    assignment.answered_at = now
    assignment.save(update_fields=["status", "handler", "answered_at"])
    fields = []
    if assignment.role == AssignmentRole.LEAD:
        ticket.status = Status.HANDLING
        ledger.track(ticket, department=assignment.department, handler=actor)
        fields = ["status", "due_at"]
    _save(ticket, *fields)
    _event(ticket, "accepted", actor, now, department=assignment.department)
    _audit("dispatch_accepted", ticket, actor, department=assignment.department.code)
    return ticket


@_change
def return_dispatch(*, number, actor, reason) -> Ticket:
    """退单: not this department's matter, with the reason; the dispatcher routes it again.
    A ticket returned twice is escalated."""
    ticket = _load(number)
    _require(actor, "return_dispatch", ticket)
    reason = _text(reason, "reason", limit=1000)
    assignment = _own_assignment(
        ticket, actor, (AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED)
    )
    now = timezone.now()
    assignment.status = AssignmentStatus.RETURNED
    assignment.return_reason = reason
    assignment.answered_at = now
    assignment.save(update_fields=["status", "return_reason", "answered_at"])
    fields = []
    if assignment.role == AssignmentRole.LEAD:
        ticket.returns += 1
        ticket.status = Status.ACCEPTED
        ledger.track(ticket, department=centre(ticket))
        fields = ["returns", "status", "due_at"]
    _event(ticket, "returned", actor, now, note=reason, department=assignment.department)
    _audit("returned", ticket, actor, department=assignment.department.code, reason=reason)
    if ticket.returns >= ESCALATE_AFTER_RETURNS and assignment.role == AssignmentRole.LEAD:
        _escalate(
            ticket,
            actor,
            now,
            _("Returned %(count)d times by departments.") % {"count": ticket.returns},
            f"Returned {ticket.returns} times by departments.",
        )
        fields.append("escalated")
    _save(ticket, *fields)
    return ticket


# --- handling --------------------------------------------------------------------------------


OPINION_LIMIT = 2000


@_change
def record_opinion(*, number, actor, opinion) -> Assignment:
    """协办意见: a co-handling department that has accepted its share records its opinion for the
    lead department (recorded again, it replaces the earlier one); the clock is the lead's."""
    ticket = _load(number)
    _require(actor, "record_opinion", ticket)
    opinion = _text(opinion, "opinion", limit=OPINION_LIMIT)
    assignment = (
        ticket.assignments.filter(
            department_id__in=authority.handling_departments(actor),
            role=AssignmentRole.CO,
            status=AssignmentStatus.ACCEPTED,
        )
        .select_related("department")
        .order_by("-dispatched_at", "-pk")
        .first()
    )
    if assignment is None:
        raise ValidationError(
            {"opinion": _("Accept the dispatch for your department before giving its opinion.")}
        )
    now = timezone.now()
    assignment.opinion = opinion
    if assignment.handler_id is None:
        assignment.handler = actor
    assignment.save(update_fields=["opinion", "handler"])
    _save(ticket)
    _event(ticket, "opinion_recorded", actor, now, department=assignment.department, public=False)
    _audit(
        "opinion_recorded",
        ticket,
        actor,
        department=assignment.department.code,
        assignment=assignment.pk,
        length=len(opinion),
    )
    return assignment


@_change
def request_extension(*, number, actor, amount, reason) -> TicketExtension:
    """The lead department asks for more time, in the category's unit; the hotline decides."""
    ticket = _load(number)
    _require(actor, "request_extension", ticket)
    if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= 30:
        raise ValidationError({"amount": _("Ask for between 1 and 30 more units of time.")})
    reason = _text(reason, "reason", limit=1000)
    if ticket.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError({"amount": _("An extension is already waiting for approval.")})
    now = timezone.now()
    extension = TicketExtension.objects.create(
        ticket=ticket, amount=amount, reason=reason, requested_by=actor, requested_at=now
    )
    _save(ticket)
    _event(
        ticket, "extension_requested", actor, now, note=reason, department=ticket.lead_department
    )
    _audit("extension_requested", ticket, actor, amount=amount, extension=extension.pk)
    return extension


@_change
def decide_extension(*, extension_id, actor, approve, note="") -> TicketExtension:
    """The hotline (a dispatcher) approves or refuses an extension; approved time goes to the
    ledger and the citizen is told the new date."""
    extension = TicketExtension.objects.filter(pk=extension_id).select_related("ticket").first()
    if extension is None:
        raise ValidationError({"extension_id": _("There is no such extension request.")})
    ticket = _load(extension.ticket.number)
    _require(actor, "decide_extension", ticket)
    extension = TicketExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError({"extension_id": _("This extension was already decided.")})
    note = _text(note, "note", required=not approve, limit=1000)
    now = timezone.now()
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by, extension.decided_at, extension.decision_note = actor, now, note
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    fields = []
    if approve:
        lead = _lead(ticket)
        ledger.track(
            ticket,
            department=ticket.lead_department or centre(ticket),
            handler=lead.handler if lead else None,
        )
        fields = ["due_at"]
    _save(ticket, *fields)
    action = "extension_approved" if approve else "extension_rejected"
    _event(ticket, action, actor, now, note=note)
    _audit(action, ticket, actor, amount=extension.amount, extension=extension.pk)
    if approve:
        department = ticket.lead_department
        _notify_citizen(
            ticket,
            "hotline.extended",
            due=_due_text(ticket),
            **_bilingual("department", department.name, department.name_en),
        )
    return extension


@_change
def reply(*, number, actor, reply, reply_en="") -> Ticket:
    """The lead department answers; its clock stops here (the limit is the department's), and
    the hotline checks the reply before the citizen sees it."""
    ticket = _load(number)
    _require(actor, "reply", ticket)
    ticket.reply = _text(reply, "reply", limit=4000)
    ticket.reply_en = _text(reply_en, "reply_en", required=False, limit=4000)
    now = timezone.now()
    ticket.status = Status.REPLIED
    ticket.replied_at = now
    lead = _lead(ticket)
    if lead is not None:
        lead.status, lead.done_at = AssignmentStatus.DONE, now
        lead.save(update_fields=["status", "done_at"])
    _save(ticket, "reply", "reply_en", "status", "replied_at")
    ledger.close(ticket, now)
    _event(ticket, "replied", actor, now, department=ticket.lead_department)
    _audit("replied", ticket, actor)
    return ticket


@_change
def check_reply(*, number, actor, approve, note="") -> Ticket:
    """回复审核: approved, the reply goes to the citizen and waits for the callback; sent back,
    the department handles it again on the same clock."""
    ticket = _load(number)
    _require(actor, "check_reply", ticket)
    note = _text(note, "note", required=not approve, limit=1000)
    now = timezone.now()
    if approve:
        ticket.status = Status.CALLBACK
        _save(ticket, "status")
        _event(ticket, "reply_approved", actor, now, note=note, public=False)
        _audit("reply_approved", ticket, actor)
        propagate_reply(ticket, actor=actor)  # the merged tickets get the reply too
        _notify_citizen(
            ticket, "hotline.replied", reply=ticket.reply[:500], reply_en=ticket.reply_en[:500]
        )
        return ticket
    ticket.status = Status.HANDLING
    lead = _lead(ticket)
    if lead is not None:
        lead.status, lead.done_at = AssignmentStatus.ACCEPTED, None
        lead.save(update_fields=["status", "done_at"])
    ledger.track(
        ticket,
        department=ticket.lead_department or centre(ticket),
        handler=lead.handler if lead else None,
    )
    _save(ticket, "status", "due_at")
    _event(ticket, "reply_sent_back", actor, now, note=note, department=ticket.lead_department)
    _audit("reply_sent_back", ticket, actor)
    return ticket


# --- after the reply -------------------------------------------------------------------------


def _score(score) -> int:
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= MAX_SCORE:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    return score


@_change
def callback(*, number, actor, score, comment="") -> Ticket:
    """回访: the hotline calls the citizen back, notes their satisfaction (1–5) and closes the
    ticket. A citizen who is not satisfied is reopened with ``reopen``."""
    ticket = _load(number)
    _require(actor, "callback", ticket)
    ticket.score = _score(score)
    ticket.score_comment = _text(comment, "comment", required=False, limit=1000)
    now = timezone.now()
    ticket.status = Status.CLOSED
    ticket.closed_at = now
    _save(ticket, "score", "score_comment", "status", "closed_at")
    ledger.close(ticket, now)
    _event(ticket, "callback", actor, now, note=f"{ticket.score}/5 {ticket.score_comment}".strip())
    _event(ticket, "closed", actor, now)
    _audit("callback", ticket, actor, score=ticket.score)
    propagate_reply(ticket, actor=actor)  # and close with it
    _notify_citizen(ticket, "hotline.closed")
    return ticket


@_change
def rate(*, number, citizen, score, comment="") -> Ticket:
    """The citizen rates the reply (1–5) on the web."""
    ticket = _load(number)
    _require(citizen, "rate", ticket)
    ticket.score = _score(score)
    ticket.score_comment = _text(comment, "comment", required=False, limit=1000)
    now = timezone.now()
    _save(ticket, "score", "score_comment")
    _event(ticket, "rated", citizen, now, note=f"{ticket.score}/5 {ticket.score_comment}".strip())
    _audit("rated", ticket, citizen, score=ticket.score)
    return ticket


@_change
def reopen(*, number, actor, reason) -> Ticket:
    """Not satisfied: the lead department handles the ticket again on a fresh clock, at most
    twice; a third time the ticket is escalated to the supervisor instead."""
    ticket = _load(number)
    _require(actor, "reopen", ticket)
    reason = _text(reason, "reason", limit=1000)
    now = timezone.now()
    if ticket.reopen_count >= MAX_REOPENS:
        _escalate(
            ticket,
            actor,
            now,
            _("The citizen is still not satisfied after %(count)d reopenings: %(reason)s")
            % {"count": ticket.reopen_count, "reason": reason},
            f"The citizen is still not satisfied after {ticket.reopen_count} reopenings.",
        )
        _save(ticket, "escalated")
        _notify_citizen(ticket, "hotline.citizen_escalated")
        return ticket
    ticket.reopen_count += 1
    lead = (
        _lead(ticket)
        or ticket.assignments.filter(role=AssignmentRole.LEAD, status=AssignmentStatus.DONE)
        .order_by("-pk")
        .first()
    )
    if lead is not None:
        lead.status, lead.done_at = AssignmentStatus.ACCEPTED, None
        lead.save(update_fields=["status", "done_at"])
        ticket.status = Status.HANDLING
    else:
        ticket.status = Status.ACCEPTED
    ticket.closed_at = None
    ticket.score, ticket.score_comment = None, ""
    ledger.track(
        ticket,
        department=ticket.lead_department or centre(ticket),
        started_at=now,
        stage=f"reopened-{ticket.reopen_count}",
        handler=lead.handler if lead else None,
    )
    _save(ticket, "reopen_count", "status", "closed_at", "score", "score_comment", "due_at")
    _event(ticket, "reopened", actor, now, note=reason, department=ticket.lead_department)
    _audit("reopened", ticket, actor, times=ticket.reopen_count)
    _notify_citizen(ticket, "hotline.reopened")
    return ticket


# --- phone calls ---------------------------------------------------------------------------


@_change
def take_call(
    *,
    operator,
    kind,
    title,
    description,
    caller_phone,
    caller_name="",
    address="",
    urgent=False,
    anonymous=False,
    category="",
    department="",
    dispatch=False,
    article_code="",
    idempotency_key="",
) -> Ticket:
    """A phone call becomes a ticket: answered from ``article_code``, or taken in ``category``
    (and dispatched to ``department`` when ``dispatch``). Sent twice with the same
    ``idempotency_key``, the second call returns the first ticket and changes nothing."""
    if not authority.is_centre(operator):
        raise PermissionDenied(_("Only the 12345 hotline's operators take calls."))
    if dispatch and not article_code and not authority.is_dispatcher(operator):
        raise PermissionDenied(_("Only a 12345 dispatcher dispatches tickets."))
    found = console.caller(operator, caller_phone)
    ticket = report(
        channel=Channel.PHONE,
        kind=kind,
        title=title,
        description=description,
        caller=found.account if found else None,
        caller_name=caller_name,
        caller_phone=found.phone if found else "",
        address=address,
        category=category or None,
        urgent=urgent,
        anonymous=anonymous,
        operator=operator,
        idempotency_key=idempotency_key,
    )
    if ticket.status != Status.RECEIVED:  # the same call sent twice: already done
        return ticket
    if article_code:
        return answer_on_the_spot(number=ticket.number, actor=operator, article_code=article_code)
    if not category:
        raise ValidationError({"category": _("Confirm the proposed category or choose another.")})
    if dispatch and not department:
        raise ValidationError(
            {"department": _("Confirm the proposed department or choose another.")}
        )
    ticket = take(
        number=ticket.number,
        actor=operator,
        category=category,
        kind=kind,
        urgent=urgent,
        department=department or None,
    )
    if dispatch:
        ticket = _dispatch(number=ticket.number, actor=operator, department=department)
    return ticket


# --- places and duplicates -------------------------------------------------------------------


@_change
def note_incident(ticket: Ticket, *, actor, incident: str, department: Department) -> None:
    """The ticket was escalated to an emergency duty desk as incident ``incident``: a timeline
    step and an audit entry. Called by the emergency app inside its own transaction."""
    now = _now()
    _event(ticket, "incident", actor, now, note=incident, department=department, public=False)
    _audit("escalated_to_incident", ticket, actor, incident=incident, department=department.code)


def locate_ticket(ticket: Ticket, *, save: bool = True) -> duplicates.Location:
    """Fill the ticket's standard address, coordinates and (when found) division from its
    address or coordinates (saved and audited when ``save``). ``report`` geocodes a new ticket
    itself."""
    location = duplicates.geocode(ticket.address, ticket.latitude, ticket.longitude)
    fields = []
    if location.place_code and ticket.place_code != location.place_code:
        ticket.place_code = location.place_code
        fields.append("place_code")
    if location.latitude is not None and ticket.latitude is None:
        ticket.latitude, ticket.longitude = location.latitude, location.longitude
        fields += ["latitude", "longitude"]
    if location.division_code and ticket.division_code != location.division_code:
        ticket.division_code = location.division_code
        fields.append("division_code")
    if save and fields and ticket.pk:
        ticket.save(update_fields=fields)
        _audit("ticket_located", ticket, None, fields=fields)
    return location


@_change
def merge(*, number: str, into: str, actor) -> Ticket:
    """Merge ticket ``number`` into ticket ``into``: it is handled with it (``Status.MERGED``,
    ``merged_into``), its clock leaves the ledger, and its citizen will get the main ticket's
    reply. Tickets merged into ``number`` before move to ``into``. Returns the merged ticket."""
    if not duplicates.can_merge(actor):
        raise PermissionDenied(_("Only the hotline's operators and dispatchers merge tickets."))
    if number == into:
        raise ValidationError({"into": _("A ticket cannot be merged into itself.")})
    locked = {
        t.number: t
        for t in Ticket.objects.select_for_update().filter(number__in=[number, into]).order_by("pk")
    }
    ticket, main = locked.get(number), locked.get(into)
    if ticket is None:
        raise ValidationError({"number": _("There is no ticket with this number.")})
    if main is None:
        raise ValidationError({"into": _("There is no ticket with this number.")})
    if ticket.status not in OPEN_STATUSES:
        raise ValidationError({"number": _("Only an open ticket can be merged.")})
    if main.status not in OPEN_STATUSES or main.merged_into_id:
        raise ValidationError({"into": _("The main ticket must be open and not merged itself.")})
    now = timezone.now()
    before = ticket.status
    ticket.status = Status.MERGED
    ticket.merged_into = main
    ticket.version += 1
    ticket.save(update_fields=["status", "merged_into", "version"])
    moved = list(Ticket.objects.filter(merged_into=ticket).values_list("number", flat=True))
    Ticket.objects.filter(merged_into=ticket).update(merged_into=main)
    TicketEvent.objects.create(
        ticket=ticket, at=now, actor=actor, action="merged_into", note=main.number
    )
    TicketEvent.objects.create(
        ticket=main, at=now, actor=actor, action="merged", note=ticket.number, public=False
    )
    ledger.close(ticket, now)
    audit.record(
        "hotline.ticket_merged",
        object_type="ticket",
        object_id=ticket.number,
        actor=actor,
        data={"into": main.number, "status_before": before, "moved": moved},
    )
    if main.reply and main.status in (Status.CALLBACK, Status.CLOSED):
        propagate_reply(main)
    return ticket


@_change
def propagate_reply(ticket: Ticket, *, actor=None) -> int:
    """Give every ticket merged into ``ticket`` its reply (and its closing), and notify each
    merged citizen who has an account. Call it in the transaction where the main ticket's reply
    goes to the citizen (``check_reply`` approving it) and where it closes. Idempotent: a
    ticket that already has this reply is not told twice. Returns how many were told."""
    if not ticket.reply:
        return 0
    now = timezone.now()
    told = 0
    for merged in duplicates.merged_tickets(ticket).select_for_update(of=("self",)):
        fields = []
        if merged.reply != ticket.reply:
            merged.reply, merged.reply_en = ticket.reply, ticket.reply_en
            merged.replied_at = ticket.replied_at or now
            fields += ["reply", "reply_en", "replied_at"]
            TicketEvent.objects.create(
                ticket=merged, at=now, actor=actor, action="reply_shared", note=ticket.number
            )
            if merged.caller_id:
                notifications.notify(
                    merged.caller,
                    kind=duplicates.REPLY_KIND,
                    params={
                        "number": merged.number,
                        "main": ticket.number,
                        "reply": ticket.reply,
                    },
                    case_number=merged.number,
                )
            told += 1
        if ticket.status == Status.CLOSED and merged.closed_at is None:
            merged.closed_at = ticket.closed_at or now
            fields.append("closed_at")
        if fields:
            merged.version += 1
            merged.save(update_fields=[*fields, "version"])
    if told:
        audit.record(
            "hotline.reply_shared",
            object_type="ticket",
            object_id=ticket.number,
            actor=actor,
            data={"told": told},
        )
    return told


# --- knowledge base --------------------------------------------------------------------------


@_change
def build_knowledge(*, actor=None) -> dict[str, int]:
    """Create or update one guide article per published service item, and unpublish the guide
    articles whose item is gone or unpublished. Idempotent; audited as one entry."""
    items = (
        ServiceItem.objects.filter(published=True)
        .select_related("lead_department")
        .prefetch_related("materials")
        .order_by("code")
    )
    existing = {
        article.code: article
        for article in KnowledgeArticle.objects.filter(source=ArticleSource.GUIDE)
    }
    created = updated = 0
    seen = set()
    for item in items:
        code = f"{knowledge.GUIDE_PREFIX}{item.code}"[:40]
        seen.add(code)
        title, body = knowledge.guide_text(item, english=False)
        title_en, body_en = knowledge.guide_text(item, english=True)
        values = {
            "title": title[:200],
            "title_en": title_en[:200],
            "body": body,
            "body_en": body_en,
            "keywords": " ".join(item.keywords)[:200],
            "source": ArticleSource.GUIDE,
            "item_code": item.code,
            "department": item.lead_department,
            "published": True,
        }
        article = existing.get(code)
        if article is None:
            KnowledgeArticle.objects.create(code=code, **values)
            created += 1
        elif any(getattr(article, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(article, key, value)
            article.save()
            updated += 1
    retired = KnowledgeArticle.objects.filter(source=ArticleSource.GUIDE, published=True).exclude(
        code__in=seen
    )
    withdrawn = retired.update(published=False)
    counts = {"created": created, "updated": updated, "withdrawn": withdrawn}
    audit.record(
        "hotline.knowledge_built",
        object_type="hotline.knowledgearticle",
        object_id="catalogue",
        actor=actor,
        data=counts,
    )
    knowledge.invalidate()
    return counts


@_change
def publish_answer(
    ticket: Ticket | str,
    actor,
    *,
    title: str = "",
    body: str = "",
    title_en: str = "",
    body_en: str = "",
    keywords: str = "",
) -> KnowledgeArticle:
    """Turn a ticket's good reply into a knowledge article (a dispatcher or operator does it).

    ``title`` defaults to the ticket's title and ``body`` to its reply; the caller's identity is
    never copied. Publishing the same ticket again updates its article."""
    if not knowledge.can_publish(actor):
        raise PermissionDenied(_("Only the hotline's operators and dispatchers publish answers."))
    number = ticket if isinstance(ticket, str) else ticket.number
    ticket = Ticket.objects.select_for_update().filter(number=number).first()
    if ticket is None:
        raise ValidationError({"ticket": _("There is no ticket with this number.")})
    if ticket.status not in knowledge.PUBLISHABLE:
        raise ValidationError({"ticket": _("Only a replied or answered ticket can be published.")})
    title = (title or ticket.title).strip()
    body = (body or ticket.reply).strip()
    if not title:
        raise ValidationError({"title": _("Enter a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("The title is at most 200 characters.")})
    if not body:
        raise ValidationError({"body": _("Enter the answer.")})
    article, created = KnowledgeArticle.objects.update_or_create(
        code=f"{knowledge.ANSWER_PREFIX}{ticket.number}"[:40],
        defaults={
            "title": title,
            "title_en": (title_en or "").strip()[:200],
            "body": body,
            "body_en": (body_en or ticket.reply_en or "").strip(),
            "keywords": (keywords or (ticket.category.name if ticket.category else ""))[:200],
            "source": ArticleSource.ANSWER,
            "category": ticket.category,
            "department": ticket.lead_department,
            "published": True,
        },
    )
    now = timezone.now()
    TicketEvent.objects.create(
        ticket=ticket,
        at=now,
        actor=actor,
        action="published_answer",
        note=article.code,
        public=False,
    )
    audit.record(
        "hotline.answer_published",
        object_type="hotline.knowledgearticle",
        object_id=article.code,
        actor=actor,
        data={"ticket": ticket.number, "created": created},
    )
    knowledge.invalidate()
    return article


# --- privacy ---------------------------------------------------------------------------------


def identity_visible_to_departments(ticket: Ticket) -> bool:
    """A department sees who called only when the category needs it and the caller did not ask
    to stay anonymous; a report (举报) never shows the reporter to a department."""
    return bool(
        ticket.category is not None
        and ticket.category.needs_identity
        and not ticket.anonymous
        and ticket.kind != Kind.REPORT
    )


@_change
def reveal_caller(*, number, actor, purpose) -> dict:
    """The caller's name and phone, for a stated purpose; every reveal is in the audit log."""
    ticket = _load(number)
    worn = _require(actor, "reveal_caller", ticket)
    purpose = _text(purpose, "purpose", limit=200)
    if not worn & (authority.CENTRE | {authority.SUPERVISOR}) and not (
        identity_visible_to_departments(ticket)
    ):
        raise PermissionDenied(_("The caller's identity is confidential for this ticket."))
    now = timezone.now()
    _event(ticket, "caller_revealed", actor, now, note=purpose, public=False)
    _audit("caller_revealed", ticket, actor, purpose=purpose)
    return {"name": ticket.caller_name, "phone": ticket.caller_phone}
