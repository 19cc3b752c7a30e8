"""Fee notices (缴款通知书) and the payments that settle them.

A lower layer than ``cases``: a notice names its case by number (as e-certificates do) and
carries the departments that may take the money, so that payments decides who may record a
receipt without asking the case engine. Only ``payments.services`` writes these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department


class FeeStatus(models.TextChoices):
    DUE = "due", _("Unpaid")
    PAID = "paid", _("Paid")


class FeeNotice(models.Model):
    """缴款通知书: what the applicant owes for a case, on what legal basis, to whom, by when."""

    reference = models.CharField(_("payment reference"), max_length=20)
    case_number = models.CharField(_("case number"), max_length=32, db_index=True)
    division_code = models.CharField(_("division code"), max_length=6)
    item_code = models.CharField(_("service code"), max_length=64)
    item_name = models.CharField(_("service"), max_length=128)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payer"),
        on_delete=models.PROTECT,
        related_name="fee_notices",
    )
    # The department that charges the fee (the case's lead department) and the service
    # centre whose counter takes it (统一出件 window); either one's window clerk records it.
    department = models.ForeignKey(
        Department,
        verbose_name=_("charging department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_centre = models.ForeignKey(
        Department,
        verbose_name=_("service centre"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    payee = models.CharField(_("payee"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    basis = models.CharField(_("legal basis of the fee"), max_length=300)
    document_number = models.CharField(_("notice number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("pay by"))
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=FeeStatus.choices, default=FeeStatus.DUE
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="payments_notice_reference"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_notice_amount"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_paid(self) -> bool:
        return self.status == FeeStatus.PAID


class Payment(models.Model):
    """The receipt that settled a notice, as the provider that took the money recorded it."""

    notice = models.OneToOneField(FeeNotice, on_delete=models.PROTECT, related_name="payment")
    division_code = models.CharField(max_length=6)
    provider = models.CharField(_("payment provider"), max_length=32)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("received at"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    paid_at = models.DateTimeField(_("paid at"))

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "receipt_number"], name="payments_receipt_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.receipt_number}"


class ReferenceSequence(models.Model):
    """The last payment reference sequence handed out per division and year."""

    division_code = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["division_code", "year"], name="payments_sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.division_code} {self.year}: {self.last}"
