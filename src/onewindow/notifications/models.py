"""The in-app inbox (one Notification per recipient) and its outbox of external deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.notifications import messages


class Notification(models.Model):
    """A message to one user; its texts are rendered from ``kind`` in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # covered by the inbox indexes, which lead with the recipient
    )
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    case_number = models.CharField(_("case number"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notifications_inbox_idx"),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notifications_unread_idx",
            ),
            # Not db_index=True: on PostgreSQL that adds a pattern-matching copy no query uses.
            models.Index(fields=["case_number"], name="notifications_by_case"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self._rendered()[0]

    @property
    def body(self) -> str:
        return self._rendered()[1]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def _rendered(self) -> tuple[str, str]:
        try:
            return messages.render(self.kind, self.params)
        except LookupError:
            return self.kind, ""  # a kind since withdrawn must not break the inbox page


class OutboxMessage(models.Model):
    """One delivery of a notification through one external channel, sent after commit."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="outbox",
    )
    channel = models.CharField(_("channel"), max_length=32)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notifications_outbox_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="notifications_one_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.get_status_display()}"


class PhoneCode(models.Model):
    """The latest one-time code sent to a mobile number for one purpose.

    One row per number and purpose, locked while a code is issued or checked. The number is
    kept only as its blind index and the code only as a keyed hash.
    """

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Registration")
        SIGN_IN = "sign_in", _("Sign-in")
        HOTLINE = "hotline", _("12345 hotline report")

    phone_index = models.CharField(_("phone (blind index)"), max_length=64, editable=False)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    wrong_tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone verification code")
        verbose_name_plural = _("phone verification codes")
        constraints = [
            models.UniqueConstraint(
                fields=["phone_index", "purpose"], name="notifications_one_code_per_phone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.sent_at:%Y-%m-%d %H:%M}"
