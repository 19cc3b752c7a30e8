"""E-seals (电子印章) and the e-certificates (电子证照) they sign."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.catalog.models import CertificateType, Holder
from onewindow.core.fields import EncryptedCharField
from onewindow.core.identifiers import mask_id_number


class Seal(models.Model):
    """A department's e-seal: an SM2 key pair with a validity period.

    The private key is stored SM4-GCM encrypted under a key derived from the master key and
    bound to the key id. A rotated-out seal is retired, never deleted: what it signed while it
    was valid still verifies.
    """

    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="seals"
    )
    # The text drawn on the seal: the department's name when the seal was made.
    name = models.CharField(_("seal text"), max_length=128)
    public_key = models.CharField(_("public key"), max_length=128)
    private_key = models.TextField(_("private key (encrypted)"), editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["department__code", "-created_at"]
        verbose_name = _("e-seal")
        verbose_name_plural = _("e-seals")
        constraints = [
            models.UniqueConstraint(
                fields=["department"],
                condition=Q(retired_at__isnull=True),
                name="certificates_one_active_seal",
            )
        ]

    def __str__(self) -> str:
        return self.key_id


class CertificateSequence(models.Model):
    """The last certificate number an issuer gave out in a year."""

    issuer = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="certificates_one_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last}"


class Certificate(models.Model):
    """An issued e-certificate. Everything a holder or verifier relies on is signed:
    see ``certificates.signing.document``."""

    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    # Printed next to the number and carried in the QR code (certificates.codes): verifying by
    # number needs it too, so the sequential numbers cannot be walked.
    verification_code = models.CharField(_("verification code"), max_length=16, editable=False)
    certificate_type = models.ForeignKey(
        CertificateType,
        verbose_name=_("certificate type"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # The type's and the issuer's names as signed; later renames do not change a certificate.
    type_name = models.CharField(_("certificate name"), max_length=128)
    issuer = models.ForeignKey(
        Department, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    issuer_name = models.CharField(_("issuer name"), max_length=128)
    seal = models.ForeignKey(
        Seal, verbose_name=_("e-seal"), on_delete=models.PROTECT, related_name="certificates"
    )
    holder_kind = models.CharField(_("holder kind"), max_length=8, choices=Holder.choices)
    holder_name = models.CharField(_("holder"), max_length=128)
    holder_id_number = EncryptedCharField(_("holder's ID number"), blank=True)
    # blind_index("id_number", …), the same index accounts.User keeps: a citizen's wallet.
    holder_index = models.CharField(max_length=64, blank=True, editable=False)
    holder_uscc = models.CharField(_("holder's USCC"), max_length=18, blank=True)
    fields = models.JSONField(_("fields"), default=list)  # [{"key", "title", "value"}]
    issued_at = models.DateTimeField(_("issued at"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    case_number = models.CharField(_("case"), max_length=32, blank=True)
    digest = models.CharField(_("SM3 digest"), max_length=64)
    signature = models.CharField(_("signature"), max_length=128)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    expired_at = models.DateTimeField(_("expiry recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("e-certificate")
        verbose_name_plural = _("e-certificates")
        indexes = [
            models.Index(fields=["holder_index", "certificate_type"], name="certificates_person"),
            models.Index(fields=["holder_uscc", "certificate_type"], name="certificates_entity"),
            models.Index(fields=["issuer", "-issued_at"], name="certificates_issuer"),
            models.Index(fields=["case_number"], name="certificates_case"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_type.name} {self.number}"

    @property
    def holder_id(self) -> str:
        """The holder's identifier as signed: ID number or USCC."""
        return self.holder_id_number if self.holder_kind == Holder.PERSON else self.holder_uscc

    @property
    def holder_id_masked(self) -> str:
        if self.holder_kind == Holder.PERSON:
            return mask_id_number(self.holder_id_number)
        return self.holder_uscc
