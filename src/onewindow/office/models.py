"""公文 (official documents) under the 党政机关公文处理工作条例 (2012) and GB/T 9704-2012.

An outgoing document (发文) is drafted by a department's drafter and runs the BPMN flow in
``office/data/outgoing.bpmn``: 核稿 (review by the office), 会签 (countersign by other
departments in parallel), 签发 (sign-off by the authorised leader), then the document clerk
numbers and seals it (文号 from a locked counter, the department's SM2 seal) and sends it to
other agencies, whose clerks sign for it (签收). Every edit of the text is a version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department


class DocumentKind(models.TextChoices):
    """The 15 kinds of 公文 (条例 Art. 8)."""

    RESOLUTION = "resolution", pgettext_lazy("document kind", "Resolution (决议)")
    DECISION = "decision", pgettext_lazy("document kind", "Decision (决定)")
    ORDER = "order", pgettext_lazy("document kind", "Order (命令)")
    COMMUNIQUE = "communique", pgettext_lazy("document kind", "Communiqué (公报)")
    ANNOUNCEMENT = "announcement", pgettext_lazy("document kind", "Announcement (公告)")
    PUBLIC_NOTICE = "public_notice", pgettext_lazy("document kind", "Public notice (通告)")
    OPINION = "opinion", pgettext_lazy("document kind", "Opinion (意见)")
    NOTICE = "notice", pgettext_lazy("document kind", "Notice (通知)")
    CIRCULAR = "circular", pgettext_lazy("document kind", "Circular (通报)")
    REPORT = "report", pgettext_lazy("document kind", "Report (报告)")
    REQUEST = "request", pgettext_lazy("document kind", "Request for instructions (请示)")
    REPLY = "reply", pgettext_lazy("document kind", "Reply (批复)")
    MOTION = "motion", pgettext_lazy("document kind", "Motion (议案)")
    LETTER = "letter", pgettext_lazy("document kind", "Letter (函)")
    MINUTES = "minutes", pgettext_lazy("document kind", "Minutes (纪要)")


# 条例 Art. 9 (八): 上行文应当注明签发人 — reports, requests and motions go to a higher body.
UPWARD_KINDS = frozenset({DocumentKind.REPORT, DocumentKind.REQUEST, DocumentKind.MOTION})

# The kind's name as it ends a title (《关于……的通知》), 条例 Art. 9 (九).
KIND_WORD = {
    DocumentKind.RESOLUTION: "决议",
    DocumentKind.DECISION: "决定",
    DocumentKind.ORDER: "命令",
    DocumentKind.COMMUNIQUE: "公报",
    DocumentKind.ANNOUNCEMENT: "公告",
    DocumentKind.PUBLIC_NOTICE: "通告",
    DocumentKind.OPINION: "意见",
    DocumentKind.NOTICE: "通知",
    DocumentKind.CIRCULAR: "通报",
    DocumentKind.REPORT: "报告",
    DocumentKind.REQUEST: "请示",
    DocumentKind.REPLY: "批复",
    DocumentKind.MOTION: "议案",
    DocumentKind.LETTER: "函",
    DocumentKind.MINUTES: "纪要",
}


class Classification(models.TextChoices):
    """密级 (条例 Art. 9 (二)). Only unclassified documents are handled on this platform: it
    faces the internet, and 国家秘密 belongs on a classified network (保守国家秘密法 Art. 30),
    so 秘密, 机密 and 绝密 are refused, never stored."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (内部)")


CLASSIFIED_MARKS = ("秘密", "机密", "绝密")


class Urgency(models.TextChoices):
    """紧急程度 (条例 Art. 9 (三)): 特急 or 加急, or none."""

    NORMAL = "", _("Normal")
    URGENT = "urgent", _("Urgent (加急)")
    EXTRA_URGENT = "extra_urgent", _("Extra urgent (特急)")


URGENCY_MARK = {Urgency.URGENT: "加急", Urgency.EXTRA_URGENT: "特急"}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Being drafted")
    REVIEW = "review", _("Under review (核稿)")
    COUNTERSIGN = "countersign", _("Being countersigned (会签)")
    SIGN_OFF = "sign_off", _("Awaiting sign-off (签发)")
    ISSUE = "issue", _("Signed off: to be numbered and sealed")
    SEND = "send", _("Issued: to be sent")
    SENT = "sent", _("Sent")


