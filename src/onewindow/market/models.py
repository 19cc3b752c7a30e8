"""Random inspections (双随机一公开, 国办发〔2015〕58号): each department's list of what may be
inspected, the two lists drawn from (inspection targets and inspectors), the plans, the draw,
and the one shared record of each visit with every department's findings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.core.fields import EncryptedCharField
from onewindow.core.localized import localized
from onewindow.core.models import Division
from onewindow.registry.models import LegalEntity

PUBLISH_WITHIN = 20  # 国办发〔2015〕58号: results public within 20 working days by default


class Method(models.TextChoices):
    ON_SITE = "on_site", _("On-site inspection")  # 现场检查
    DOCUMENTS = "documents", _("Document review")  # 书面检查
    ONLINE = "online", _("Online monitoring")  # 网络监测
    SAMPLING = "sampling", _("Sampling and testing")  # 抽样检测


class InspectionItem(models.Model):
    """One line of a department's inspection-item list (抽查事项清单): what may be inspected,
    on which legal basis, by which method."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    scope = models.TextField(_("what is inspected"))
    scope_en = models.TextField(_("what is inspected (English)"), blank=True)
    legal_basis = models.TextField(_("legal basis"))
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ["department_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["department", "code"], name="market_item_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_scope(self) -> str:
        return localized(self, "scope")

    @property
    def display_legal_basis(self) -> str:
        return localized(self, "legal_basis")


class RiskGrade(models.TextChoices):
    """企业信用风险分类 (市场监管总局, 2022): A low … D high."""

    A = "A", _("A – low credit risk")
    B = "B", _("B – ordinary credit risk")
    C = "C", _("C – higher credit risk")
    D = "D", _("D – high credit risk")


# An enterprise of higher credit risk is drawn with a higher probability (市场监管总局 关于推进
# 企业信用风险分类管理进一步提升监管效能的意见, 2022: ratio and frequency rise with the risk).
RISK_WEIGHTS = {RiskGrade.A: 1, RiskGrade.B: 2, RiskGrade.C: 3, RiskGrade.D: 4}


class Target(models.Model):
    """An entry of the inspection-target list (检查对象名录库), kept from the legal entity
    registry (``market.targets.sync``)."""

    entity = models.OneToOneField(
        LegalEntity, verbose_name=_("legal entity"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.CharField(_("industry (GB/T 4754)"), max_length=4, db_index=True)
    district = models.ForeignKey(
        Division, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        Division,
        verbose_name=_("street"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    risk_grade = models.CharField(
        _("credit risk grade"), max_length=1, choices=RiskGrade.choices, default=RiskGrade.B
    )
    active = models.BooleanField(_("operating"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("inspection target")
        verbose_name_plural = _("inspection targets")
        indexes = [
            models.Index(fields=["district", "industry", "active"], name="market_target_scope")
        ]

    def __str__(self) -> str:
        return self.entity.name


class Inspector(models.Model):
    """An entry of the inspector list (执法检查人员名录库): an official holding an enforcement
    certificate (行政执法证), posted to a district; ``street`` is where they live, which
    excludes them from drawing a target there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    certificate_number = models.CharField(
        _("enforcement certificate number"), max_length=32, unique=True
    )
    certificate_valid_until = models.DateField(_("certificate valid until"))
    district = models.ForeignKey(
        Division,
        verbose_name=_("district posted to"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    street = models.ForeignKey(
        Division,
        verbose_name=_("street of residence"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    active = models.BooleanField(_("on duty"), default=True)

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["department_id", "certificate_number"]
        constraints = [
            models.UniqueConstraint(fields=["user", "department"], name="market_inspector_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.certificate_number})"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("inspection plan", "Draft")
    COMMITTED = "committed", pgettext_lazy("inspection plan", "Seed committed")
    DRAWN = "drawn", pgettext_lazy("inspection plan", "Drawn")
    CLOSED = "closed", pgettext_lazy("inspection plan", "Closed")


class Plan(models.Model):
    """A random-inspection plan (抽查计划): the item each department inspects, the scope of
    targets, the sample ratio and the period; joint (跨部门联合抽查) when several departments
    take part. The seed is committed (its SM3 digest published with the frozen lists) before
    the draw and published after it, so anyone can re-run the draw."""

    number = models.CharField(_("plan number"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        Division, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    industries = models.JSONField(_("industries (GB/T 4754)"), default=list, blank=True)
    licence_type = models.CharField(_("holding a licence of type"), max_length=64, blank=True)
    risk_grades = models.JSONField(_("credit risk grades"), default=list, blank=True)
    weighted = models.BooleanField(_("weighted by credit risk"), default=True)
    ratio = models.DecimalField(
        _("sample ratio (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )
    starts_on = models.DateField(_("inspections from"))
    ends_on = models.DateField(_("inspections until"))
    publish_within = models.PositiveSmallIntegerField(
        _("results public within (working days)"), default=PUBLISH_WITHIN
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    # the commitment: SM3 of the seed, published with the lists' digest before the draw
    seed = EncryptedCharField(_("seed"), blank=True)
    commitment = models.CharField(_("seed commitment (SM3)"), max_length=64, blank=True)
    lists = models.FileField(_("frozen lists"), upload_to="market/draws/", blank=True)
    lists_digest = models.CharField(_("lists digest (SM3)"), max_length=64, blank=True)
    target_count = models.PositiveIntegerField(_("targets in scope"), default=0)
    committed_at = models.DateTimeField(_("seed committed at"), null=True, blank=True)
    revealed_seed = models.CharField(_("published seed"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def joint(self) -> bool:
        return len(self.parts.all()) > 1


class PlanPart(models.Model):
    """A department's part in a plan: the item it inspects and how many of its inspectors go
    on each visit (at least two: 行政处罚法 Art. 42, 行政检查 by two officers)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parts")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        InspectionItem,
        verbose_name=_("inspection item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspectors = models.PositiveSmallIntegerField(
        _("inspectors per visit"), default=2, validators=[MinValueValidator(2)]
    )

    class Meta:
        verbose_name = _("department in a plan")
        verbose_name_plural = _("departments in a plan")
        ordering = ["plan_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "department"], name="market_part_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.item}"


class InspectionStatus(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("inspection", "To visit")
    RECORDED = "recorded", pgettext_lazy("inspection", "Recorded")
    PUBLISHED = "published", pgettext_lazy("inspection", "Published")


class Inspection(models.Model):
    """One visit to a drawn target: the team from every department of the plan and one shared
    record where each department enters its own findings."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inspections")
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="inspections"
    )
    rank = models.PositiveIntegerField(_("drawn as"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.ASSIGNED,
    )
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    party_signed_by = models.CharField(_("signed by (the party)"), max_length=64, blank=True)
    party_signature = models.FileField(
        _("the party's signature"), upload_to="market/signatures/", blank=True
    )
    party_refused = models.BooleanField(_("the party refused to sign"), default=False)
    refusal_note = models.CharField(_("refusal witnessed"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("record closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["plan_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "target"], name="market_inspection_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan.number}-{self.rank}"

    @property
    def reference(self) -> str:
        return f"{self.plan.number}-{self.rank:03d}"


class TeamMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    inspector = models.ForeignKey(
        Inspector, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["inspection_id", "department_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="market_team_once")
        ]

    def __str__(self) -> str:
        return str(self.inspector)


class Result(models.TextChoices):
    """The result categories public on 国家企业信用信息公示系统's random-inspection results."""

    COMPLIANT = "compliant", _("No problem found")  # 未发现问题
    CORRECTED = "corrected", _("Problem found, corrected on the spot")  # 发现问题已责令改正
    FOLLOW_UP = "follow_up", _("Problem found, to be dealt with")  # 发现问题待后续处理
    NOT_OPERATING = "not_operating", _("Not engaged in the activity inspected")
    UNREACHABLE = "unreachable", _("Cannot be reached at the registered address")


PROBLEMS = (Result.CORRECTED, Result.FOLLOW_UP, Result.UNREACHABLE)


class Finding(models.Model):
    """A department's finding on its item, on the shared record of one visit."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        InspectionItem,
        verbose_name=_("inspection item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    description = models.TextField(_("what was found"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    # 责令限期整改: a problem to be dealt with may be ordered rectified by a date; the ledger
    # counts to it (market.rectification) until a review visit (复查) confirms it.
    rectify_by = models.DateField(_("to be rectified by"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("rectification confirmed at"), null=True, blank=True)
    rectification_note = models.TextField(_("review of the rectification"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection_id", "department_id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "department"], name="market_finding_once")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.get_result_display()}"

    @property
    def problem(self) -> bool:
        return self.result in PROBLEMS


class Photo(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="market/photos/")
    digest = models.CharField(_("SM3 digest"), max_length=64)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["finding_id", "pk"]

    def __str__(self) -> str:
        return self.digest[:16]


from onewindow.market.credit_models import *  # noqa: E402, F403
from onewindow.market.penalty_models import *  # noqa: E402, F403
