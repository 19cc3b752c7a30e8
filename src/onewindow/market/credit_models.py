"""Enterprise annual reports (年报) and the credit lists (经营异常名录, 严重违法失信名单).

企业信息公示暂行条例 (2014, rev. 2024) Art. 8: every enterprise files last year's report between
1 January and 30 June; Art. 9 lists what it holds, the assets part public only if the enterprise
chooses; Art. 17: one that does not file is put on the abnormal-operation list. 市场监督管理
严重违法失信名单管理办法 (2021) governs the serious-dishonesty list; 市场监督管理信用修复管理办法
(2021) the credit repair (信用修复) that takes a party off a list, or a penalty off the public
record, before its time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.market.models import Inspection
from onewindow.market.penalty_models import PenaltyCase, Publication
from onewindow.registry.models import LegalEntity


class OperatingStatus(models.TextChoices):
    OPERATING = "operating", _("In business")  # 开业
    SUSPENDED = "suspended", _("Suspended")  # 歇业
    LIQUIDATING = "liquidating", _("In liquidation")  # 清算


class AnnualReport(models.Model):
    """An enterprise's report on one year (Art. 9), filed in the hall and correctable until
    30 June; the amounts are in 10,000 yuan (万元), as the national template asks."""

    entity = models.ForeignKey(
        LegalEntity, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year reported on"))
    address = models.CharField(_("address for correspondence"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6)
    phone = models.CharField(_("phone"), max_length=32)
    email = models.EmailField(_("e-mail"), blank=True)
    operating_status = models.CharField(
        _("operating status"), max_length=16, choices=OperatingStatus.choices
    )
    employees = models.PositiveIntegerField(_("employees"))
    employees_public = models.BooleanField(_("make the number of employees public"), default=False)
    total_assets = models.DecimalField(_("total assets"), max_digits=14, decimal_places=2)
    total_liabilities = models.DecimalField(_("total liabilities"), max_digits=14, decimal_places=2)
    revenue = models.DecimalField(_("revenue"), max_digits=14, decimal_places=2)
    net_profit = models.DecimalField(_("net profit"), max_digits=14, decimal_places=2)
    tax_paid = models.DecimalField(_("taxes paid"), max_digits=14, decimal_places=2)
    assets_public = models.BooleanField(_("make the assets public"), default=False)
    websites = models.JSONField(_("websites and online shops"), default=list, blank=True)
    shareholders = models.JSONField(_("shareholders and contributions"), default=list, blank=True)
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("last corrected at"), null=True, blank=True)
    corrections = models.PositiveSmallIntegerField(_("corrections"), default=0)
    late = models.BooleanField(_("filed after 30 June"), default=False)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "entity_id"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="market_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.year}"


class ListKind(models.TextChoices):
    ABNORMAL = "abnormal", _("Abnormal-operation list")  # 经营异常名录
    SERIOUS = "serious", _("Serious-dishonesty list")  # 严重违法失信名单


class ListReason(models.TextChoices):
    # 企业经营异常名录管理暂行办法 (2014) Art. 4 (一) and (四)
    NO_REPORT = "no_report", _("Did not file its annual report in time")
    UNREACHABLE = "unreachable", _("Cannot be reached at its registered address")
    # 市场监督管理严重违法失信名单管理办法 (2021) Art. 2
    HEAVIER_PENALTY = "heavier_penalty", _("Serious violation given a heavier penalty")


class Removal(models.TextChoices):
    FILED = "filed", pgettext_lazy("taken off the list", "Filed its annual report")
    REACHED = "reached", pgettext_lazy("taken off the list", "Reached at its registered address")
    REPAIRED = "repaired", pgettext_lazy("taken off the list", "Credit repaired")  # 信用修复
    EXPIRED = "expired", pgettext_lazy("taken off the list", "Its three years ended")


SERIOUS_MEASURES = "《市场监督管理严重违法失信名单管理办法》"
SERIOUS_MEASURES_EN = "Measures on the Serious Violations and Dishonesty List (SAMR Order 44)"
BASIS = {
    ListReason.NO_REPORT: "《企业信息公示暂行条例》第八条、第十七条",
    ListReason.UNREACHABLE: (
        "《企业信息公示暂行条例》第十七条；《企业经营异常名录管理暂行办法》第四条、第九条"
    ),
    ListReason.HEAVIER_PENALTY: f"{SERIOUS_MEASURES}第二条",
}
BASIS_EN = {
    ListReason.NO_REPORT: "Interim Regulations on Enterprise Information Disclosure, Art. 8, 17",
    ListReason.UNREACHABLE: (
        "Interim Regulations on Enterprise Information Disclosure, Art. 17; Measures on the "
        "Abnormal-Operation List (interim), Art. 4, 9"
    ),
    ListReason.HEAVIER_PENALTY: f"{SERIOUS_MEASURES_EN}, Art. 2",
}


class ListEntry(models.Model):
    """An enterprise's entry on a credit list, with its reason and legal basis, until it is
    taken off; at most one open entry per enterprise, list and reason."""

    entity = models.ForeignKey(
        LegalEntity, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("list"), max_length=16, choices=ListKind.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=ListReason.choices)
    year = models.PositiveSmallIntegerField(_("annual report of"), null=True, blank=True)
    basis = models.CharField(_("legal basis"), max_length=200)
    basis_en = models.CharField(_("legal basis (English)"), max_length=300, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("listed by"), on_delete=models.PROTECT, related_name="+"
    )
    listed_on = models.DateField(_("listed on"), db_index=True)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    penalty = models.ForeignKey(
        PenaltyCase,
        verbose_name=_("penalty decision"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    grounds = models.TextField(_("why the violation is serious"), blank=True)
    ends_on = models.DateField(_("listed until"), null=True, blank=True)
    removed_on = models.DateField(_("taken off on"), null=True, blank=True)
    removal = models.CharField(
        _("taken off because"), max_length=16, choices=Removal.choices, blank=True
    )
    removal_note = models.CharField(_("how it was put right"), max_length=300, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken off by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["-listed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "reason"],
                condition=Q(removed_on__isnull=True),
                name="market_list_open_once",
            )
        ]
        indexes = [models.Index(fields=["kind", "removed_on"], name="market_list_open")]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.kind} {self.reason}"


class Consent(models.TextChoices):
    PENDING = "pending", pgettext_lazy("listing consent", "Awaiting consent")
    AGREED = "agreed", pgettext_lazy("listing consent", "Agreed")
    REFUSED = "refused", pgettext_lazy("listing consent", "Refused")


class ListingProposal(models.Model):
    """A county- or city-level department's decision to put a party on the serious-dishonesty
    list, which takes effect only with the consent of the market-supervision department one
    level up (市场监督管理严重违法失信名单管理办法, 2021); agreed, it becomes the ListEntry."""

    penalty = models.ForeignKey(
        PenaltyCase, verbose_name=_("penalty decision"), on_delete=models.PROTECT, related_name="+"
    )
    entity = models.ForeignKey(
        LegalEntity, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    consenting = models.ForeignKey(
        Department, verbose_name=_("consent of"), on_delete=models.PROTECT, related_name="+"
    )
    grounds = models.TextField(_("why the violation is serious"))
    proposed_at = models.DateTimeField(_("proposed at"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("consent"), max_length=8, choices=Consent.choices, default=Consent.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reasons for refusing"), blank=True)
    entry = models.OneToOneField(
        ListEntry,
        verbose_name=_("list entry"),
        on_delete=models.PROTECT,
        related_name="consent",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("listing proposal")
        verbose_name_plural = _("listing proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["penalty"],
                condition=Q(status="pending"),
                name="market_listing_proposed_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.penalty_id} {self.status}"


class RepairTarget(models.TextChoices):
    PUBLICATION = "publication", _("Stop publishing a penalty early")  # 提前停止公示
    SERIOUS = "serious", _("Leave the serious-dishonesty list early")  # 提前移出
    ABNORMAL = "abnormal", _("Leave the abnormal-operation list")  # 移出经营异常名录
    # 告知承诺 (国办发〔2020〕42号): a commitment found untrue bars the path until repaired.
    COMMITMENT = "commitment", _("End the record of a false commitment")


class RepairStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("credit repair", "Being decided")
    GRANTED = "granted", pgettext_lazy("credit repair", "Granted")
    REFUSED = "refused", pgettext_lazy("credit repair", "Refused")


REPAIRED_RECORDS = ("publication", "entry", "false_commitment")


def _only(record: str) -> Q:
    """The application names ``record`` and no other."""
    return Q(**{f"{name}__isnull": name != record for name in REPAIRED_RECORDS})


class RepairApplication(models.Model):
    """An enterprise's application for credit repair (信用修复申请) of one record: a published
    penalty, a list entry or a commitment found untrue, with its credit commitment (守信承诺书),
    what it did to put things right and the evidence; decided by the department that made the
    record."""

    entity = models.ForeignKey(
        LegalEntity, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField(_("what to repair"), max_length=16, choices=RepairTarget.choices)
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("published penalty"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    entry = models.ForeignKey(
        ListEntry,
        verbose_name=_("list entry"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    false_commitment = models.ForeignKey(
        "cases.CommittedMaterial",
        verbose_name=_("commitment found untrue"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        Department, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.TextField(_("credit commitment"))
    correction = models.TextField(_("what was done to put it right"))
    evidence = models.FileField(_("evidence"), upload_to="market/repairs/", blank=True)
    evidence_name = models.CharField(_("evidence file"), max_length=200, blank=True)
    evidence_digest = models.CharField(_("SM3 digest"), max_length=64, blank=True)
    applied_at = models.DateTimeField(_("applied at"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("to be decided by"))
    status = models.CharField(
        _("status"), max_length=16, choices=RepairStatus.choices, default=RepairStatus.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reasons for the decision"), blank=True)

    class Meta:
        verbose_name = _("credit repair application")
        verbose_name_plural = _("credit repair applications")
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=Q(status="pending"),
                name="market_repair_publication_once",
            ),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="pending"), name="market_repair_entry_once"
            ),
            models.UniqueConstraint(
                fields=["false_commitment"],
                condition=Q(status="pending"),
                name="market_repair_commitment_once",
            ),
            models.CheckConstraint(
                condition=_only("publication") | _only("entry") | _only("false_commitment"),
                name="market_repair_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.target} {self.status}"

    @property
    def reference(self) -> str:
        return f"XF{self.applied_at:%Y}-{self.pk:05d}"