class DocumentAgency(models.Model):
    """How a department signs its 公文: the agency mark printed in red (发文机关标志, e.g.
    广州市市场监督管理局文件) and the agency code of its numbers (发文机关代字, e.g. 穗市监)."""

    department = models.OneToOneField(
        Department, on_delete=models.PROTECT, related_name="document_agency"
    )
    mark = models.CharField(_("agency mark"), max_length=64)
    code = models.CharField(_("agency code"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("document agency")
        verbose_name_plural = _("document agencies")

    def __str__(self) -> str:
        return f"{self.code} {self.mark}"


class DocumentSequence(models.Model):
    """The last sequence number of an agency code's documents in a year (穗市监〔2026〕12号)."""

    code = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="office_sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.last}"


class OutgoingDocument(models.Model):
    """A 公文 the department sends (发文), from its first draft to its sending."""

    department = models.ForeignKey(
        Department, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    main_recipients = models.CharField(_("main recipients (主送机关)"), max_length=500)
    body = models.TextField(_("text (正文)"))
    attachments_note = models.TextField(_("attachments (附件说明)"), blank=True)
    copy_to = models.CharField(_("copy to (抄送机关)"), max_length=500, blank=True)
    note = models.CharField(_("note (附注)"), max_length=200, blank=True)
    classification = models.CharField(
        _("classification"),
        max_length=16,
        choices=Classification.choices,
        default=Classification.PUBLIC,
    )
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL, blank=True
    )
    # the departments asked to countersign (会签), each once, in parallel
    countersigners = models.ManyToManyField(
        Department, verbose_name=_("countersigning departments"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafted_documents"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by (签发人)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_documents",
    )
    signed_on = models.DateField(_("signed off on"), null=True, blank=True)  # 成文日期
    # 文号: agency code + 〔year〕 + sequence, given when the clerk issues it
    number = models.CharField(_("document number"), max_length=40, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    seal_key_id = models.CharField(max_length=64, blank=True)
    digest = models.CharField(_("SM3 digest"), max_length=64, blank=True)  # of the issued PDF
    signature = models.TextField(_("SM2 signature"), blank=True)
    pdf = models.FileField(upload_to="office/documents/", blank=True)
    ofd = models.FileField(upload_to="office/documents/", blank=True)
    workflow_state = models.TextField(blank=True)  # the SpiffWorkflow state (JSON)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="office_number_once"
            )
        ]
        indexes = [models.Index(fields=["department", "status"], name="office_out_status")]

    def __str__(self) -> str:
        return self.number or self.title

    @property
    def is_upward(self) -> bool:
        return self.kind in UPWARD_KINDS


class DocumentVersion(models.Model):
    """One saved state of a document's text: every edit is kept, with who made it and why."""

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    content = models.JSONField()  # title, main_recipients, body, attachments_note, copy_to, note
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=16)  # the step it was saved in (draft, review …)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="office_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class Opinion(models.Model):
    """A step's word on the document: the review (核稿), a countersignature (会签) or the
    sign-off (签发): agreed, or returned with comments."""

    class Step(models.TextChoices):
        REVIEW = "review", _("Review (核稿)")
        COUNTERSIGN = "countersign", _("Countersignature (会签)")
        SIGN_OFF = "sign_off", _("Sign-off (签发)")

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="opinions"
    )
    step = models.CharField(max_length=16, choices=Step.choices)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    agreed = models.BooleanField()
    comment = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.step} {self.agreed}"


class Dispatch(models.Model):
    """The document sent to one agency, and that agency's clerk signing for it (签收)."""

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="dispatches"
    )
    recipient = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    signed_for_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_for_at = models.DateTimeField(null=True, blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    chases = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["document", "recipient__code"]
        constraints = [
            models.UniqueConstraint(fields=["document", "recipient"], name="office_dispatch_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.recipient_id}"


from onewindow.office.incoming_models import *  # noqa: E402, F403
from onewindow.office.meeting_models import *  # noqa: E402, F403
