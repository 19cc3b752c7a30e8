"""政府信息公开: an agency's disclosure guide, proactively disclosed documents (主动公开) and
requests on application (依申请公开).

The codes the law fixes (Art. 20 categories, Art. 36 reply types, the annual report's cells)
live in ``vocab``; the services in ``services`` are the only writers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.fields import EncryptedCharField
from onewindow.disclosure.vocab import (
    Category,
    Channel,
    DocumentForm,
    Outcome,
    ReplyType,
    RequesterKind,
)


class Guide(models.Model):
    """An agency's disclosure guide (公开指南, Art. 22): who answers requests, where and how."""

    agency = models.OneToOneField(
        Department, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.CharField(_("disclosure office"), max_length=128)
    office_en = models.CharField(_("disclosure office (English)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("office hours"), max_length=200, blank=True)
    hours_en = models.CharField(_("office hours (English)"), max_length=300, blank=True)
    text = models.TextField(_("guide"), blank=True)
    text_en = models.TextField(_("guide (English)"), blank=True)
    updated_on = models.DateField(_("updated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure guide")
        verbose_name_plural = _("disclosure guides")

    def __str__(self) -> str:
        return self.office


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Confidentiality review")  # 保密审查
    APPROVAL = "approval", _("Awaiting approval")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned to the drafter")


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    REPEALED = "repealed", _("Repealed")  # 已废止
    EXPIRED = "expired", _("Expired")  # 已失效
    AMENDED = "amended", _("Amended")  # 已修改


class Document(models.Model):
    """A piece of government information disclosed proactively (主动公开, Art. 19–26).

    A published document is never deleted: a repealed rule stays, marked so with its date and
    replacement. ``source``/``source_key`` name the module that fed it (a decided case, a
    catalogue item), so that one source publishes once.
    """

    agency = models.ForeignKey(
        Department, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    index_number = models.CharField(
        _("index number"), max_length=40, unique=True, null=True, blank=True
    )  # 索引号, given at publication
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    form = models.CharField(
        _("form"), max_length=16, choices=DocumentForm.choices, default=DocumentForm.OTHER
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    number = models.CharField(_("document number"), max_length=64, blank=True)  # 文号
    body = models.TextField(_("text"))
    body_en = models.TextField(_("text (English)"), blank=True)
    formed_on = models.DateField(_("formed or changed on"))  # Art. 26's clock starts here
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    validity = models.CharField(
        _("validity"), max_length=16, choices=Validity.choices, default=Validity.IN_FORCE
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    ended_on = models.DateField(_("repealed or expired on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )
    source = models.CharField(_("source module"), max_length=32, blank=True)
    source_key = models.CharField(_("source key"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The spans the confidentiality review masked (kind, field, start, end): never the values.
    masks = models.JSONField(_("masked personal data"), default=list, blank=True)

    class Meta:
        verbose_name = _("disclosed document")
        verbose_name_plural = _("disclosed documents")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"],
                condition=~Q(source=""),
                name="disclosure_document_one_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "category"], name="disclosure_doc_agency"),
            models.Index(fields=["status", "published_at"], name="disclosure_doc_published"),
        ]

    def __str__(self) -> str:
        return self.index_number or self.title


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting confirmation")  # Art. 31 (三)
    RECEIVED = "received", _("Received")
    SUPPLEMENT = "supplement", _("Awaiting the applicant's supplement")  # Art. 30
    THIRD_PARTY = "third_party", _("Consulting a third party")  # Art. 32
    REVIEW = "review", _("Reply in confidentiality review")  # 保密审查
    REPLIED = "replied", _("Replied")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Treated as withdrawn")  # no supplement in time, Art. 30


class Request(models.Model):
    """A request for government information on application (依申请公开, Art. 27–45)."""

    number = models.CharField(_("request number"), max_length=40, unique=True)
    agency = models.ForeignKey(
        Department, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )  # empty when staff entered a letter or a walk-in request
    requester_kind = models.CharField(
        _("kind of requester"), max_length=16, choices=RequesterKind.choices
    )
    requester_name = models.CharField(_("name"), max_length=128)
    id_number = EncryptedCharField(_("ID number or USCC"), max_length=32, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    description = models.TextField(_("information requested"))  # Art. 29 (二)
    wanted_form = models.CharField(_("form wanted"), max_length=64, blank=True)  # Art. 29 (三)
    submitted_at = models.DateTimeField(_("submitted at"))
    received_on = models.DateField(_("received on"), null=True, blank=True)  # Art. 31
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    due_on = models.DateField(_("reply due on"), null=True, blank=True)  # from the ledger
    extended_days = models.PositiveIntegerField(_("extension (working days)"), default=0)
    reply_type = models.CharField(
        _("reply type"), max_length=16, choices=ReplyType.choices, blank=True
    )
    outcome = models.CharField(
        _("outcome in the annual report"), max_length=24, choices=Outcome.choices, blank=True
    )
    reply = models.TextField(_("reply"), blank=True)
    right_agency = models.ForeignKey(
        Department,
        verbose_name=_("agency that holds the information"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )  # Art. 36 (五)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("disclosure request")
        verbose_name_plural = _("disclosure requests")
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="disclosure_req_inbox"),
            models.Index(fields=["applicant", "submitted_at"], name="disclosure_req_mine"),
        ]

    def __str__(self) -> str:
        return self.number


# --- requests on application: what happens to a request (依申请公开, Art. 27–45) -----------------


class RequestDetail(models.Model):
    """The working state of a request the skeleton's ``Request`` does not carry: its clock, the
    reply being drafted and its confidentiality review (保密审查). One per request."""

    request = models.OneToOneField(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="detail"
    )
    clock_paused = models.BooleanField(_("clock paused"), default=False)
    paused_days = models.PositiveIntegerField(_("working days not counted"), default=0)
    # the reply being drafted (Art. 36, 37)
    draft_outcome = models.CharField(
        _("outcome proposed"), max_length=24, choices=Outcome.choices, blank=True
    )
    where_public = models.CharField(_("where it is public"), max_length=300, blank=True)
    withheld = models.TextField(_("what is withheld"), blank=True)  # Art. 37
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)  # Art. 36 (三)
    repeated_of = models.ForeignKey(
        Request,
        verbose_name=_("earlier identical request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )  # Art. 36 (六)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_passed_on = models.DateField(_("review passed on"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("request detail")
        verbose_name_plural = _("request details")

    def __str__(self) -> str:
        return self.request.number


EVENT_LABELS = {
    "applied": _("Applied online"),
    "received": _("Receipt confirmed"),
    "entered": _("Entered by the office"),
    "supplement_sent": _("Supplement notice sent"),
    "supplemented": _("Supplement received; the clock restarts"),
    "lapsed": _("No supplement in time: treated as withdrawn"),
    "third_party_consulted": _("Third party consulted; the clock pauses"),
    "third_party_answered": _("Third party answered; the clock resumes"),
    "extension_requested": _("Extension asked for"),
    "extension_approved": _("Extension approved"),
    "extension_refused": _("Extension refused"),
    "fee_notice_sent": _("Fee notice sent; the clock pauses"),
    "fee_paid": _("Fee paid; the clock resumes"),
    "fee_lapsed": _("Fee not paid in time"),
    "reply_drafted": _("Reply drafted"),
    "review_passed": _("Confidentiality review passed"),
    "review_returned": _("Returned by the confidentiality review"),
    "replied": _("Reply sent"),
    "withdrawn": _("Withdrawn by the applicant"),
}


class RequestEvent(models.Model):
    """One step of a request's timeline, as the applicant and the agency see it."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=32)
    on = models.DateField(_("on"))
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.request.number} {self.action}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))


class Supplement(models.Model):
    """The one supplement notice of Art. 30 and the applicant's answer."""

    request = models.OneToOneField(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="supplement"
    )
    items = models.JSONField(_("what to clarify"), default=list)
    sent_on = models.DateField(_("sent on"))
    answer_due = models.DateField(_("answer due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("supplement notice")
        verbose_name_plural = _("supplement notices")

    def __str__(self) -> str:
        return self.request.number


class Consultation(models.Model):
    """A third party consulted under Art. 32 (15 working days to answer; not counted)."""

    class Answer(models.TextChoices):
        AGREES = "agrees", _("Agrees to disclosure")
        OBJECTS = "objects", _("Objects to disclosure")
        NONE = "none", _("No answer in time")

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="consultations"
    )
    third_party = models.CharField(_("third party"), max_length=200)
    contact = models.CharField(_("address or contact"), max_length=200, blank=True)
    question = models.TextField(_("what is asked"))
    sent_on = models.DateField(_("sent on"))
    answer_due = models.DateField(_("answer due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    note = models.TextField(_("what the third party said"), blank=True)
    paused_days = models.PositiveIntegerField(_("working days not counted"), default=0)

    class Meta:
        verbose_name = _("third-party consultation")
        verbose_name_plural = _("third-party consultations")

    def __str__(self) -> str:
        return self.third_party


class Extension(models.Model):
    """The one extension of Art. 33 (up to 20 working days), approved by the office's head."""

    request = models.OneToOneField(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="extension"
    )
    days = models.PositiveIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("requested on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    approved = models.BooleanField(_("approved"), null=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return self.request.number


class FeeNotice(models.Model):
    """An information-processing fee (国办函〔2020〕109号) for a plainly excessive request."""

    request = models.OneToOneField(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="fee"
    )
    basis = models.CharField(_("counted by"), max_length=8)  # "items" or "pages"
    quantity = models.PositiveIntegerField(_("items or pages"))
    amount = models.PositiveIntegerField(_("amount (yuan)"))
    sent_on = models.DateField(_("sent on"))
    pay_by = models.DateField(_("pay by"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")

    def __str__(self) -> str:
        return self.request.number


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")  # 登记回执
    SUPPLEMENT = "supplement", _("Supplement notice")  # 补正告知书
    CONSULTATION = "consultation", _("Third-party consultation")  # 第三方意见征询函
    EXTENSION = "extension", _("Extension notice")  # 延期答复告知书
    FEE = "fee", _("Fee notice")  # 收费通知书
    REPLY = "reply", _("Reply")  # 答复书


class Letter(models.Model):
    """A notice sent about a request: its frozen content, signed with the agency's SM2 e-seal.

    The PDF is rendered from the content on download (the same bytes every time)."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind.choices)
    number = models.CharField(_("letter number"), max_length=64, unique=True)
    content = models.JSONField(_("content"))
    issued_at = models.DateTimeField(_("issued at"))
    seal_key_id = models.CharField(_("seal key id"), max_length=64)
    digest = models.CharField(_("SM3 digest"), max_length=64)
    signature = models.TextField(_("SM2 signature"))
    to_applicant = models.BooleanField(_("sent to the applicant"), default=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return self.number


class DisclosedFile(models.Model):
    """A file released with a reply (disclosed or partly disclosed, Art. 40): the applicant
    downloads it from their account once the reply is sent."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(_("file name"), max_length=100)
    file = models.FileField(_("file"), upload_to="disclosure/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=64)
    digest = models.CharField(_("SM3 digest"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("disclosed file")
        verbose_name_plural = _("disclosed files")

    def __str__(self) -> str:
        return self.name


class DocumentAction(models.TextChoices):
    """The steps of the publishing workflow, one history row each."""

    DRAFTED = "drafted", _("Drafted")
    EDITED = "edited", _("Draft edited")
    SUBMITTED = "submitted", _("Sent to confidentiality review")
    REVIEW_PASSED = "review_passed", _("Passed the confidentiality review")
    REVIEW_RETURNED = "review_returned", _("Returned by the confidentiality review")
    RETURNED = "returned", _("Returned by the head of the office")
    PUBLISHED = "published", _("Approved and published")
    HARVESTED = "harvested", _("Published from another module")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("Expired")
    AMENDED = "amended", _("Amended and replaced")


class DocumentEvent(models.Model):
    """One step of a document's publishing history, shown on its workbench page."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("step"), max_length=24, choices=DocumentAction.choices)
    note = models.TextField(_("note"), blank=True)
    masked = models.PositiveIntegerField(_("personal data masked"), default=0)

    class Meta:
        verbose_name = _("document history step")
        verbose_name_plural = _("document history steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.action}"


class IndexSequence(models.Model):
    """The last index number (索引号) handed out per agency and year."""

    agency = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="disclosure_index_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


from onewindow.disclosure.report_models import AnnualReport, Remedy  # noqa: E402, F401
