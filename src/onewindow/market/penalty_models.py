"""Administrative penalty cases (行政处罚) under the 行政处罚法 (2021), with the published
discretion benchmarks (裁量基准) a penalty is chosen within.

A case runs ``market/data/penalty.bpmn``: lead (线索), filing with approval (立案), investigation,
the prior notice (告知, Art. 44–45), the party's statement and defence or a hearing (Art. 63–64),
legal review for major cases (法制审核, Art. 58), the decision by the head or their collective
discussion (Art. 57), delivery (Art. 61), payment (Art. 67, 72), publication and closing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.market.models import Finding
from onewindow.registry.models import LegalEntity


class Measure(models.TextChoices):
    """The kinds of penalty of Art. 9 a benchmark band may add to or use instead of a fine."""

    WARNING = "warning", _("Warning")  # 警告
    CONFISCATION = "confiscation", _("Confiscation of illegal gains")  # 没收违法所得
    SUSPENSION = "suspension", _("Suspension of production or business")  # 责令停产停业
    REVOCATION = "revocation", _("Revocation of the licence")  # 吊销许可证件


# 行政处罚法 Art. 63 para. 1: these penalties allow a hearing whatever the fine
HEARING_MEASURES = (Measure.SUSPENSION, Measure.REVOCATION)


class Sector(models.TextChoices):
    """The fields whose published penalties wait a year, not six months, before credit repair
    (市场监督管理信用修复管理办法, 2021)."""

    FOOD = "food", _("Food")
    DRUGS = "drugs", _("Drugs")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment")


class Violation(models.Model):
    """A violation on a department's published discretion benchmark (裁量基准, 行政处罚法
    Art. 34): the provision broken, the provision that punishes it, and its bands."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("violation"), max_length=200)
    name_en = models.CharField(_("violation (English)"), max_length=300, blank=True)
    provision = models.CharField(_("provision violated"), max_length=200)
    provision_en = models.CharField(_("provision violated (English)"), max_length=300, blank=True)
    penalty_provision = models.CharField(_("penalty provision"), max_length=200)
    penalty_provision_en = models.CharField(
        _("penalty provision (English)"), max_length=300, blank=True
    )
    # 行政处罚法 Art. 36 para. 1: five years instead of two when the violation endangers life,
    # health or financial safety and has harmful consequences
    endangers_safety = models.BooleanField(_("endangers life, health or financial safety"))
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices, blank=True)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("violation (discretion benchmark)")
        verbose_name_plural = _("violations (discretion benchmarks)")
        ordering = ["department_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["department", "code"], name="market_violation_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_provision(self) -> str:
        return localized(self, "provision")

    @property
    def display_penalty_provision(self) -> str:
        return localized(self, "penalty_provision")


class BandLevel(models.TextChoices):
    LIGHTER = "lighter", pgettext_lazy("discretion band", "Lighter")  # 从轻
    ORDINARY = "ordinary", pgettext_lazy("discretion band", "Ordinary")  # 一般
    HEAVIER = "heavier", pgettext_lazy("discretion band", "Heavier")  # 从重


class Band(models.Model):
    """One band of a benchmark: the circumstances it applies to and the range of the fine."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="bands")
    level = models.CharField(_("band"), max_length=16, choices=BandLevel.choices)
    circumstances = models.CharField(_("circumstances"), max_length=300)
    circumstances_en = models.CharField(_("circumstances (English)"), max_length=400, blank=True)
    fine_min = models.DecimalField(_("lowest fine (yuan)"), max_digits=12, decimal_places=2)
    fine_max = models.DecimalField(_("highest fine (yuan)"), max_digits=12, decimal_places=2)
    measures = models.JSONField(_("other penalties"), default=list, blank=True)

    class Meta:
        verbose_name = _("discretion band")
        verbose_name_plural = _("discretion bands")
        ordering = ["violation_id", "fine_min", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["violation", "level"], name="market_band_level"),
            models.CheckConstraint(
                condition=models.Q(fine_min__gte=0, fine_max__gte=models.F("fine_min")),
                name="market_band_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.violation.code} {self.get_level_display()}"

    @property
    def display_circumstances(self) -> str:
        return localized(self, "circumstances")

    def measure_labels(self) -> list[str]:
        return [str(Measure(m).label) for m in self.measures]


class LeadSource(models.TextChoices):
    INSPECTION = "inspection", _("Random inspection")  # 双随机抽查
    HOTLINE = "hotline", _("12345 report")  # 12345 举报
    REFERRAL = "referral", _("Referral by another authority")  # 移送


class Stage(models.TextChoices):
    LEAD = "lead", pgettext_lazy("penalty case", "Lead")  # 线索
    FILING = "filing", pgettext_lazy("penalty case", "Filing for approval")  # 立案审批
    INVESTIGATING = "investigating", pgettext_lazy("penalty case", "Investigating")  # 调查取证
    NOTIFIED = "notified", pgettext_lazy("penalty case", "Party told, may state")  # 已告知
    HEARING = "hearing", pgettext_lazy("penalty case", "Hearing")  # 听证
    REVIEW = "review", pgettext_lazy("penalty case", "Legal review")  # 法制审核
    DECIDING = "deciding", pgettext_lazy("penalty case", "For decision")  # 待决定
    DELIVERING = "delivering", pgettext_lazy("penalty case", "Decided, to deliver")  # 待送达
    PAYING = "paying", pgettext_lazy("penalty case", "Delivered, fine to pay")  # 待缴款
    CLOSED = "closed", pgettext_lazy("penalty case", "Closed")  # 结案
    DROPPED = "dropped", pgettext_lazy("penalty case", "Not filed")  # 不予立案


OPEN_STAGES = [s for s in Stage.values if s not in (Stage.CLOSED, Stage.DROPPED)]


class PenaltyCase(models.Model):
    """One administrative penalty case of one department against one enterprise."""

    number = models.CharField(_("case number"), max_length=40, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    division_code = models.CharField(_("division"), max_length=12, db_index=True)
    entity = models.ForeignKey(
        LegalEntity, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source of the lead"), max_length=16, choices=LeadSource.choices)
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("inspection finding"),
        on_delete=models.PROTECT,
        related_name="penalty_cases",
        null=True,
        blank=True,
    )
    source_reference = models.CharField(_("ticket or referral number"), max_length=64, blank=True)
    facts = models.TextField(_("facts"))
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.LEAD, db_index=True
    )
    workflow_state = models.TextField(blank=True)  # the SpiffWorkflow state (JSON)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    # filing (立案): what was violated, when, and who approved
    violation = models.ForeignKey(
        Violation,
        verbose_name=_("violation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    occurred_on = models.DateField(_("violation began on"), null=True, blank=True)
    ended_on = models.DateField(_("violation ended on"), null=True, blank=True)
    discovered_on = models.DateField(_("discovered on"), null=True, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enforcement officers"),
        related_name="+",
        blank=True,
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filing_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # the prior notice (告知, Art. 44–45)
    band = models.ForeignKey(
        Band,
        verbose_name=_("discretion band"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    proposed_fine = models.DecimalField(
        _("proposed fine (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    proposed_measures = models.JSONField(_("other proposed penalties"), default=list, blank=True)
    grounds = models.TextField(_("grounds for the band"), blank=True)
    notified_on = models.DateField(_("prior notice delivered on"), null=True, blank=True)
    statement_due = models.DateField(_("statement or hearing request by"), null=True, blank=True)
    statement = models.TextField(_("statement and defence"), blank=True)
    stated_on = models.DateField(_("stated on"), null=True, blank=True)
    # the hearing (听证, Art. 63–64)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    hearing_notified_on = models.DateField(_("hearing notified on"), null=True, blank=True)
    hearing_on = models.DateField(_("hearing on"), null=True, blank=True)
    hearing_place = models.CharField(_("hearing place"), max_length=200, blank=True)
    hearing_host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hearing officer"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    hearing_record = models.TextField(_("hearing record"), blank=True)
    # legal review (法制审核, Art. 58) and the collective discussion (集体讨论, Art. 57)
    major = models.BooleanField(_("major case"), default=False)
    legal_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    legal_opinion = models.TextField(_("legal review opinion"), blank=True)
    legal_reviewed_on = models.DateField(_("legally reviewed on"), null=True, blank=True)
    collective_minutes = models.TextField(_("minutes of the collective discussion"), blank=True)
    # the decision (Art. 59), its delivery (Art. 61) and payment (Art. 67, 72)
    fine = models.DecimalField(
        _("fine (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    measures = models.JSONField(_("other penalties"), default=list, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    delivered_on = models.DateField(_("decision delivered on"), null=True, blank=True)
    payment_due = models.DateField(_("fine due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    late_charge = models.DecimalField(
        _("late charge (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    paid_amount = models.DecimalField(
        _("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("penalty case")
        verbose_name_plural = _("penalty cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["department", "stage"], name="market_penalty_desk")]

    def __str__(self) -> str:
        return self.number

    @property
    def proposed_measure_labels(self) -> list[str]:
        return [str(Measure(m).label) for m in self.proposed_measures]

    @property
    def measure_labels(self) -> list[str]:
        return [str(Measure(m).label) for m in self.measures]


class PenaltyDocumentKind(models.TextChoices):
    NOTICE = "notice", _("Prior notice of administrative penalty")  # 行政处罚告知书
    HEARING = "hearing", _("Hearing notice")  # 行政处罚听证通知书
    DECISION = "decision", _("Administrative penalty decision")  # 行政处罚决定书


class PenaltyDocument(models.Model):
    """A document of the case: what it says frozen in ``content``, its PDF, and the department
    seal's SM2 signature over the PDF's SM3 digest."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=PenaltyDocumentKind.choices)
    number = models.CharField(_("document number"), max_length=60, unique=True)
    issued_on = models.DateField(_("issued on"))
    content = models.JSONField()
    pdf = models.FileField(upload_to="market/penalties/")
    digest = models.CharField(_("SM3 digest of the PDF"), max_length=64)
    signature = models.TextField(_("SM2 signature"))
    seal_key_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("penalty document")
        verbose_name_plural = _("penalty documents")
        ordering = ["case_id", "issued_on", "pk"]

    def __str__(self) -> str:
        return self.number


class Evidence(models.Model):
    """A piece of evidence (证据) collected in the investigation, kept with its SM3 digest."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("evidence"), max_length=200)
    file = models.FileField(_("file"), upload_to="market/evidence/", blank=True)
    digest = models.CharField(_("SM3 digest"), max_length=64, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    collected_at = models.DateTimeField(_("collected at"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["case_id", "pk"]

    def __str__(self) -> str:
        return self.title


class Publication(models.Model):
    """The public notice of a decision (行政处罚信息公示), personal data masked, until its
    period ends or the decision is revoked."""

    case = models.OneToOneField(PenaltyCase, on_delete=models.CASCADE, related_name="publication")
    text = models.JSONField()  # the masked fields as shown to the public
    published_on = models.DateField(_("published on"), db_index=True)
    ends_on = models.DateField(_("published until"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("why withdrawn"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("published penalty")
        verbose_name_plural = _("published penalties")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return str(self.case)


class PenaltySequence(models.Model):
    """The last number a department gave its penalty cases in a year (no gap, no duplicate)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="market_penalty_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year}: {self.last}"
