"""Records of identity assurance: verifications, agent authorizations, reclaims, rate counters.

Imported by ``accounts.models`` so that they belong to the accounts app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RealNameVerification(models.Model):
    """How and when an account's identity was checked against a provider (实名认证)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="real_name_verification",
    )
    provider = models.CharField(_("provider"), max_length=32)
    verified_at = models.DateTimeField(_("verified at"))
    # For an enterprise account: the blind index of the legal representative who registered it.
    representative_index = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("real-name verification")
        verbose_name_plural = _("real-name verifications")

    def __str__(self) -> str:
        return f"{self.user} · {self.provider}"


class AgentAuthorization(models.Model):
    """A person's request to act for an enterprise (经办人), with the enterprise's answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the enterprise")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="agent_authorizations",
    )
    enterprise = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="agents",
    )
    letter = models.FileField(_("authorization letter"), upload_to="authorizations/%Y/%m/")
    letter_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("agent authorization")
        verbose_name_plural = _("agent authorizations")
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "enterprise"],
                condition=~models.Q(status="rejected"),
                name="accounts_one_open_agent_authorization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} → {self.enterprise} ({self.status})"


class IdentityReclaim(models.Model):
    """A person took back an identity another account had registered: that account is frozen."""

    identity_index = models.CharField(max_length=64, editable=False)
    frozen_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen account"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("new account"),
        on_delete=models.PROTECT,
        related_name="identity_reclaims",
    )
    provider = models.CharField(_("provider"), max_length=32)
    # The window clerk who checked the original ID card in person; empty for an online reclaim
    # with a provider of national assurance.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified in person by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reclaimed_at = models.DateTimeField(_("reclaimed at"))
    # The frozen account's audit trail when it was frozen: everything it did, for the person
    # and for officials to follow up (cases, certificates, sign-ins).
    activity = models.JSONField(_("activity of the frozen account"), default=list)

    class Meta:
        ordering = ["-reclaimed_at"]
        verbose_name = _("identity reclaim")
        verbose_name_plural = _("identity reclaims")

    def __str__(self) -> str:
        return f"{self.frozen_user} → {self.new_user}"


class RateCounter(models.Model):
    """Hits of one rate-limit key in one fixed window; shared by every worker through the DB."""

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="accounts_unique_rate_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} {self.hits}"
