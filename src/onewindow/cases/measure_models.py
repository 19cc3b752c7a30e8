"""Joint punishment and incentive measures (联合奖惩措施) as data, and what they left on a case.

A measure says what a credit flag of the applicant (read through the signed exchange at
submission) means for a kind of service item, with its legal basis: refuse the application
until credit is repaired, accept it now and take a non-essential material later (容缺受理), or
take the applicant's written commitment in place of a certification (告知承诺). Loaded from
``cases/data/joint_measures.yaml`` (``onewindow load-joint-measures``), editable in the admin.
Only ``cases.services`` writes a case's rows.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.core.localized import localized


class Effect(models.TextChoices):
    BLOCK = "block", _("Refuse the application")
    TOLERATE = "tolerate", _("Accept now, a non-essential material later (容缺受理)")
    COMMIT = "commit", _("A written commitment in place of a certification (告知承诺)")


class JointMeasure(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    flag = models.CharField(_("credit flag"), max_length=32, db_index=True)
    effect = models.CharField(_("effect"), max_length=16, choices=Effect.choices)
    # Which items: every item of these types (catalog ItemType), plus these item codes.
    item_types = models.JSONField(_("item types"), default=list, blank=True)
    item_codes = models.JSONField(_("item codes"), default=list, blank=True)
    basis = models.TextField(_("legal basis"))
    basis_en = models.TextField(_("English legal basis"), blank=True)
    repair = models.TextField(_("how to repair credit"), blank=True)
    repair_en = models.TextField(_("English: how to repair credit"), blank=True)
    # For 容缺受理: working days the applicant has to supply what was deferred.
    supply_within = models.PositiveSmallIntegerField(
        _("supply within (working days)"), null=True, blank=True
    )
    # For 告知承诺: working days the department has to verify the commitment after acceptance.
    verify_within = models.PositiveSmallIntegerField(
        _("verify within (working days)"), null=True, blank=True
    )
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("joint measure")
        verbose_name_plural = _("joint measures")
        ordering = ["effect", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.effect == Effect.TOLERATE and not self.supply_within:
            raise ValidationError(
                {"supply_within": _("Say within how many working days the material follows.")}
            )
        if self.effect == Effect.COMMIT and not self.verify_within:
            raise ValidationError(
                {"verify_within": _("Say within how many working days the commitment is verified.")}
            )

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_basis(self) -> str:
        return localized(self, "basis")

    @property
    def display_repair(self) -> str:
        return localized(self, "repair")

    def applies_to(self, item) -> bool:
        return item.code in (self.item_codes or []) or item.item_type in (self.item_types or [])


class MaterialMeasure(models.Model):
    """What a joint measure left on a case for one catalogue material: the material as the
    catalogue named it when the case was submitted, and the measure that allowed it."""

    division_code = models.CharField(max_length=6)
    key = models.CharField(_("material"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    measure = models.CharField(_("joint measure"), max_length=64)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.case_id}/{self.key}"

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @classmethod
    def of_material(cls, case, material, measure, **fields):
        return cls.objects.create(
            case=case,
            division_code=case.division_code,
            key=material.key,
            name=material.name,
            name_en=material.name_en,
            measure=measure.code,
            **fields,
        )


class DeferredMaterial(MaterialMeasure):
    """A material a case was accepted without (容缺受理), owed by ``due_on``."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="deferred_materials"
    )
    due_on = models.DateField(_("to be supplied by"))
    due_provisional = models.BooleanField(default=False)
    supplied_at = models.DateTimeField(_("supplied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deferred material")
        verbose_name_plural = _("deferred materials")
        ordering = ["case", "key"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="cases_deferred_material_once")
        ]


class Verification(models.TextChoices):
    PENDING = "pending", _("To be verified")
    TRUE = "true", _("Verified as true")
    UNTRUE = "untrue", _("Found untrue")
    ENDED = "ended", _("Not verified: the case ended first")


class CommittedMaterial(MaterialMeasure):
    """A certification the applicant replaced with a written commitment (告知承诺), to be
    verified by the lead department by ``verify_by`` (国办发〔2020〕42号)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="committed_materials"
    )
    # The commitment as the applicant made it (the Chinese text binds; the English reads it).
    text = models.TextField(_("commitment"))
    text_en = models.TextField(_("English commitment"), blank=True)
    committed_at = models.DateTimeField(_("committed at"))
    verify_by = models.DateField(_("to be verified by"))
    verify_provisional = models.BooleanField(default=False)
    outcome = models.CharField(
        _("verification"), max_length=8, choices=Verification.choices, default=Verification.PENDING
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finding = models.TextField(_("finding"), blank=True)
    # An untrue commitment stays on the credit record until its credit repair is granted
    # (42号 二(二)); market.credit_repair writes this.
    repaired_on = models.DateField(_("credit repaired on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committed material")
        verbose_name_plural = _("committed materials")
        ordering = ["case", "key"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="cases_committed_material_once")
        ]
        indexes = [models.Index(fields=["outcome", "verify_by"], name="cases_commitment_due")]

    @property
    def display_text(self) -> str:
        return localized(self, "text")

    @property
    def overdue(self) -> bool:
        return self.outcome == Verification.PENDING and self.verify_by < timezone.localdate()
