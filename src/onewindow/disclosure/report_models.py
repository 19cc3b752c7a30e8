"""The annual report (年度报告, 政府信息公开条例 Art. 49–50) and the reviews and lawsuits about
disclosure (table 4) it counts.

A draft's tables are computed live from the platform's records (``annual_report``); at
publication they are frozen into ``tables`` so that the published report never changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.disclosure.vocab import RemedyKind, RemedyResult


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# The text sections of the national template, in its order (一 … 六 around the tables).
SECTIONS = ("overview", "proactive", "requests", "management", "problems", "other")


class AnnualReport(models.Model):
    """An agency's annual report on last year's disclosure work; one per agency and year.

    A report of a people's government (Department.Kind.GOVERNMENT) is the city-level report:
    its tables sum those of the agencies of its division.
    """

    agency = models.ForeignKey(
        Department, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year reported on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    overview = models.TextField(_("overview"), blank=True)
    overview_en = models.TextField(_("overview (English)"), blank=True)
    proactive = models.TextField(_("proactive disclosure"), blank=True)
    proactive_en = models.TextField(_("proactive disclosure (English)"), blank=True)
    requests = models.TextField(_("requests on application"), blank=True)
    requests_en = models.TextField(_("requests on application (English)"), blank=True)
    management = models.TextField(_("information management"), blank=True)
    management_en = models.TextField(_("information management (English)"), blank=True)
    problems = models.TextField(_("problems and plans"), blank=True)
    problems_en = models.TextField(_("problems and plans (English)"), blank=True)
    other = models.TextField(_("other matters"), blank=True)
    other_en = models.TextField(_("other matters (English)"), blank=True)
    tables = models.JSONField(_("tables frozen at publication"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("annual disclosure report")
        verbose_name_plural = _("annual disclosure reports")
        ordering = ["-year", "agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="disclosure_report_once"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(tables__isnull=False, published_at__isnull=False),
                name="disclosure_report_published_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def title(self) -> str:
        return localized(self.agency, "name")

    @property
    def overview_text(self) -> str:
        return localized(self, "overview")

    @property
    def proactive_text(self) -> str:
        return localized(self, "proactive")

    @property
    def requests_text(self) -> str:
        return localized(self, "requests")

    @property
    def management_text(self) -> str:
        return localized(self, "management")

    @property
    def problems_text(self) -> str:
        return localized(self, "problems")

    @property
    def other_text(self) -> str:
        return localized(self, "other")


class Remedy(models.Model):
    """An administrative review or a lawsuit about a disclosure decision (table 4)."""

    agency = models.ForeignKey(
        Department, verbose_name=_("respondent agency"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=RemedyKind.choices)
    reference = models.CharField(_("case reference"), max_length=64)  # 复议/诉讼案号
    request = models.ForeignKey(
        "disclosure.Request",
        verbose_name=_("disclosure request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remedies",
    )
    filed_on = models.DateField(_("filed on"))
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=16, choices=RemedyResult.choices, default=RemedyResult.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review or lawsuit")
        verbose_name_plural = _("reviews and lawsuits")
        ordering = ["-filed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "reference"], name="disclosure_remedy_once"
            ),
            # a concluded remedy has a result, a pending one none (table 4's columns)
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True, result="pending")
                | (Q(concluded_on__isnull=False) & ~Q(result="pending")),
                name="disclosure_remedy_result_when_concluded",
            ),
        ]
        indexes = [models.Index(fields=["agency", "filed_on"], name="disclosure_remedy_agency")]

    def __str__(self) -> str:
        return self.reference
