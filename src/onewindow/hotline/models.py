"""12345 citizen hotline (国办发〔2020〕53号): categories with their time limits, tickets (工单),
their dispatch to departments, extensions, the timeline, and the knowledge base."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.core.fields import EncryptedCharField


class Kind(models.TextChoices):
    """What the caller wants (诉求类型)."""

    CONSULTATION = "consultation", _("Question")  # 咨询
    HELP = "help", _("Request for help")  # 求助
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    REPORT = "report", _("Report of wrongdoing")  # 举报
    SUGGESTION = "suggestion", _("Suggestion")  # 建议
    PRAISE = "praise", _("Praise")  # 表扬


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    PHONE = "phone", _("Phone call")
    OPEN311 = "open311", _("Open311 API")
    APP = "app", _("Mobile app")


class LimitUnit(models.TextChoices):
    """The unit a category's limit is counted in (set locally, 国办发〔2020〕53号)."""

    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")


class Category(models.Model):
    """A subject of requests (路灯不亮, 噪音扰民 …) with its usual department and time limit."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    group = models.CharField(_("group"), max_length=32)  # 城市管理, 市场监管 … (a parent label)
    group_en = models.CharField(_("group (English)"), max_length=64, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("usual department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    limit_unit = models.CharField(
        _("limit unit"), max_length=16, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAYS
    )
    limit = models.PositiveIntegerField(_("time limit"))
    urgent_hours = models.PositiveIntegerField(_("urgent limit (hours)"), default=24)
    # whether the handling department needs the caller's identity (a refund needs it, a broken
    # street light does not); a report (举报) never shows it to the reported party.
    needs_identity = models.BooleanField(_("department sees the caller"), default=False)
    needs_location = models.BooleanField(_("asks for a location"), default=False)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("hotline category")
        verbose_name_plural = _("hotline categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("ticket status", "Received")  # in, not yet taken
    NOT_ACCEPTED = "not_accepted", _("Not accepted")  # 不予受理 (or redirected to 110/119/120)
    ANSWERED = "answered", _("Answered on the spot")  # a question answered from the knowledge base
    ACCEPTED = (
        "accepted",
        pgettext_lazy("hotline ticket", "Accepted"),
    )  # 受理, waiting to be dispatched
    DISPATCHED = "dispatched", _("Dispatched")  # 派单, the department has not accepted yet
    HANDLING = "handling", _("Being handled")  # the lead department accepted
    REPLIED = "replied", _("Replied")  # the department replied; the hotline checks it
    CALLBACK = "callback", _("Awaiting callback")  # reply checked, sent to the citizen
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged")  # handled with another ticket


class NotAccepted(TextChoices):
    """Why the hotline does not take a ticket (不予受理); an emergency is passed to 110/119/120."""

    POLICE = "police", _("Emergency: call the police on 110")
    FIRE = "fire", _("Emergency: call the fire service on 119")
    AMBULANCE = "ambulance", _("Emergency: call an ambulance on 120")
    LITIGATION = "litigation", _("In litigation, arbitration or administrative review")
    PETITION = "petition", _("Handled as a petition (信访)")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the government's remit")
    DUPLICATE = "duplicate", _("Repeats a ticket already being handled")
    NO_CONTENT = "no_content", _("No request could be made out")


EMERGENCY_NUMBERS = {
    NotAccepted.POLICE: "110",
    NotAccepted.FIRE: "119",
    NotAccepted.AMBULANCE: "120",
}


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.DISPATCHED,
    Status.HANDLING,
    Status.REPLIED,
    Status.CALLBACK,
)


# a department's inbox by default: still to handle (``hotline.inbox.department_inbox``)
INBOX_STATUSES = (Status.DISPATCHED, Status.HANDLING)
QUEUE_STATUSES = (  # the dispatcher's queue (``selectors.dispatcher_queue``)
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.DISPATCHED,
    Status.REPLIED,
    Status.CALLBACK,
)


class Ticket(models.Model):
    number = models.CharField(_("ticket number"), max_length=24, unique=True)
    division_code = models.CharField(_("division code"), max_length=9)  # where it happened
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    place_code = models.CharField(_("standard address"), max_length=32, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # who called: an account, or a name and a phone number (verified by SMS code on the web)
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_tickets",
    )
    caller_name = models.CharField(_("caller's name"), max_length=64, blank=True)
    caller_phone = EncryptedCharField(_("caller's phone"), blank=True, default="")
    caller_phone_index = models.CharField(max_length=64, blank=True, default="", editable=False)
    anonymous = models.BooleanField(_("keep my name from the department"), default=False)
    public_allowed = models.BooleanField(_("reply may be published"), default=False)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # the classifier's proposal when the ticket came in, and whether the operator corrected it
    proposed_category = models.CharField(max_length=32, blank=True)
    proposed_department = models.CharField(max_length=32, blank=True)
    proposal_corrected = models.BooleanField(null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)  # a copy of the ledger's
    not_accepted_code = models.CharField(
        _("why not accepted"), max_length=16, choices=NotAccepted.choices, blank=True
    )
    not_accepted_reason = models.TextField(_("reason not accepted"), blank=True)
    reply = models.TextField(_("reply"), blank=True)
    reply_en = models.TextField(_("reply (English)"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)  # 1–5
    score_comment = models.TextField(_("comment on the reply"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    returns = models.PositiveSmallIntegerField(_("times returned"), default=0)
    escalated = models.BooleanField(_("escalated"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    # Open311: the token answered before a service_request_id exists, and the client's key id
    open311_token = models.CharField(max_length=40, blank=True, db_index=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("hotline ticket")
        verbose_name_plural = _("hotline tickets")
        indexes = [
            models.Index(fields=["status", "received_at"], name="hotline_ticket_status"),
            models.Index(
                fields=["lead_department", "status", "due_at"], name="hotline_ticket_inbox"
            ),
            models.Index(fields=["caller_phone_index", "received_at"], name="hotline_caller"),
            models.Index(fields=["division_code", "status"], name="hotline_ticket_division"),
            models.Index(fields=["category", "status"], name="hotline_ticket_category"),
            # issue 21 (docs/performance.md): the dispatcher's queue in its order, 50 rows read
            models.Index(
                fields=["-escalated", "-urgent", "due_at", "received_at", "id"],
                condition=Q(status__in=QUEUE_STATUSES)
                | Q(escalated=True, status__in=OPEN_STATUSES),
                name="hotline_ticket_queue",
            ),
            # the hot-spot map's aggregate of open tickets, from the index alone
            models.Index(
                fields=["division_code", "category"],
                include=["id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="hotline_ticket_map",
            ),
            # the public page: published replies, scored and received tickets of a week
            models.Index(
                fields=["-closed_at", "-id"],
                condition=Q(public_allowed=True, status="closed")
                & ~Q(reply="")
                & ~Q(kind="report"),
                name="hotline_ticket_published",
            ),
            models.Index(
                fields=["closed_at"], condition=Q(score__isnull=False), name="hotline_ticket_scored"
            ),
            models.Index(fields=["received_at"], name="hotline_ticket_received"),
            # a department's inbox, the lead part, in its order (hotline/inbox.py)
            models.Index(
                fields=["lead_department", "due_at", "received_at", "id"],
                condition=Q(status__in=INBOX_STATUSES),
                name="hotline_ticket_inbox_open",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="hotline_ticket_idempotency",
            )
        ]

    def __str__(self) -> str:
        return self.number


class TicketSequence(models.Model):
    """The last ticket number handed out per day."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class Role(models.TextChoices):
    LEAD = "lead", pgettext_lazy("hotline", "Lead department")  # 主办
    CO = "co", _("Co-handler")  # 协办


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the department")
    ACCEPTED = "accepted", pgettext_lazy("hotline dispatch", "Accepted")
    RETURNED = "returned", _("Returned")  # 退单
    DONE = "done", pgettext_lazy("hotline dispatch", "Done")
    WITHDRAWN = "withdrawn", _("Withdrawn")  # re-dispatched elsewhere


