"""A request to reset an official's password or replace their TOTP device (two-person rule).

One security administrator asks, a second one approves; only then is the change applied
(GB/T 22239-2019 8.1.4.2 and 8.1.10.2: the security administrator's work is checked).
The rules are in ``accounts/admin_changes.py``; this module holds only the record.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class CredentialChangeRequest(models.Model):
    class Kind(models.TextChoices):
        PASSWORD_RESET = "password_reset", _("Password reset")
        DEVICE_CHANGE = "device_change", _("Authenticator device change")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a second security administrator")
        APPROVED = "approved", _("Approved and applied")
        REJECTED = "rejected", _("Rejected")

    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="credential_change_requests",
    )
    kind = models.CharField(_("change"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=200)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or rejected by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("credential change request")
        verbose_name_plural = _("credential change requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "kind"],
                condition=Q(state="pending"),
                name="accounts_one_pending_credential_change",
            ),
            models.CheckConstraint(
                condition=~Q(requested_by=F("target")),
                name="accounts_credential_change_not_for_oneself",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("target"))),
                name="accounts_credential_change_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.target} · {self.get_state_display()}"
