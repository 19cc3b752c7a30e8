"""Incoming 公文 (收文) and the leaders' instructions tracked to their end (督办).

A document comes in from another agency on the platform (a ``Dispatch`` its clerk signed for) or
from outside, registered by hand with its PDF. The receiving department's clerk registers it
with a 收文号 (agency code + 〔year〕 + 收 + sequence, from a locked counter) and checks it
(初审: within the agency's remit and in due form, or returned to the sender with the reason);
a head or authorised signer assigns it to the department that handles it (承办) with an
instruction (批示), and may pass it round to be read (传阅); the handling department answers
it with an outgoing document (答复, e.g. a 批复 to a 请示) or files it (办结)
(党政机关公文处理工作条例 Art. 24). The instruction is a clocked matter of the
e-supervision ledger (``office.instructions_ledger``), with progress reports until it is done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.office.models import Dispatch, DocumentKind, OutgoingDocument

__all__ = [
    "IncomingDocument",
    "IncomingSequence",
    "IncomingStatus",
    "Instruction",
    "InstructionReport",
    "Reading",
]

# 条例 Art. 24 (六) asks that the handling department be chased to finish on time (催办) but
# fixes no period: the platform's default is 10 working days, settable per instruction.
DEFAULT_INSTRUCTION_DAYS = 10


class IncomingStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered (登记)")
    CHECKED = "checked", _("Checked (初审)")
    RETURNED = "returned", _("Returned to the sender")
    ASSIGNED = "assigned", _("Assigned (承办)")
    READING = "reading", _("Being read (传阅)")
    ANSWERED = "answered", _("Answered (答复)")
    FILED = "filed", _("Done and filed (办结)")


class IncomingSequence(models.Model):
    """The last 收文 sequence number of an agency code in a year (穗市监〔2027〕收12)."""

    code = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="office_in_sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕收{self.last}"


class IncomingDocument(models.Model):
    """A document received by a department (收文), from registration to answer or filing."""

    department = models.ForeignKey(
        Department, verbose_name=_("receiving agency"), on_delete=models.PROTECT, related_name="+"
    )
    # from the platform: the sending the clerk signed for; from outside: null
    dispatch = models.OneToOneField(
        Dispatch, on_delete=models.PROTECT, null=True, blank=True, related_name="incoming"
    )
    sender = models.CharField(_("sender"), max_length=200)
    sender_number = models.CharField(_("sender's number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    received_on = models.DateField(_("received on"))
    pdf = models.FileField(upload_to="office/incoming/", blank=True)
    # 收文号: agency code + 〔year〕 + 收 + sequence
    number = models.CharField(_("registration number"), max_length=40, unique=True)
    sequence = models.PositiveIntegerField()
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=IncomingStatus.choices,
        default=IncomingStatus.REGISTERED,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    handling_department = models.ForeignKey(
        Department,
        verbose_name=_("handling department (承办)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    leader_instruction = models.TextField(_("leader's instruction (批示)"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # the answer (答复): ``reply.reply_to`` is this document
    reply = models.OneToOneField(
        OutgoingDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reply_to",
    )
    filing_note = models.TextField(_("filing note"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["department", "status"], name="office_in_status")]

    def __str__(self) -> str:
        return self.number


class Reading(models.Model):
    """One reader of the round (传阅) and when they marked it read."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="readings"
    )
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "reader"], name="office_reading_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.reader_id}"


class Instruction(models.Model):
    """督办: what a leader instructed a department to do, by a due date in working days."""

    document = models.ForeignKey(
        IncomingDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions",
    )
    text = models.TextField(_("instruction"))
    department = models.ForeignKey(
        Department, verbose_name=_("acting department"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    limit = models.PositiveIntegerField(_("working days"), default=DEFAULT_INSTRUCTION_DAYS)
    started_at = models.DateTimeField()
    due_on = models.DateField(_("due date"), null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(completed_at=None),
                name="office_one_open_instruction",
            )
        ]

    def __str__(self) -> str:
        return f"督办 {self.pk}"


class InstructionReport(models.Model):
    """A progress report on an instruction, with an optional file."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("progress"))
    file = models.FileField(upload_to="office/instructions/", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["instruction", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.instruction_id} {self.created_at:%Y-%m-%d}"