class Assignment(models.Model):
    """One department's share of a ticket (派单): the lead, or a co-handler."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("dispatch note"), blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    opinion = models.TextField(_("opinion"), blank=True)  # a co-handler's contribution
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dispatched_at = models.DateTimeField(_("dispatched at"))
    answered_at = models.DateTimeField(_("accepted or returned at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        indexes = [
            models.Index(fields=["department", "status"], name="hotline_assignment_inbox"),
            # a department's inbox, the co-handled part (hotline/inbox.py)
            models.Index(
                fields=["department", "status", "ticket"],
                condition=Q(role="co"),
                name="hotline_assignment_co",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.department_id} ({self.role})"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class TicketExtension(models.Model):
    """More time for a ticket, asked by the department and approved by the hotline."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="extensions")
    amount = models.PositiveIntegerField(_("extra time"))  # in the category's unit
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default="pending"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("ticket extension")
        verbose_name_plural = _("ticket extensions")

    def __str__(self) -> str:
        return f"{self.ticket_id} +{self.amount}"


class TicketEvent(models.Model):
    """One step on a ticket's timeline (the audit chain has the same step, hashed)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=32)  # "taken", "dispatched", "returned"…
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(_("shown to the citizen"), default=True)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action}"


class ArticleSource(models.TextChoices):
    GUIDE = "guide", _("Service guide")  # built from the catalogue
    ANSWER = "answer", _("Hotline answer")  # written from a good reply


class KnowledgeArticle(models.Model):
    """An answer operators give on the spot (知识库)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body = models.TextField(_("answer"))
    body_en = models.TextField(_("answer (English)"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=ArticleSource.choices)
    item_code = models.CharField(_("service item"), max_length=40, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published = models.BooleanField(_("published"), default=True)
    uses = models.PositiveIntegerField(_("times used"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")

    def __str__(self) -> str:
        return self.title


class Open311Client(models.Model):
    """An application allowed to post Open311 requests; its API key is kept only as a hash."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    key_prefix = models.CharField(_("key begins with"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)  # SM3 of the key
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Open311Request(models.Model):
    """What an Open311 client sent with a ticket beyond the ticket's own fields."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="open311")
    client = models.ForeignKey(
        Open311Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="requests"
    )
    account_id = models.CharField(_("account id"), max_length=64, blank=True)
    device_id = models.CharField(_("device id"), max_length=64, blank=True)
    email = EncryptedCharField(_("email"), blank=True, default="")
    address_id = models.CharField(_("address id"), max_length=64, blank=True)
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")

    def __str__(self) -> str:
        return str(self.ticket_id)
